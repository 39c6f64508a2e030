import { P_PERCENT_RANGE, type IndicatorCell, type IndicatorMeta, type IndicatorResults, type SuppressionReason } from '@sonde/contracts'
import { t } from '../../i18n'
import { formatCount } from '../../i18n/format'
import { formatIndicatorValue } from '../../format/indicator-value'
import './cells.css'

/** The disclosure rules a table was published under: the words of a reason name them. */
export type DisclosureRules = Pick<IndicatorResults, 'minCellSize' | 'pPercent'>

/** The rules of results that do not say their p (the wave's default). */
export const rulesOf = (minCellSize: number, pPercent: number = P_PERCENT_RANGE.default): DisclosureRules => ({ minCellSize, pPercent })

/** Why a cell is hidden, in words. Only staff get a reason from the API; everyone else sees the mark alone. */
function reasonText(reason: SuppressionReason, rules: DisclosureRules): string {
  return t(`research.reason.${reason}`, { minCellSize: rules.minCellSize, pPercent: rules.pPercent })
}

/** Why some figures of a published cell are withheld (staff only): quartiles and interval, for the p % rule. */
function withheldText(reason: SuppressionReason, rules: DisclosureRules): string {
  if (reason === 'p_percent') return t('research.withheld.p_percent', { pPercent: rules.pPercent })
  return t('research.withheld.other', { reason: reasonText(reason, rules) })
}

/** The one mark of a hidden cell, in the same words on every page and for every reader. */
function SecretMark() {
  return <strong className="secret-mark">{t('research.secret.mark')}</strong>
}

/**
 * The footnote of a table with hidden cells: the mark and what it means, in plain words. The
 * table names it with `aria-describedby`, so that a screen reader says it on entering the table.
 */
export function SecretNote({ id }: { id: string }) {
  return (
    <dl id={id} className="secret-note">
      <dt>
        <SecretMark />
      </dt>
      <dd>{t('research.secret.note')}</dd>
    </dl>
  )
}

/** The figure of a cell alone, or its state in words: what a table cell or a chart line shows first. */
export type CellState = 'missing' | 'hidden' | 'empty' | 'published'

export function cellState(cell: IndicatorCell | undefined): CellState {
  if (!cell) return 'missing'
  // Checked first: a hidden cell's n is null for everyone but staff.
  if (cell.suppressed) return 'hidden'
  if (cell.n === 0 || cell.value === null) return 'empty'
  return 'published'
}

interface CellContentProps {
  cell: IndicatorCell | undefined
  meta: IndicatorMeta
  rules: DisclosureRules
  /** Interval, quartiles and n in the cell; false where the table has a column for each. */
  withDetails?: boolean
}

/**
 * One cell of a results table: a published value with its interval, quartiles (each only when
 * published) and n; a hidden cell as the one mark, never 0 nor "n = null" — and, for staff, the
 * reason in words and its n; a cell nobody answered as "pas de réponse".
 */
export function CellContent({ cell, meta, rules, withDetails = true }: CellContentProps) {
  const state = cellState(cell)
  if (state === 'missing' || !cell) return <span className="muted">{t('research.cell.empty')}</span>
  const n = withDetails && cell.n !== null ? <span className="cell__detail">{t('research.cell.n', { n: formatCount(cell.n) })}</span> : null
  if (state === 'hidden') {
    return (
      <span className="cell cell--suppressed">
        <SecretMark />
        {cell.reason ? <span className="cell__detail">{reasonText(cell.reason, rules)}</span> : null}
        {n}
      </span>
    )
  }
  if (state === 'empty') {
    return (
      <span className="cell">
        <span className="muted">{t('research.cell.empty')}</span>
        {cell.n ? n : null}
      </span>
    )
  }
  return (
    <span className="cell">
      <strong className="cell__value">{formatIndicatorValue(cell.value, meta)}</strong>
      {withDetails && cell.ciLow !== null && cell.ciHigh !== null ? (
        <span className="cell__detail">
          {t('research.cell.interval', { low: formatIndicatorValue(cell.ciLow, meta), high: formatIndicatorValue(cell.ciHigh, meta) })}
        </span>
      ) : null}
      {withDetails && cell.q1 !== null && cell.q3 !== null ? (
        <span className="cell__detail">
          {t('research.cell.quartiles', { q1: formatIndicatorValue(cell.q1, meta), q3: formatIndicatorValue(cell.q3, meta) })}
        </span>
      ) : null}
      {cell.reason ? <span className="cell__detail">{withheldText(cell.reason, rules)}</span> : null}
      {n}
    </span>
  )
}

/** Whether a table shows a hidden cell, and so needs the footnote. */
export const hasHidden = (cells: readonly (IndicatorCell | undefined)[]): boolean => cells.some((cell) => cell?.suppressed === true)
