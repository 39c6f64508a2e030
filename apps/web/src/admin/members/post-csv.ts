import type { ErrorBody, ImportResult } from '@sonde/contracts'
import { ApiError, NetworkError } from '../../api/http'

/**
 * Sends a member file as it is (`Content-Type: text/csv`, the raw bytes: the server reads the
 * encoding and the separator itself) to the import, as a preview (`dryRun`) or for real.
 */
export async function postMemberFile(waveId: string, file: ArrayBuffer, dryRun: boolean): Promise<ImportResult> {
  const url = `/api/waves/${encodeURIComponent(waveId)}/organisations/import${dryRun ? '?dryRun=true' : ''}`
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'text/csv' },
      body: file,
      credentials: 'same-origin',
      cache: 'no-store',
    })
  } catch (error) {
    throw new NetworkError(error)
  }
  const text = await response.text().catch(() => '')
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  if (!response.ok) throw new ApiError(response.status, parsed as Partial<ErrorBody> | undefined)
  return parsed as ImportResult
}
