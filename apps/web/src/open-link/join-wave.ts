import { requestJson } from '../api/http'

export interface OpenWave {
  slug: string
  title: string
  status: 'draft' | 'open' | 'closed' | 'archived'
  families: { key: string; labelFr: string; labelEn: string }[]
}

export interface JoinRequest {
  name: string
  email: string
  familyKeys?: string[]
  siren?: string
}

/** `GET /api/w/{slug}`: the wave behind an open link (404 WAVE_NOT_FOUND when it does not take registrations). */
export async function fetchOpenWave(slug: string): Promise<OpenWave> {
  const body = await requestJson<{ wave: OpenWave }>('GET', `/api/w/${encodeURIComponent(slug)}`)
  return body.wave
}

/**
 * `POST /api/w/{slug}/join`, with the consent the form required (recorded in the audit log). The
 * answer is the same 202 whatever the server knew: the link goes by e-mail only, to this address
 * when it is new or already the organisation's, never to the page; a SIREN already held under
 * another address waits for staff.
 */
export async function joinWave(slug: string, organisation: JoinRequest): Promise<void> {
  await requestJson<{ status: 'accepted' }>('POST', `/api/w/${encodeURIComponent(slug)}/join`, {
    body: { organisation, consent: true },
    timeoutMs: 30_000,
  })
}
