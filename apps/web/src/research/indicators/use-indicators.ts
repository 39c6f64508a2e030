import type { IndicatorResults } from '@sonde/contracts'
import { useApi, type Loaded } from '../../api/use-api'

/** What a page of the portal asks for: only its families, themes or indicators, or the descriptions alone. */
export interface IndicatorsFilter {
  family?: string | null
  theme?: string | null
  indicators?: readonly string[] | null
  /** The descriptions without any cell (the search, the choice of key figures). */
  withoutCells?: boolean
}

/** The address of `GET /api/waves/{id}/indicators` for a page: null while the wave (or the indicator list) is not known. */
function indicatorsUrl(waveId: string | null, dimension: string | null, release: string | null, filter: IndicatorsFilter = {}): string | null {
  if (!waveId) return null
  if (filter.indicators && filter.indicators.length === 0) return null
  const params = new URLSearchParams({ by: 'family' })
  if (dimension) params.set('dimension', dimension)
  if (release) params.set('release', release)
  if (filter.family) params.set('family', filter.family)
  if (filter.theme) params.set('theme', filter.theme)
  if (filter.indicators) params.set('indicator', filter.indicators.join(','))
  if (filter.withoutCells) params.set('cells', 'none')
  return `/api/waves/${encodeURIComponent(waveId)}/indicators?${params.toString()}`
}

/**
 * Indicators of a wave per family, crossed with a dimension when one is chosen, from a release (the
 * latest when `release` is null; `live` for staff's provisional computation) — `GET /api/waves/{id}/indicators`,
 * filtered server-side so that a page loads only the cells it shows.
 */
export function useIndicators(
  waveId: string | null,
  dimension: string | null = null,
  release: string | null = null,
  filter: IndicatorsFilter = {},
): Loaded<IndicatorResults> {
  return useApi<IndicatorResults>(indicatorsUrl(waveId, dimension, release, filter))
}
