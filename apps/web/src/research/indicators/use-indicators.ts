import type { IndicatorResults } from '@sonde/contracts'
import { useApi, type Loaded } from '../../api/use-api'

/**
 * Indicators of a wave per family, crossed with a dimension when one is chosen, from a release (the
 * latest when `release` is null; `live` for staff's provisional computation) — `GET /api/waves/{id}/indicators`.
 */
export function useIndicators(waveId: string | null, dimension: string | null = null, release: string | null = null): Loaded<IndicatorResults> {
  const params = new URLSearchParams({ by: 'family' })
  if (dimension) params.set('dimension', dimension)
  if (release) params.set('release', release)
  const query = `?${params.toString()}`
  return useApi<IndicatorResults>(waveId ? `/api/waves/${encodeURIComponent(waveId)}/indicators${query}` : null)
}
