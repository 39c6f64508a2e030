import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultIndicators } from '@sonde/analysis'
import { replaceIndicatorDefinitions, type JsonValue } from '@sonde/db'
import {
  completeAnswers,
  inviteFactory,
  loginCookie,
  startTestApp,
  userFactory,
  waveFactory,
  type TestContext,
} from './support'

let ctx: TestContext
let waveId: string
let researcherCookie: string

/** Marks an invited organisation's response as submitted with these answers. */
async function submitted(answers: Record<string, unknown>, familyKeys: string[]) {
  const { organisationId } = await inviteFactory(ctx.database, waveId, { familyKeys })
  await ctx.database.db
    .updateTable('responses')
    .set({ status: 'submitted', answers: answers as Record<string, JsonValue>, submitted_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .execute()
}

beforeAll(async () => {
  ctx = await startTestApp()
  waveId = (await waveFactory(ctx.database, { minCellSize: 5 })).id
  // Ten insertion organisations (publishable), two réemploi ones (below the minimum of 5).
  const budgets = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000].map((k) => k * 1000)
  for (const [i, budget] of budgets.entries()) {
    await submitted(
      { ...completeAnswers('insertion'), budget_annuel: budget, gouvernance_democratique: i < 5, ins_personnes_formees: 10 + i },
      ['insertion'],
    )
  }
  for (const smartphones of [100, 200]) {
    await submitted({ ...completeAnswers('reemploi'), ree_smartphones: smartphones }, ['reemploi'])
  }
  // An organisation still answering is never counted.
  await inviteFactory(ctx.database, waveId, { familyKeys: ['insertion'] })
  researcherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
})
afterAll(async () => ctx?.close())

describe('GET /api/waves/{id}/indicators?by=family', () => {
  it('needs a logged-in user', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/indicators?by=family` })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('UNAUTHENTICATED')
  })

  it('answers 404 WAVE_NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/waves/${id}/indicators?by=family`,
        headers: { cookie: researcherCookie },
      })
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('WAVE_NOT_FOUND')
    }
  })

  it('gives n, value and interval per indicator and family, and suppresses small families', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/waves/${waveId}/indicators?by=family`,
      headers: { cookie: researcherCookie },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.minCellSize).toBe(5)
    expect(body.indicators.length).toBeGreaterThanOrEqual(5)
    const aggregations = new Set(body.indicators.map((i: { aggregation: string }) => i.aggregation))
    for (const kind of ['sum', 'median', 'share', 'pooled_ratio', 'distribution']) expect(aggregations).toContain(kind)

    type Cell = { indicator: string; family: string; category: string | null; n: number; value: number | null; ciLow: number | null; ciHigh: number | null; suppressed: boolean; reason: string | null }
    const cell = (indicator: string, family: string) =>
      (body.cells as Cell[]).find((c) => c.indicator === indicator && c.family === family && c.category === null)

    const budgetIndicator = body.indicators.find((i: { aggregation: string; questions: string[] }) => i.aggregation === 'median' && i.questions.includes('budget_annuel'))
    const median = cell(budgetIndicator.id, 'insertion')!
    expect(median).toMatchObject({ n: 10, value: 550_000, suppressed: false, reason: null })
    // Exact distribution-free interval for n = 10: [x(2), x(9)] — never the minimum or maximum.
    expect(median.ciLow).toBe(200_000)
    expect(median.ciHigh).toBe(900_000)

    const shareIndicator = body.indicators.find((i: { aggregation: string; questions: string[] }) => i.aggregation === 'share' && i.questions.includes('gouvernance_democratique'))
    const share = cell(shareIndicator.id, 'insertion')!
    expect(share.n).toBe(10)
    expect(share.value).toBeCloseTo(0.5, 10)
    expect(share.ciLow).toBeLessThan(0.5)
    expect(share.ciHigh).toBeGreaterThan(0.5)

    const small = cell(budgetIndicator.id, 'reemploi')!
    expect(small).toMatchObject({ n: 2, value: null, ciLow: null, ciHigh: null, suppressed: true, reason: 'min_count' })
  })
})

describe('GET /api/waves/{id}/exports/indicators.csv', () => {
  it('streams one row per indicator and family with n, value, interval and suppression', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/waves/${waveId}/exports/indicators.csv`,
      headers: { cookie: researcherCookie },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sonde-wave-[a-z0-9]+-indicateurs\.csv"$/)
    const lines = res.body.trim().split('\r\n')
    expect(lines[0]).toBe('wave,indicator,label_fr,family,category,n,value,ci_low,ci_high,q1,q3,unit,suppressed,reason,factor_source')
    expect(lines.some((l) => l.includes(',reemploi,') && l.includes(',true,min_count,'))).toBe(true)
  })

  it('neutralises labels that a spreadsheet would run as formulas', async () => {
    const wave = await waveFactory(ctx.database)
    const [first] = defaultIndicators
    await replaceIndicatorDefinitions(ctx.database.db, wave.id, [
      { id: first!.id, definition: { ...first, labelFr: '=HYPERLINK("http://evil.example","clic")' } as unknown as JsonValue },
    ])
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/waves/${wave.id}/exports/indicators.csv?dialect=excel-fr`,
      headers: { cookie: researcherCookie },
    })
    expect(res.statusCode).toBe(200)
    expect(res.body.startsWith('\uFEFFwave;indicator;')).toBe(true)
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""clic"")"`)
    expect(res.body).not.toMatch(/(^|;)"?=HYPERLINK/m)
  })

  it('refuses an unknown dialect with 400 naming the parameter', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/waves/${waveId}/exports/indicators.csv?dialect=lotus`,
      headers: { cookie: researcherCookie },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('INVALID_QUERY')
    expect(res.json().message).toContain('dialect')
  })
})
