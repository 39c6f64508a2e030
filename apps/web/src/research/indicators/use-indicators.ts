import type { IndicatorResults } from '@sonde/contracts'
import { useApi, type Loaded } from '../../api/use-api'

/** Indicators of a wave per family, crossed with a dimension when one is chosen (`GET /api/waves/{id}/indicators`). */
export function useIndicators(waveId: string | null, dimension: string | null = null): Loaded<IndicatorResults> {
  const query = dimension ? `?by=family&dimension=${encodeURIComponent(dimension)}` : '?by=family'
  return useApi<IndicatorResults>(waveId ? `/api/waves/${encodeURIComponent(waveId)}/indicators${query}` : null)
}
