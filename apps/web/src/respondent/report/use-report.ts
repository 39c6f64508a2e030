import type { MemberReport } from '@sonde/contracts'
import { useApi, type Loaded } from '../../api/use-api'

/** The organisation's own report (`GET /api/r/{token}/report`). */
export function useReport(token: string): Loaded<MemberReport> {
  return useApi<MemberReport>(`/api/r/${encodeURIComponent(token)}/report`)
}
