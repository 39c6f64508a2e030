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

/** 201: a new organisation and its private link (also e-mailed). 202: already known, the link went to its address. */
export type JoinResult = { kind: 'created'; token: string; url: string } | { kind: 'link_sent' }

/** `GET /api/w/{slug}`: the wave behind an open link (404 WAVE_NOT_FOUND when it does not take registrations). */
export async function fetchOpenWave(slug: string): Promise<OpenWave> {
  const body = await requestJson<{ wave: OpenWave }>('GET', `/api/w/${encodeURIComponent(slug)}`)
  return body.wave
}

/**
 * `POST /api/w/{slug}/join`, with the consent the form required (recorded in the audit log). The
 * same e-mail or SIREN again never creates a second organisation and never shows its link here:
 * the server sends it to the organisation's own address (202).
 */
export async function joinWave(slug: string, organisation: JoinRequest): Promise<JoinResult> {
  const body = await requestJson<{ token?: string; url?: string; status?: string }>(
    'POST',
    `/api/w/${encodeURIComponent(slug)}/join`,
    { body: { organisation, consent: true }, timeoutMs: 30_000 },
  )
  if (typeof body.url === 'string' && typeof body.token === 'string') return { kind: 'created', token: body.token, url: body.url }
  return { kind: 'link_sent' }
}
