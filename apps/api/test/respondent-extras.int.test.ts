import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateWave } from '@sonde/db'
import { completeAnswers, inviteFactory, startTestApp, waveFactory, type TestContext } from './support'
import { startSmtpServer } from './smtp'

let ctx: TestContext
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

beforeAll(async () => {
  smtp = await startSmtpServer()
  ctx = await startTestApp({ smtp: { url: smtp.url, from: 'Sonde <enquete@example.org>' }, rateLimits: { joinsPerAddress: 5 } })
})
afterAll(async () => {
  await ctx?.close()
  await smtp?.close()
})

async function submitComplete(token: string, key: string) {
  const view = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
  const saved = await ctx.app.inject({
    method: 'PATCH',
    url: `/api/r/${token}/answers`,
    payload: { baseRevision: view.json().response.revision, answers: completeAnswers() },
  })
  return ctx.app.inject({
    method: 'POST',
    url: `/api/r/${token}/submit`,
    headers: { 'idempotency-key': key },
    payload: { revision: saved.json().revision },
  })
}

describe('an organisation’s own answers', () => {
  it('downloads them as JSON and CSV, with readable answers and formulas neutralised', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/r/${token}/answers`,
      payload: { baseRevision: 0, answers: { nom_organisation: '=Atelier', forme_juridique: 'scop', gouvernance_democratique: true } },
    })
    const json = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/answers.json` })
    expect(json.statusCode).toBe(200)
    expect(json.headers['content-disposition']).toMatch(/attachment; filename="sonde-[a-z0-9-]+-mes-reponses\.json"/)
    const forme = json.json().answers.find((a: { name: string }) => a.name === 'forme_juridique')
    expect(forme).toMatchObject({ value: 'scop', text: expect.stringMatching(/SCOP/i) })
    const csv = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/answers.csv` })
    expect(csv.body.startsWith('\uFEFFpage;question;intitule;reponse')).toBe(true)
    expect(csv.body).toContain(";'=Atelier")
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${'x'.repeat(43)}/answers.csv` })).statusCode).toBe(404)
  })
})

describe('changing answers after submitting', () => {
  it('is refused unless the wave allows it; then the response reopens and is submitted again', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    expect((await submitComplete(token, 'first')).statusCode).toBe(200)
    const refused = await ctx.app.inject({ method: 'POST', url: `/api/r/${token}/reopen` })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('EDIT_AFTER_SUBMIT_DISABLED')

    await updateWave(ctx.database.db, wave.id, { settings: { editAfterSubmit: true } })
    const reopened = await ctx.app.inject({ method: 'POST', url: `/api/r/${token}/reopen` })
    expect(reopened.json()).toMatchObject({ status: 'in_progress' })
    const view = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(view.json().response.answers.nom_organisation).toBe('Atelier Test')
    const changed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/r/${token}/answers`,
      payload: { baseRevision: view.json().response.revision, answers: { budget_annuel: 99 } },
    })
    expect(changed.statusCode).toBe(200)
    const second = await ctx.app.inject({
      method: 'POST',
      url: `/api/r/${token}/submit`,
      headers: { 'idempotency-key': 'second' },
      payload: { revision: changed.json().revision },
    })
    expect(second.statusCode).toBe(200)
    const history = await ctx.database.db
      .selectFrom('submissions')
      .innerJoin('responses', 'responses.id', 'submissions.response_id')
      .select(['submissions.idempotency_key', 'submissions.answers'])
      .where('responses.wave_id', '=', wave.id)
      .orderBy('submissions.submitted_at')
      .execute()
    expect(history.map((h) => h.idempotency_key)).toEqual(['first', 'second'])
    expect(history[0]!.answers.budget_annuel).toBe(250000)
    expect(history[1]!.answers.budget_annuel).toBe(99)
  })
})

describe('the open link of a wave', () => {
  it('is not found unless the wave allows it', async () => {
    const wave = await waveFactory(ctx.database)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/w/${wave.slug}` })).statusCode).toBe(404)
  })

  // Registering, the same answer for new, known and contested organisations, the review list, the
  // caps per address and per target, and the e-mails: open-link.int.test.ts.
})

describe('who else has the questionnaire open', () => {
  const presence = (token: string, payload: unknown) => ctx.app.inject({ method: 'POST', url: `/api/r/${token}/presence`, payload: payload as object })

  it('tells each tab about the other tabs of the same response and the page they show, never about itself', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    const { token: otherOrganisation } = await inviteFactory(ctx.database, wave.id)

    const alone = await presence(token, { clientId: 'tab-alice-1', page: 'identite' })
    expect(alone.statusCode).toBe(200)
    expect(alone.json()).toEqual({ others: [] })

    const second = await presence(token, { clientId: 'tab-bruno-1', page: 'gouvernance' })
    expect(second.json().others).toEqual([{ page: 'identite', seenAt: expect.any(String) }])
    const first = await presence(token, { clientId: 'tab-alice-1', page: 'identite' })
    expect(first.json().others).toEqual([{ page: 'gouvernance', seenAt: expect.any(String) }])
    // Another organisation's response is another matter.
    expect((await presence(otherOrganisation, { clientId: 'tab-chloe-1', page: null })).json()).toEqual({ others: [] })

    // A tab not seen for a while is gone.
    await ctx.database.db
      .updateTable('response_presence')
      .set({ seen_at: new Date(Date.now() - 5 * 60_000) })
      .where('client_id', '=', 'tab-bruno-1')
      .execute()
    expect((await presence(token, { clientId: 'tab-alice-1', page: 'identite' })).json()).toEqual({ others: [] })
  })

  it.each<[string, unknown, string]>([
    ['a short id', { clientId: 'x', page: null }, 'clientId'],
    ['an id with other characters', { clientId: 'tab id <script>', page: null }, 'clientId'],
    ['a missing page', { clientId: 'tab-alice-1' }, 'page'],
    ['an extra field', { clientId: 'tab-alice-1', page: null, name: 'Alice' }, 'name'],
  ])('answers 400 naming the field for %s, and records nothing', async (_label, payload, field) => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    const res = await presence(token, payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain(field)
    expect(await ctx.database.db.selectFrom('response_presence').selectAll().where('client_id', 'like', 'tab id%').execute()).toEqual([])
  })

  it('answers 404 for an unknown link and 409 once the wave is closed', async () => {
    expect((await presence('x'.repeat(43), { clientId: 'tab-alice-1', page: null })).statusCode).toBe(404)
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    await ctx.database.db.updateTable('waves').set({ status: 'closed' }).where('id', '=', wave.id).execute()
    const closed = await presence(token, { clientId: 'tab-alice-1', page: null })
    expect(closed.statusCode).toBe(409)
    expect(closed.json().code).toBe('WAVE_NOT_OPEN')
  })
})
