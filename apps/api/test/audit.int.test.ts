import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let adminCookie: string
let waveId: string
let organisationId: string

const asAdmin = (method: 'GET' | 'POST', url: string) => ctx.app.inject({ method, url, headers: { cookie: adminCookie } })

beforeAll(async () => {
  ctx = await startTestApp()
  adminCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'admin'))
  const wave = await waveFactory(ctx.database)
  waveId = wave.id
  const invited = await inviteFactory(ctx.database, wave.id, { name: 'Atelier Lumière' })
  organisationId = invited.organisationId
  // The organisation submits (a respondent event), then staff revoke its link (an event about it).
  const saved = await ctx.app.inject({ method: 'PATCH', url: `/api/r/${invited.token}/answers`, payload: { baseRevision: 0, answers: completeAnswers() } })
  const submitted = await ctx.app.inject({
    method: 'POST',
    url: `/api/r/${invited.token}/submit`,
    payload: { revision: saved.json().revision },
    headers: { 'idempotency-key': 'audit-submit' },
  })
  expect(submitted.statusCode).toBe(200)
  expect((await asAdmin('POST', `/api/waves/${wave.id}/organisations/${organisationId}/invitation/revoke`)).statusCode).toBe(200)
})
afterAll(() => ctx.close())

describe('GET /api/audit', () => {
  it('names the organisation an event is about, whether it acted or staff acted on it', async () => {
    const { events } = (await asAdmin('GET', `/api/audit?waveId=${waveId}`)).json()
    expect(events.map((e: { action: string; organisationName: string | null }) => [e.action, e.organisationName])).toEqual([
      ['invitation.revoke', 'Atelier Lumière'],
      ['response.submitted', 'Atelier Lumière'],
    ])
    const { events: accounts } = (await asAdmin('GET', '/api/audit?action=user.')).json()
    expect(accounts.every((e: { organisationName: string | null }) => e.organisationName === null)).toBe(true)
  })

  it('filters by kind of event', async () => {
    const responses = (await asAdmin('GET', `/api/audit?waveId=${waveId}&kind=responses`)).json().events
    expect(responses.map((e: { action: string }) => e.action)).toEqual(['response.submitted'])
    const members = (await asAdmin('GET', `/api/audit?waveId=${waveId}&kind=members`)).json().events
    expect(members.map((e: { action: string }) => e.action)).toEqual(['invitation.revoke'])
    expect((await asAdmin('GET', '/api/audit?kind=everything')).statusCode).toBe(400)
  })
})
