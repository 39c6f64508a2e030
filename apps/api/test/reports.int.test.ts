import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JsonValue } from '@sonde/db'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let waveId: string
let token: string
let staffCookie: string

async function answer(organisationId: string, answers: Record<string, unknown>, status: 'submitted' | 'in_progress' = 'submitted') {
  await ctx.database.db
    .updateTable('responses')
    .set({ status, answers: answers as Record<string, JsonValue>, submitted_at: status === 'submitted' ? new Date() : null })
    .where('organisation_id', '=', organisationId)
    .where('wave_id', '=', waveId)
    .execute()
}

/** Shows members their reports (or not): the wave's setting. */
async function publish(published: boolean) {
  await ctx.database.db
    .updateTable('waves')
    .set({ settings: { minCellSize: 5, resultsPublished: published } })
    .where('id', '=', waveId)
    .execute()
}

/** A new release of the wave's results (staff), as the console's "Publier" does. */
async function release(body: Record<string, unknown> = {}) {
  return ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/releases`, headers: { cookie: staffCookie }, payload: body })
}

const report = (t = token) => ctx.app.inject({ method: 'GET', url: `/api/r/${t}/report` })

type Item = {
  indicator: { id: string }
  family: string
  own: number | null
  n: number | null
  value: number | null
  q1: number | null
  q3: number | null
  suppressed: boolean
  reason: string | null
}

beforeAll(async () => {
  ctx = await startTestApp()
  waveId = (await waveFactory(ctx.database, { minCellSize: 5 })).id
  // The organisation reading its report: insertion, budget 250 000.
  const me = await inviteFactory(ctx.database, waveId, { familyKeys: ['insertion'], name: 'Atelier Moi' })
  token = me.token
  await answer(me.organisationId, { ...completeAnswers('insertion'), budget_annuel: 250_000, ca_femmes: 2, ca_membres: 8 })
  // Nine other insertion organisations; two réemploi ones (under the minimum).
  for (const [i, budget] of [100, 120, 140, 160, 180, 200, 300, 400, 500].entries()) {
    const { organisationId } = await inviteFactory(ctx.database, waveId, { familyKeys: ['insertion'] })
    await answer(organisationId, { ...completeAnswers('insertion'), budget_annuel: budget * 1000, gouvernance_democratique: i % 2 === 0 })
  }
  for (const budget of [50, 60]) {
    const { organisationId } = await inviteFactory(ctx.database, waveId, { familyKeys: ['reemploi'] })
    await answer(organisationId, { ...completeAnswers('reemploi'), budget_annuel: budget * 1000 })
  }
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => ctx?.close())

describe('GET /api/r/{token}/report', () => {
  it('answers 409 RESULTS_NOT_PUBLISHED until staff release the results and show them to members', async () => {
    await publish(false)
    expect((await report()).json().code).toBe('RESULTS_NOT_PUBLISHED')
    // Shown to members, but nothing released yet.
    await publish(true)
    expect((await report()).json().code).toBe('RESULTS_NOT_PUBLISHED')
    await publish(false)
    expect((await release()).statusCode).toBe(201)
    const res = await report()
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('RESULTS_NOT_PUBLISHED')
  })

  it('answers 404 INVITATION_NOT_FOUND for an unknown or revoked link, as the other respondent routes', async () => {
    await publish(true)
    const unknown = await report('x'.repeat(43))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('INVITATION_NOT_FOUND')
    const { token: revoked } = await inviteFactory(ctx.database, waveId, { familyKeys: ['insertion'] })
    await ctx.database.db
      .updateTable('invitations')
      .set({ revoked_at: new Date() })
      .where('wave_id', '=', waveId)
      .where('revoked_at', 'is', null)
      .where('opened_at', 'is', null)
      .execute()
    const gone = await report(revoked)
    expect(gone.statusCode).toBe(404)
    expect(gone.json()).toEqual(unknown.json())
    await ctx.database.db.updateTable('invitations').set({ revoked_at: null }).where('wave_id', '=', waveId).execute()
  })

  it("shows the organisation's own values beside its family's median and quartiles", async () => {
    await publish(true)
    const res = await report()
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json()
    expect(body).toMatchObject({ organisation: { name: 'Atelier Moi' }, submitted: true, minCellSize: 5, release: { number: 1 } })
    expect(body.families.map((f: { key: string }) => f.key)).toEqual(['insertion'])
    const budget = (body.items as Item[]).find((i) => i.indicator.id === 'budget_annuel_median' && i.family === 'insertion')!
    // Budgets of the family (k€): 100 120 140 160 180 200 250 300 400 500.
    expect(budget).toMatchObject({ own: 250_000, n: 10, value: 190_000, q1: 145_000, q3: 287_500, suppressed: false })
    const women = (body.items as Item[]).find((i) => i.indicator.id === 'ca_part_femmes_mediane' && i.family === 'insertion')!
    expect(women.own).toBeCloseTo(0.25, 12)
    // One answer only: the family's median of it is secret, the organisation's own value is not;
    // members see one mark, neither n nor why.
    expect(women).toMatchObject({ n: null, value: null, q1: null, q3: null, suppressed: true, reason: null })
    // The network as a whole, beside.
    expect((body.items as Item[]).find((i) => i.indicator.id === 'budget_annuel_median' && i.family === '_all')).toMatchObject({ n: 12, suppressed: false })
  })

  it("never shows another family's figures or anyone's answers", async () => {
    const body = (await report()).json()
    expect((body.items as Item[]).some((i) => i.family === 'reemploi')).toBe(false)
    expect(JSON.stringify(body)).not.toContain('500000')
  })

  it('reads the release, not the live answers: a correction shows only in a later release, and never by difference', async () => {
    const figure = async () => ((await report()).json().items as Item[]).find((i) => i.indicator.id === 'budget_annuel_median' && i.family === 'insertion')!
    const before = await figure()
    const other = await ctx.database.db
      .selectFrom('responses')
      .select(['organisation_id', 'answers', 'revision'])
      .where('wave_id', '=', waveId)
      .where('answers', '@>', { budget_annuel: 100_000 } as never)
      .executeTakeFirstOrThrow()
    await ctx.database.db
      .updateTable('responses')
      .set({ answers: { ...other.answers, budget_annuel: 210_000 }, revision: other.revision + 1, updated_at: new Date(), submitted_at: new Date() })
      .where('organisation_id', '=', other.organisation_id)
      .where('wave_id', '=', waveId)
      .execute()
    expect(before.value).toBe(190_000)
    expect((await figure()).value).toBe(190_000)
    // One organisation changed: a new release would give its correction away beside the first one.
    const refused = await release()
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('RELEASE_REFUSED')
    expect((await release({ hideDifferences: true })).statusCode).toBe(201)
    const after = await figure()
    expect(after).toMatchObject({ suppressed: true, value: null, n: null })
    expect((await report()).json().release.number).toBe(2)
  })
})
