import type { ImportResult } from '@sonde/contracts'
import { requestJson } from '../../api/http'

/**
 * Sends a member file as it is (`Content-Type: text/csv`, the raw bytes: the server reads the
 * encoding and the separator itself) to the import, as a preview (`dryRun`) or for real.
 */
export function postMemberFile(waveId: string, file: ArrayBuffer, dryRun: boolean): Promise<ImportResult> {
  const url = `/api/waves/${encodeURIComponent(waveId)}/organisations/import${dryRun ? '?dryRun=true' : ''}`
  return requestJson<ImportResult>('POST', url, { raw: { contentType: 'text/csv', data: file } })
}
