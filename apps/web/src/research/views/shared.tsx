import {
  THEME_KEYS,
  THEME_OTHER,
  type Family,
  type IndicatorCell,
  type IndicatorMeta,
  type IndicatorResults,
  type IndicatorThemeFilter,
} from '@sonde/contracts'
import { useEffect, type MouseEvent, type ReactNode } from 'react'
import type { Loaded } from '../../api/use-api'
import { LoadError } from '../../api/LoadError'
import { formatDateTime, formatNumber, getLang, t } from '../../i18n'
import { tCount } from '../../i18n/count'
import { familyLabel } from '../../waves/family-label'
import { cellState } from '../indicators/CellContent'
import { ALL } from '../indicators/IndicatorCard'
import type { ChartRow } from '../indicators/IndicatorChart'

/** The themes in the order pages list them, « Autres » last. */
export const THEME_ORDER: readonly IndicatorThemeFilter[] = [...THEME_KEYS, THEME_OTHER]

export const themeOfMeta = (meta: IndicatorMeta): IndicatorThemeFilter => meta.theme ?? THEME_OTHER

export const themeLabel = (theme: IndicatorThemeFilter): string => t(`research.themeName.${theme}`)

export const metaLabel = (item: { labelFr: string; labelEn: string }): string => (getLang() === 'en' ? item.labelEn : item.labelFr)

/** Indicators grouped by theme, in `THEME_ORDER`, each in the results' order; empty themes left out. */
export function byTheme(indicators: readonly IndicatorMeta[]): { theme: IndicatorThemeFilter; indicators: IndicatorMeta[] }[] {
  return THEME_ORDER.map((theme) => ({ theme, indicators: indicators.filter((meta) => themeOfMeta(meta) === theme) })).filter(
    (group) => group.indicators.length > 0,
  )
}

/** A family's name, or its key when the wave does not know it. */
export function familyName(families: readonly Family[], key: string): string {
  if (key === ALL) return t('research.family.allShort')
  const family = families.find((f) => f.key === key)
  return family ? familyLabel(family) : key
}

/**
 * The lines of an indicator's chart: one per family (`only` null: the wave's families the
 * indicator applies to that have a cell, then « Toutes familles »), or one per category of a
 * distribution for one family (`only`, else the whole, else the first family with cells).
 */
export function chartRowsOf(meta: IndicatorMeta, cells: readonly IndicatorCell[], families: readonly Family[], only: string | null): ChartRow[] {
  const mine = cells.filter((cell) => cell.indicator === meta.id && cell.dimensionValue === null)
  if (meta.aggregation === 'distribution') {
    const reference = only ?? (mine.some((cell) => cell.family === ALL) ? ALL : mine[0]?.family)
    const categories = [...new Set(mine.filter((cell) => cell.family === reference && cell.category !== null).map((cell) => cell.category!))]
    return categories.map((category) => {
      const known = meta.categories?.find((c) => c.key === category)
      return {
        key: category,
        label: known ? metaLabel(known) : category,
        cell: mine.find((cell) => cell.family === reference && cell.category === category),
      }
    })
  }
  const keys = only
    ? [only]
    : [
        ...families.filter((f) => meta.families === null || meta.families.includes(f.key)).map((f) => f.key),
        ...(mine.some((c) => c.family === ALL) ? [ALL] : []),
      ]
  return keys.map((key) => ({ key, label: familyName(families, key), cell: mine.find((cell) => cell.family === key && cell.category === null) }))
}

/** Why a page has no figure to show, or null when it has some. */
function emptyReason(results: IndicatorResults): 'noResponses' | 'allHidden' | null {
  if (results.release && results.release.responses === 0) return 'noResponses'
  const cells = results.cells
  if (cells.length === 0) return null
  if (cells.some((cell) => cellState(cell) === 'published')) return null
  return cells.some((cell) => cell.suppressed) ? 'allHidden' : 'noResponses'
}

/** The release a page reads, or the warning that the figures are provisional; then the page's rule. */
function ReleaseLine({ results }: { results: IndicatorResults }) {
  return (
    <>
      {results.source === 'live' ? (
        <p className="notice notice--warning" role="note">
          {t('research.release.provisional')}
        </p>
      ) : results.release ? (
        <p className="research-release">
          {tCount({ one: 'research.release.reading.one', other: 'research.release.reading' }, results.release.responses, {
            number: formatNumber(results.release.number),
            date: formatDateTime(new Date(results.release.publishedAt)),
            responses: formatNumber(results.release.responses),
          })}
          {results.release.note ? ` — ${results.release.note}` : ''}
        </p>
      ) : null}
    </>
  )
}

interface ResultsGateProps {
  results: Loaded<IndicatorResults>
  staff: boolean
  waveId: string
  onSeeLive(): void
  /** Whether an empty page says why (no responses, everything hidden) instead of its content. */
  checkEmpty?: boolean
  /** Whether to say which release is read (false where the page already says it). */
  withRelease?: boolean
  children(data: IndicatorResults): ReactNode
}

/**
 * What every page of the portal shows before its figures: loading, « Résultats pas encore
 * publiés » (with, for staff, the way to publish and to the live computation), an error, the
 * release read — then one message when there is nothing to read (no response, everything
 * hidden), never a page of empty cards; staff, who read why each cell is hidden, keep the cells
 * under the message.
 */
export function ResultsGate({ results, staff, waveId, onSeeLive, checkEmpty = true, withRelease = true, children }: ResultsGateProps) {
  if (results.kind === 'loading') return <p role="status">{t('common.loading')}</p>
  if (results.kind === 'error' && results.code === 'RESULTS_NOT_RELEASED') {
    return (
      <div className="notice research-empty">
        <p>
          <strong>{t('research.empty.notReleased')}</strong>
        </p>
        <p>{t('research.release.none')}</p>
        {staff ? (
          <p>
            <a href={`/admin/waves/${encodeURIComponent(waveId)}/results`}>{t('research.release.publishHere')}</a>
            {' · '}
            <button type="button" className="button button--link" onClick={onSeeLive}>
              {t('research.release.seeLive')}
            </button>
          </p>
        ) : null}
      </div>
    )
  }
  if (results.kind === 'error') return <LoadError code={results.code} />
  const reason = checkEmpty ? emptyReason(results.data) : null
  const message =
    reason === 'allHidden'
      ? t('research.empty.allHidden')
      : reason === 'noResponses'
        ? t(results.data.source === 'live' ? 'research.empty.noResponsesLive' : 'research.empty.noResponses')
        : null
  return (
    <>
      {withRelease ? <ReleaseLine results={results.data} /> : null}
      {message ? (
        <p className="notice research-empty" role="note">
          {message}
        </p>
      ) : null}
      {/* Nothing to read: the message alone — but staff, who see why each cell is hidden, still get the cells. */}
      {!message || (reason === 'allHidden' && staff) ? children(results.data) : null}
    </>
  )
}

/** A link within the portal: followed without reloading the page, the address and history kept. */
export function PortalLink({
  href,
  navigate,
  children,
  className,
  current,
}: {
  href: string
  navigate(href: string): void
  children: ReactNode
  className?: string
  /** `page` for the link to the page shown. */
  current?: 'page'
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return (
    <a href={href} onClick={onClick} className={className} aria-current={current}>
      {children}
    </a>
  )
}

/** Once a page's figures are on screen, brings the indicator the address names (`#indicateur-…`) into view, focused. */
export function useScrollToHash(ready: boolean): void {
  useEffect(() => {
    if (!ready || !window.location.hash) return
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)))
    if (!target) return
    target.scrollIntoView()
    target.focus({ preventScroll: true })
  }, [ready])
}
