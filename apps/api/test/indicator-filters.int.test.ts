import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IndicatorCell, IndicatorMeta } from '@sonde/contracts'
import { listIndicatorDefinitions, replaceIndicatorDefinitions, type JsonValue } from '@sonde/db'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

// `GET /api/waves/{id}/indicators?family=&theme=&indicator=`: a page of the research portal loads
// only the indicators and cells it shows.

let ctx: TestContext
let waveId: string
let researcherCookie: string

interface Results {
  indicators: IndicatorMeta[]
  cells: IndicatorCell[]
}

async function get(query: string): Promise<{ status: number; body: Results & { code?: string; message?: string; details?: unknown } }> {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/indicators${query}`, headers: { cookie: researcherCookie } })
  return { status: res.statusCode, body: res.json() }
}

beforeAll(async () => {
  ctx = await startTestApp()
  waveId = (await waveFactory(ctx.database, { minCellSize: 5 })).id
  for (const [family, count] of [
    ['insertion', 6],
    ['reemploi', 5],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const { organisationId } = await inviteFactory(ctx.database, waveId, { familyKeys: [family] })
      await ctx.database.db
        .updateTable('responses')
        .set({
          status: 'submitted',
          answers: { ...completeAnswers(family), budget_annuel: 100_000 * (i + 1) } as Record<string, JsonValue>,
          submitted_at: new Date(),
        })
        .where('organisation_id', '=', organisationId)
        .execute()
    }
  }
  const staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  const published = await ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/releases`, headers: { cookie: staffCookie }, payload: {} })
  expect(published.statusCode, published.body).toBe(201)
  researcherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
})
afterAll(async () => ctx?.close())

describe('GET /api/waves/{id}/indicators filtered', () => {
  it('gives every indicator a theme, the whole release without a filter', async () => {
    const { status, body } = await get('')
    expect(status).toBe(200)
    expect(body.indicators.length).toBeGreaterThan(40)
    expect(body.indicators.find((meta) => meta.id === 'budget_annuel_median')?.theme).toBe('economie_emploi')
    expect(body.indicators.find((meta) => meta.id === 'ree_co2e_evite')?.theme).toBe('environnement')
    expect(new Set(body.cells.map((cell) => cell.family))).toEqual(new Set(['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure', '_all']))
  })

  it('?family= keeps that family’s indicators (the every-family ones too) and only its cells', async () => {
    const { status, body } = await get('?family=reemploi')
    expect(status).toBe(200)
    const ids = body.indicators.map((meta) => meta.id)
    expect(ids).toContain('ree_co2e_evite')
    expect(ids).toContain('budget_annuel_median')
    expect(ids).not.toContain('ins_personnes_formees_total')
    expect(body.indicators.every((meta) => meta.families === null || meta.families.includes('reemploi'))).toBe(true)
    expect(new Set(body.cells.map((cell) => cell.family))).toEqual(new Set(['reemploi']))
    const budget = body.cells.find((cell) => cell.indicator === 'budget_annuel_median')!
    expect(budget).toMatchObject({ family: 'reemploi', n: 5, value: 300_000, suppressed: false })
    // Two families at once.
    const both = await get('?family=reemploi,insertion')
    expect(new Set(both.body.cells.map((cell) => cell.family))).toEqual(new Set(['reemploi', 'insertion']))
  })

  it('?theme= keeps that theme’s indicators across families, with all their cells', async () => {
    const { status, body } = await get('?theme=environnement')
    expect(status).toBe(200)
    expect(body.indicators.length).toBeGreaterThan(5)
    expect(body.indicators.every((meta) => meta.theme === 'environnement')).toBe(true)
    expect(new Set(body.cells.map((cell) => cell.indicator))).toEqual(new Set(body.indicators.map((meta) => meta.id)))
    // Nothing without a theme in the default catalogue: « autres » is empty.
    expect((await get('?theme=autres')).body.indicators).toEqual([])
    // Combined with a family: both at once.
    const combined = await get('?theme=economie_emploi&family=insertion')
    expect(combined.body.indicators.every((meta) => meta.theme === 'economie_emploi' && (meta.families === null || meta.families.includes('insertion')))).toBe(
      true,
    )
    expect(combined.body.indicators.map((meta) => meta.id)).toContain('ins_taux_sorties_dynamiques')
  })

  it('?indicator= keeps those indicators, in the release’s order', async () => {
    const { status, body } = await get('?indicator=ree_co2e_evite,budget_annuel_median')
    expect(status).toBe(200)
    expect(body.indicators.map((meta) => meta.id)).toEqual(['budget_annuel_median', 'ree_co2e_evite'])
    expect(new Set(body.cells.map((cell) => cell.indicator))).toEqual(new Set(['budget_annuel_median', 'ree_co2e_evite']))
  })

  it('?cells=none gives the descriptions alone', async () => {
    const { status, body } = await get('?cells=none&theme=communs')
    expect(status).toBe(200)
    expect(body.indicators.length).toBeGreaterThan(5)
    expect(body.cells).toEqual([])
  })

  it('answers 400 INVALID_QUERY naming the parameter for an unknown family, theme or indicator', async () => {
    for (const [query, field] of [
      ['?family=inconnue', 'family'],
      ['?family=', 'family'],
      ['?theme=sport', 'theme'],
      ['?indicator=budget_annuel_median,nope', 'indicator'],
      ['?cells=some', 'cells'],
    ] as const) {
      const { status, body } = await get(query)
      expect(status, query).toBe(400)
      expect(body.code, query).toBe('INVALID_QUERY')
      expect(body.message, query).toMatch(new RegExp(`^(querystring\\.)?${field}\\b`))
      expect(JSON.stringify(body.details), query).toContain(`querystring.${field}`)
    }
  })

  it('fills in the theme of indicators stored before themes, from the default catalogue by id', async () => {
    // The wave's definitions as stored before themes existed, and one of its own, then a new release.
    const stored = (await listIndicatorDefinitions(ctx.database.db, waveId)) as Record<string, JsonValue>[]
    const before = stored.map(({ theme: _theme, ...definition }) => definition)
    const own = { ...before.find((definition) => definition.id === 'budget_annuel_median')!, id: 'indicateur_maison' }
    await replaceIndicatorDefinitions(
      ctx.database.db,
      waveId,
      [...before, own].map((definition) => ({ id: String(definition.id), definition })),
    )
    const staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    const published = await ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/releases`, headers: { cookie: staffCookie }, payload: {} })
    expect(published.statusCode, published.body).toBe(201)
    const { status, body } = await get('')
    expect(status).toBe(200)
    expect(body.indicators.find((meta) => meta.id === 'ree_co2e_evite')?.theme).toBe('environnement')
    expect(body.indicators.find((meta) => meta.id === 'indicateur_maison')?.theme).toBeNull()
    expect((await get('?theme=autres')).body.indicators.map((meta) => meta.id)).toEqual(['indicateur_maison'])
  })
})
