import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultIndicators } from '@sonde/analysis'
import { replaceIndicatorDefinitions, type JsonValue } from '@sonde/db'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let waveId: string
let researcherCookie: string
let staffCookie: string

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
  // Ten insertion organisations (publishable), two réemploi ones (below the minimum of 5), six inclusion ones.
  const budgets = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000].map((k) => k * 1000)
  for (const [i, budget] of budgets.entries()) {
    await submitted({ ...completeAnswers('insertion'), budget_annuel: budget, gouvernance_democratique: i < 5, ins_personnes_formees: 10 + i }, ['insertion'])
  }
  for (const smartphones of [100, 200]) {
    await submitted({ ...completeAnswers('reemploi'), ree_smartphones: smartphones }, ['reemploi'])
  }
  // Six inclusion organisations: with the overall margin published, a second family must be
  // hidden beside the small réemploi one, and the smallest publishable one is this one.
  for (let i = 0; i < 6; i++) await submitted({ ...completeAnswers('inclusion'), budget_annuel: 50_000 }, ['inclusion'])
  // An organisation still answering is never counted.
  await inviteFactory(ctx.database, waveId, { familyKeys: ['insertion'] })
  researcherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
  // The rules are read on the live computation, with their reasons (staff); releases.int.test.ts
  // covers what researchers read.
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
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
      url: `/api/waves/${waveId}/indicators?by=family&release=live`,
      headers: { cookie: staffCookie },
    })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ source: 'live', release: null, pPercent: 15 })
    expect(body.minCellSize).toBe(5)
    expect(body.indicators.length).toBeGreaterThanOrEqual(5)
    const aggregations = new Set(body.indicators.map((i: { aggregation: string }) => i.aggregation))
    for (const kind of ['sum', 'median', 'share', 'pooled_ratio', 'distribution']) expect(aggregations).toContain(kind)

    type Cell = {
      indicator: string
      family: string
      category: string | null
      n: number
      value: number | null
      ciLow: number | null
      ciHigh: number | null
      suppressed: boolean
      reason: string | null
    }
    const cell = (indicator: string, family: string) =>
      (body.cells as Cell[]).find((c) => c.indicator === indicator && c.family === family && c.category === null)
    expect(body.dimension).toBeNull()
    expect(body.dimensionValues).toEqual([])

    const budgetIndicator = body.indicators.find(
      (i: { aggregation: string; questions: string[] }) => i.aggregation === 'median' && i.questions.includes('budget_annuel'),
    )
    const median = cell(budgetIndicator.id, 'insertion')!
    expect(median).toMatchObject({ n: 10, value: 550_000, suppressed: false, reason: null })
    // Exact distribution-free interval for n = 10: [x(2), x(9)] — never the minimum or maximum.
    expect(median.ciLow).toBe(200_000)
    expect(median.ciHigh).toBe(900_000)

    const shareIndicator = body.indicators.find(
      (i: { aggregation: string; questions: string[] }) => i.aggregation === 'share' && i.questions.includes('gouvernance_democratique'),
    )
    // 13 of 18 overall (the family shares are hidden: see the overall margin below).
    const share = cell(shareIndicator.id, '_all')!
    expect(share.n).toBe(18)
    expect(share.value).toBeCloseTo(13 / 18, 10)
    expect(share.ciLow).toBeLessThan(13 / 18)
    expect(share.ciHigh).toBeGreaterThan(13 / 18)

    const small = cell(budgetIndicator.id, 'reemploi')!
    expect(small).toMatchObject({ n: 2, value: null, ciLow: null, ciHigh: null, suppressed: true, reason: 'min_count' })
  })
})

describe('GET /api/waves/{id}/exports/indicators.csv', () => {
  it('streams one row per indicator and family with n, value, interval and suppression', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/waves/${waveId}/exports/indicators.csv?release=live`,
      headers: { cookie: staffCookie },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sonde-wave-[a-z0-9]+-indicateurs-provisoire\.csv"$/)
    const lines = res.body.trim().split('\r\n')
    expect(lines[0]).toBe('wave,indicator,label_fr,family,dimension,dimension_value,category,n,value,ci_low,ci_high,q1,q3,unit,suppressed,reason,factor_source')
    expect(lines.some((l) => l.includes(',reemploi,,,') && l.includes(',true,min_count,'))).toBe(true)
  })

  it('neutralises labels that a spreadsheet would run as formulas', async () => {
    const wave = await waveFactory(ctx.database)
    const [first] = defaultIndicators
    await replaceIndicatorDefinitions(ctx.database.db, wave.id, [
      { id: first!.id, definition: { ...first, labelFr: '=HYPERLINK("http://evil.example","clic")' } as unknown as JsonValue },
    ])
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/waves/${wave.id}/exports/indicators.csv?dialect=excel-fr&release=live`,
      headers: { cookie: staffCookie },
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

type Cell = {
  indicator: string
  family: string
  dimensionValue: string | null
  category: string | null
  n: number
  value: number | null
  suppressed: boolean
  reason: string | null
}

/** A staff read of the live computation (the rules, with their reasons). */
async function get(url: string, cookie = staffCookie) {
  return ctx.app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}release=live`, headers: { cookie } })
}

describe('GET /api/waves/{id}/indicators: the overall margin', () => {
  it('hides other families so that the overall share does not give the small ones away', async () => {
    const body = (await get(`/api/waves/${waveId}/indicators?by=family`)).json()
    const share = (family: string) => (body.cells as Cell[]).find((c) => c.indicator === 'gouvernance_democratique_part' && c.family === family)!
    expect(share('reemploi')).toMatchObject({ n: 2, value: null, reason: 'min_count' })
    // All six inclusion organisations govern democratically: 100 % leaves nobody on the other side.
    expect(share('inclusion')).toMatchObject({ n: 6, value: null, reason: 'complement' })
    // With only those two hidden, 13 − 5 = 8 = 2 + 6 would give both away (each is at most its n):
    // the insertion share is hidden too, so the 13 of 18 spread over three unknown cells.
    expect(share('insertion')).toMatchObject({ n: 10, value: null, suppressed: true, reason: 'secondary' })
    expect(share('_all').n).toBe(18)
    expect(share('_all').value).toBeCloseTo(13 / 18, 12)
  })
})

describe('GET /api/waves/{id}/indicators?by=family&dimension=…', () => {
  it('crosses the families with the region, with the overall margins, each cell with its n', async () => {
    const res = await get(`/api/waves/${waveId}/indicators?by=family&dimension=region`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.dimension).toBe('region')
    expect(body.dimensionValues.map((v: { key: string }) => v.key)).toEqual(expect.arrayContaining(['bretagne', 'ile_de_france', '_none']))
    const budget = (body.cells as Cell[]).filter((c) => c.indicator === 'budget_annuel_median')
    // Every organisation of the test is in Bretagne: the margin of a family is its Bretagne cell.
    const insertion = budget.filter((c) => c.family === 'insertion')
    expect(insertion.find((c) => c.dimensionValue === 'bretagne')).toMatchObject({ n: 10, value: 550_000, suppressed: false })
    expect(insertion.find((c) => c.dimensionValue === '_all')).toMatchObject({ n: 10, value: 550_000, suppressed: false })
    expect(insertion.find((c) => c.dimensionValue === 'normandie')).toMatchObject({ n: 0, value: null, suppressed: true, reason: 'min_count' })
    expect(budget.find((c) => c.family === '_all' && c.dimensionValue === '_all')).toMatchObject({ n: 18, suppressed: false })
  })

  it('hides every cell of a dimension too fine to publish, and still answers 200', async () => {
    const wave = await waveFactory(ctx.database, { minCellSize: 5 })
    const regions = ['bretagne', 'normandie', 'corse', 'occitanie', 'grand_est', 'guyane']
    for (const [i, region] of regions.entries()) {
      const { organisationId } = await inviteFactory(ctx.database, wave.id, { familyKeys: ['inclusion'] })
      await ctx.database.db
        .updateTable('responses')
        .set({
          status: 'submitted',
          answers: { ...completeAnswers('inclusion'), region, budget_annuel: 1000 * (i + 1) } as Record<string, JsonValue>,
          submitted_at: new Date(),
        })
        .where('organisation_id', '=', organisationId)
        .execute()
    }
    const res = await get(`/api/waves/${wave.id}/indicators?dimension=region`)
    expect(res.statusCode).toBe(200)
    const crossed = (res.json().cells as Cell[]).filter((c) => c.dimensionValue !== '_all')
    expect(crossed.length).toBeGreaterThan(0)
    expect(crossed.every((c) => c.suppressed && c.value === null)).toBe(true)
    const margin = (res.json().cells as Cell[]).find((c) => c.indicator === 'budget_annuel_median' && c.family === 'inclusion' && c.dimensionValue === '_all')
    expect(margin).toMatchObject({ n: 6, value: 3500, suppressed: false })
  })

  it.each(['department', 'REGION', '', "region'--"])('refuses the dimension %j with 400 UNKNOWN_DIMENSION listing the known ones', async (dimension) => {
    const res = await get(`/api/waves/${waveId}/indicators?by=family&dimension=${encodeURIComponent(dimension)}`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_DIMENSION', details: { allowed: ['region', 'legal_form', 'size_class'] } })
  })

  it('refuses an unknown query parameter with 400 INVALID_QUERY', async () => {
    const res = await get(`/api/waves/${waveId}/indicators?by=family&groupBy=region`)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('INVALID_QUERY')
  })

  it('exports the crossed cells in CSV with the dimension named on each line', async () => {
    const res = await get(`/api/waves/${waveId}/exports/indicators.csv?dimension=size_class`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/filename="sonde-wave-[a-z0-9]+-indicateurs-size-class-provisoire\.csv"$/)
    const lines = res.body.trim().split('\r\n')
    expect(lines.slice(1).every((l) => l.includes(',size_class,'))).toBe(true)
    expect(lines.some((l) => l.includes(',size_class,etp_1_9,'))).toBe(true)
  })
})

describe('GET /api/indicators/comparison?waves=…', () => {
  it('matches indicators by id and questions across waves and gives each wave its own cells', async () => {
    const later = await waveFactory(ctx.database, { minCellSize: 5 })
    // The later wave renames one indicator's question: it is no longer the same indicator.
    const renamed = defaultIndicators.map((d) => (d.id === 'salaries_etp_total' && d.aggregation === 'sum' ? { ...d, question: 'salaries_nombre' } : d))
    await replaceIndicatorDefinitions(
      ctx.database.db,
      later.id,
      renamed.map((d) => ({ id: d.id, definition: d as unknown as JsonValue })),
    )
    for (let i = 0; i < 6; i++) {
      const { organisationId } = await inviteFactory(ctx.database, later.id, { familyKeys: ['insertion'] })
      await ctx.database.db
        .updateTable('responses')
        .set({
          status: 'submitted',
          answers: { ...completeAnswers('insertion'), budget_annuel: 200_000 } as Record<string, JsonValue>,
          submitted_at: new Date(),
        })
        .where('organisation_id', '=', organisationId)
        .execute()
    }
    // Each wave is compared through its latest release.
    for (const id of [waveId, later.id]) {
      const released = await ctx.app.inject({ method: 'POST', url: `/api/waves/${id}/releases`, headers: { cookie: staffCookie }, payload: {} })
      expect(released.statusCode).toBe(201)
    }
    const res = await ctx.app.inject({ method: 'GET', url: `/api/indicators/comparison?waves=${waveId},${later.id}`, headers: { cookie: researcherCookie } })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.waves.map((w: { id: string; release: { number: number } }) => [w.id, w.release.number])).toEqual([
      [waveId, 1],
      [later.id, 1],
    ])
    const ids = body.indicators.map((i: { id: string }) => i.id)
    expect(ids).toContain('budget_annuel_median')
    expect(ids).not.toContain('salaries_etp_total')
    const budget = (body.cells as (Cell & { waveId: string })[]).filter((c) => c.indicator === 'budget_annuel_median' && c.family === 'insertion')
    expect(budget.map((c) => [c.waveId, c.n, c.value])).toEqual([
      [waveId, 10, 550_000],
      [later.id, 6, 200_000],
    ])
  })

  it.each([
    ['one wave', () => `waves=${waveId}`, 400, 'INVALID_QUERY'],
    ['no waves', () => '', 400, 'INVALID_QUERY'],
    ['an unknown wave', () => `waves=${waveId},00000000-0000-0000-0000-000000000000`, 404, 'WAVE_NOT_FOUND'],
  ])('answers %s with %s %s', async (_, query, status, code) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/indicators/comparison?${query()}`, headers: { cookie: researcherCookie } })
    expect(res.statusCode).toBe(status)
    expect(res.json().code).toBe(code)
  })

  it('needs a logged-in reader', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/indicators/comparison?waves=${waveId},${waveId}` })
    expect(res.statusCode).toBe(401)
  })
})
