import type { IndicatorResults } from '@sonde/contracts'
import { useApi, type Loaded } from '../../api/use-api'

/** Indicators of a wave per family (`GET /api/waves/{id}/indicators?by=family`). */
export function useIndicators(waveId: string | null): Loaded<IndicatorResults> {
  return useApi<IndicatorResults>(waveId ? `/api/waves/${encodeURIComponent(waveId)}/indicators?by=family` : null)
}
