import type { JoinAccepted, JoinBody, OpenLinkWave } from '@sonde/contracts'
import { requestJson } from '../api/http'

export type OpenWave = OpenLinkWave['wave']

/** `GET /api/w/{slug}`: the wave behind an open link (404 WAVE_NOT_FOUND when it does not take registrations). */
export async function fetchOpenWave(slug: string): Promise<OpenWave> {
  const body = await requestJson<OpenLinkWave>('GET', `/api/w/${encodeURIComponent(slug)}`)
  return body.wave
}

/**
 * `POST /api/w/{slug}/join`, with the consent the form required (recorded in the audit log). The
 * answer is the same 202 whatever the server knew: the link goes by e-mail only, to this address
 * when it is new or already the organisation's, never to the page; a SIREN already held under
 * another address waits for staff.
 */
export async function joinWave(slug: string, organisation: JoinBody['organisation']): Promise<void> {
  const body: JoinBody = { organisation, consent: true }
  await requestJson<JoinAccepted>('POST', `/api/w/${encodeURIComponent(slug)}/join`, {
    body,
    timeoutMs: 30_000,
  })
}
