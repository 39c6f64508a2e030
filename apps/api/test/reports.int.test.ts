import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JsonValue } from '@sonde/db'
import { completeAnswers, inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

let ctx: TestContext
let waveId: string
let token: string

async function answer(organisationId: string, answers: Record<string, unknown>, status: 'submitted' | 'in_progress' = 'submitted') {
  await ctx.database.db
    .updateTable('responses')
    .set({ status, answers: answers as Record<string, JsonValue>, submitted_at: status === 'submitted' ? new Date() : null })
    .where('organisation_id', '=', organisationId)
    .where('wave_id', '=', waveId)
    .execute()
}

async function publish(published: boolean) {
  await ctx.database.db.updateTable('waves').set({ settings: { minCellSize: 5, resultsPublished: published } }).where('id', '=', waveId).execute()
}

const report = (t = token) => ctx.app.inject({ method: 'GET', url: `/api/r/${t}/report` })

type Item = { indicator: { id: string }; family: string; own: number | null; n: number; value: number | null; q1: number | null; q3: number | null; suppressed: boolean; reason: string | null }

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
})
afterAll(async () => ctx?.close())

describe('GET /api/r/{token}/report', () => {
  it('answers 409 RESULTS_NOT_PUBLISHED until staff publish the results', async () => {
    await publish(false)
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
    await ctx.database.db.updateTable('invitations').set({ revoked_at: new Date() }).where('wave_id', '=', waveId).where('revoked_at', 'is', null).where('opened_at', 'is', null).execute()
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
    expect(body).toMatchObject({ organisation: { name: 'Atelier Moi' }, submitted: true, minCellSize: 5 })
    expect(body.families.map((f: { key: string }) => f.key)).toEqual(['insertion'])
    const budget = (body.items as Item[]).find((i) => i.indicator.id === 'budget_annuel_median' && i.family === 'insertion')!
    // Budgets of the family (k€): 100 120 140 160 180 200 250 300 400 500.
    expect(budget).toMatchObject({ own: 250_000, n: 10, value: 190_000, q1: 145_000, q3: 287_500, suppressed: false })
    const women = (body.items as Item[]).find((i) => i.indicator.id === 'ca_part_femmes_mediane' && i.family === 'insertion')!
    expect(women.own).toBeCloseTo(0.25, 12)
    // One answer only: the family's median of it is secret, the organisation's own value is not.
    expect(women).toMatchObject({ n: 1, value: null, q1: null, q3: null, suppressed: true, reason: 'min_count' })
    // The network as a whole, beside.
    expect((body.items as Item[]).find((i) => i.indicator.id === 'budget_annuel_median' && i.family === '_all')).toMatchObject({ n: 12, suppressed: false })
  })

  it("never shows another family's figures or anyone's answers", async () => {
    const body = (await report()).json()
    expect((body.items as Item[]).some((i) => i.family === 'reemploi')).toBe(false)
    expect(JSON.stringify(body)).not.toContain('500000')
  })

  it('follows the answers: a family figure changes when another organisation corrects its answers', async () => {
    const before = ((await report()).json().items as Item[]).find((i) => i.indicator.id === 'budget_annuel_median' && i.family === 'insertion')!
    const other = await ctx.database.db.selectFrom('responses').select(['organisation_id', 'answers']).where('wave_id', '=', waveId).where('answers', '@>', { budget_annuel: 100_000 } as never).executeTakeFirstOrThrow()
    await ctx.database.db.updateTable('responses').set({ answers: { ...other.answers, budget_annuel: 210_000 }, updated_at: new Date() }).where('organisation_id', '=', other.organisation_id).where('wave_id', '=', waveId).execute()
    const after = ((await report()).json().items as Item[]).find((i) => i.indicator.id === 'budget_annuel_median' && i.family === 'insertion')!
    expect(before.value).toBe(190_000)
    expect(after.value).toBe(205_000)
  })
})
