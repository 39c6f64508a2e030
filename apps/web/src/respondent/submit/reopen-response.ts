import type { ReopenResult } from '@sonde/contracts'
import { requestJson } from '../../api/http'

/**
 * `POST /api/r/{token}/reopen`: the submitted answers become editable again (the wave allows it and
 * is open); the server keeps the earlier submission in its history, and the organisation must
 * submit again for the changes to count.
 */
export function reopenResponse(token: string): Promise<ReopenResult> {
  return requestJson<ReopenResult>('POST', `/api/r/${encodeURIComponent(token)}/reopen`, { timeoutMs: 30_000 })
}
