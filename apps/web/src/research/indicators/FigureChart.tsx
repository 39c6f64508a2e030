import type { IndicatorMeta } from '@sonde/contracts'
import { useId, type ReactNode } from 'react'
import { getLang, t } from '../../i18n'
import { formatCount } from '../../i18n/format'
import { formatIndicatorValue, unitLabel } from '../../format/indicator-value'
import { CellContent, cellState, hasHidden, SecretNote, type DisclosureRules } from './CellContent'
import type { ChartRow } from './IndicatorChart'

interface FigureChartProps {
  meta: IndicatorMeta
  rows: ChartRow[]
  /** The disclosure rules of the results: staff read why a cell is hidden in their words. */
  rules: DisclosureRules
  /** What the rows are (« par famille », « pour Insertion… »), after the indicator's name. */
  subtitle: string
  /** The heading level of the indicator's name in the page. */
  level: 3 | 4 | 5
  /** Something after the figures (a link to the family page…). */
  footer?: ReactNode
  /** Smaller, for the overview's key figures. */
  compact?: boolean
  /** The article's id, for a link to this indicator (`#indicateur-<id>`). */
  anchor?: string
}

const label = (item: { labelFr: string; labelEn: string }) => (getLang() === 'en' ? item.labelEn : item.labelFr)

/** The end of the value axis: 100 % for shares, else the largest published figure (value, interval, quartile). */
function axisEnd(meta: IndicatorMeta, rows: readonly ChartRow[]): number {
  if (meta.unit === 'proportion') return 1
  let end = 0
  for (const row of rows) {
    const cell = row.cell
    if (!cell || cellState(cell) !== 'published') continue
    for (const figure of [cell.value, cell.ciHigh, cell.q3]) if (figure !== null && figure > end) end = figure
  }
  return end
}

const percent = (value: number, end: number) => `${Math.max(0, Math.min(100, (value / end) * 100)).toFixed(2)}%`

/**
 * One indicator as a light chart: a line per row (a family, a category), the value drawn as a bar
 * from 0 — one row alone too —, its 95 % interval as a line over it, and written beside it with
 * the interval and n, in the interface's number format. A hidden cell shows the one mark, never a
 * bar of 0. The figures are a table, so a screen reader reads them as the text of the chart;
 * the bars themselves are decoration.
 */
export function FigureChart({ meta, rows, rules, subtitle, level, footer, compact = false, anchor }: FigureChartProps) {
  const titleId = useId()
  const noteId = useId()
  const end = axisEnd(meta, rows)
  const withNote = hasHidden(rows.map((row) => row.cell))
  const Heading = level === 3 ? 'h3' : level === 4 ? 'h4' : 'h5'
  return (
    <article
      id={anchor}
      className={compact ? 'figure-chart figure-chart--compact' : 'figure-chart'}
      aria-labelledby={titleId}
      tabIndex={anchor ? -1 : undefined}
    >
      <Heading id={titleId} className="figure-chart__title">
        {label(meta)}
      </Heading>
      <table className="figure-chart__table" aria-describedby={withNote ? noteId : undefined}>
        <caption>
          {subtitle} · {t('research.table.unit', { unit: unitLabel(meta.unit) })} · {t(`research.aggregation.${meta.aggregation}`)}
          {meta.factorSource ? ` · ${t('research.table.source', { source: meta.factorSource })}` : ''}
        </caption>
        <tbody>
          {rows.map((row) => {
            const cell = row.cell
            const state = cellState(cell)
            const published = state === 'published' && cell && cell.value !== null ? cell : null
            return (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td className="figure-chart__track" aria-hidden="true">
                  {published && end > 0 ? (
                    <>
                      <span className="figure-chart__bar" style={{ width: percent(published.value!, end) }} />
                      {published.ciLow !== null && published.ciHigh !== null ? (
                        <span
                          className="figure-chart__interval"
                          style={{ left: percent(published.ciLow, end), width: percent(published.ciHigh - published.ciLow, end) }}
                        />
                      ) : null}
                    </>
                  ) : null}
                </td>
                <td className="figure-chart__figures">
                  {published ? (
                    <>
                      <strong className="figure-chart__value">{formatIndicatorValue(published.value, meta)}</strong>{' '}
                      <span className="figure-chart__detail">
                        {published.ciLow !== null && published.ciHigh !== null
                          ? `${t('research.cell.interval', { low: formatIndicatorValue(published.ciLow, meta), high: formatIndicatorValue(published.ciHigh, meta) })} · `
                          : ''}
                        {published.q1 !== null && published.q3 !== null
                          ? `${t('research.cell.quartiles', { q1: formatIndicatorValue(published.q1, meta), q3: formatIndicatorValue(published.q3, meta) })} · `
                          : ''}
                        {t('research.cell.n', { n: formatCount(published.n) })}
                      </span>
                    </>
                  ) : state === 'hidden' ? (
                    <CellContent cell={cell} meta={meta} rules={rules} />
                  ) : (
                    <span className="muted">{t('research.cell.empty')}</span>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {withNote ? <SecretNote id={noteId} /> : null}
      {footer}
    </article>
  )
}
