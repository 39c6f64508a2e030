import type { IndicatorComparison } from '@sonde/contracts'
import { useApi, type Loaded } from '../../api/use-api'

/** The indicators two waves share, with each wave's cells (`GET /api/indicators/comparison`). */
export function useComparison(waveIds: string[] | null): Loaded<IndicatorComparison> {
  const url = waveIds && waveIds.length >= 2 ? `/api/indicators/comparison?waves=${waveIds.map(encodeURIComponent).join(',')}` : null
  return useApi<IndicatorComparison>(url)
}
