import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

let ctx: TestContext

beforeAll(async () => {
  ctx = await startTestApp()
})
afterAll(async () => ctx?.close())

const presence = (token: string, payload: object) => ctx.app.inject({ method: 'POST', url: `/api/r/${token}/presence`, payload })

/** What `navigator.sendBeacon` sends for a JSON Blob: a POST with the Blob's media type and no other header. */
const leave = (token: string, clientId: string) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/r/${token}/presence/leave`,
    headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
    payload: JSON.stringify({ clientId }),
  })

describe('who else has the questionnaire open, browser by browser', () => {
  it('does not count the tabs of the same browser, nor a tab of it closed and opened again', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)

    expect((await presence(token, { clientId: 'tab-alice-1', browserId: 'browser-alice', page: 'identite' })).json()).toEqual({ others: [] })
    // The same person opens the link again in another tab, before the first one is forgotten.
    const reopened = await presence(token, { clientId: 'tab-alice-2', browserId: 'browser-alice', page: 'identite' })
    expect(reopened.statusCode).toBe(200)
    expect(reopened.json()).toEqual({ others: [] })

    // A colleague in another browser sees one person, however many tabs that person has open.
    const colleague = await presence(token, { clientId: 'tab-bruno-1', browserId: 'browser-bruno', page: 'gouvernance' })
    expect(colleague.json().others).toEqual([{ page: 'identite', seenAt: expect.any(String) }])
    // …and Alice sees the colleague, once.
    expect((await presence(token, { clientId: 'tab-alice-2', browserId: 'browser-alice', page: 'activite' })).json().others).toEqual([
      { page: 'gouvernance', seenAt: expect.any(String) },
    ])
    // The page shown for a person is the one of their latest tab.
    expect((await presence(token, { clientId: 'tab-bruno-1', browserId: 'browser-bruno', page: 'gouvernance' })).json().others).toEqual([
      { page: 'activite', seenAt: expect.any(String) },
    ])
  })

  it('forgets a tab that says it goes, at once, and only that tab', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    await presence(token, { clientId: 'tab-alice-1', browserId: 'browser-alice', page: 'identite' })
    await presence(token, { clientId: 'tab-chloe-1', browserId: 'browser-chloe', page: 'budget' })
    expect((await presence(token, { clientId: 'tab-bruno-1', browserId: 'browser-bruno', page: null })).json().others).toHaveLength(2)

    const gone = await leave(token, 'tab-alice-1')
    expect(gone.statusCode).toBe(204)
    expect(gone.body).toBe('')
    expect((await presence(token, { clientId: 'tab-bruno-1', browserId: 'browser-bruno', page: null })).json().others).toEqual([
      { page: 'budget', seenAt: expect.any(String) },
    ])
    // Saying it twice, or for a tab never seen, is harmless.
    expect((await leave(token, 'tab-alice-1')).statusCode).toBe(204)
  })

  it('counts a tab of an older page (no browser id) as a browser of its own', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    await presence(token, { clientId: 'tab-old-page', page: 'identite' })
    expect((await presence(token, { clientId: 'tab-alice-1', browserId: 'browser-alice', page: null })).json().others).toEqual([
      { page: 'identite', seenAt: expect.any(String) },
    ])
    expect((await presence(token, { clientId: 'tab-old-page', page: 'identite' })).json().others).toEqual([{ page: null, seenAt: expect.any(String) }])
  })

  it.each<[string, object, string]>([
    ['a short browser id', { clientId: 'tab-alice-1', browserId: 'x', page: null }, 'browserId'],
    ['an extra field on leaving', { clientId: 'tab-alice-1', page: null }, 'page'],
  ])('answers 400 naming the field for %s', async (label, payload, field) => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    const url = label.includes('leaving') ? `/api/r/${token}/presence/leave` : `/api/r/${token}/presence`
    const res = await ctx.app.inject({ method: 'POST', url, payload })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain(field)
  })

  it('answers 404 to a leaving tab of an unknown link', async () => {
    expect((await leave('x'.repeat(43), 'tab-alice-1')).statusCode).toBe(404)
  })
})
