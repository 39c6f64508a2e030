import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultIndicators } from '@sonde/analysis'
import type { IndicatorDefinitionInput, IndicatorDefinitions } from '@sonde/contracts'
import { loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let staffCookie: string
let researcherCookie: string

beforeAll(async () => {
  ctx = await startTestApp()
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  researcherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
})
afterAll(async () => ctx?.close())

const url = (waveId: string, tail = '') => `/api/waves/${waveId}/indicator-definitions${tail}`

function request(cookie: string, method: 'GET' | 'PUT' | 'POST', path: string, payload?: unknown) {
  return ctx.app.inject({ method, url: path, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) })
}

async function definitionsOf(waveId: string): Promise<IndicatorDefinitions> {
  const res = await request(staffCookie, 'GET', url(waveId))
  expect(res.statusCode).toBe(200)
  return res.json()
}

const labels = { labelFr: 'Budget médian', labelEn: 'Median budget', unit: 'EUR', families: null }
const medianBudget: IndicatorDefinitionInput = { id: 'budget_median', ...labels, aggregation: 'median', question: 'budget_annuel' }
const esusShare: IndicatorDefinitionInput = {
  id: 'part_esus',
  labelFr: 'Part des organisations agréées ESUS',
  labelEn: 'Share of ESUS-approved organisations',
  unit: 'proportion',
  families: ['insertion', 'reemploi'],
  aggregation: 'share',
  question: 'agrement_esus',
  when: { equals: 'oui' },
}

describe('GET /api/waves/{id}/indicator-definitions', () => {
  it('gives the default catalogue of a new wave and the questions an indicator can read, to every signed-in role', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const res = await request(researcherCookie, 'GET', url(wave.id))
    expect(res.statusCode).toBe(200)
    const body = res.json<IndicatorDefinitions>()
    expect(body.indicators.map((d) => d.id)).toEqual(defaultIndicators.map((d) => d.id))
    expect(body.releasedIds).toEqual([])
    expect(body.questions.find((q) => q.name === 'budget_annuel')).toMatchObject({ type: 'text', numeric: true, multiple: false, choices: null })
    expect(body.questions.find((q) => q.name === 'familles')).toMatchObject({ type: 'checkbox', multiple: true })
    expect(body.questions.find((q) => q.name === 'agrement_esus')?.choices?.map((c) => c.value)).toContain('oui')
    expect((await ctx.app.inject({ method: 'GET', url: url(wave.id) })).statusCode).toBe(401)
  })
})

describe('PUT /api/waves/{id}/indicator-definitions', () => {
  it('replaces the list, in its order, and records who did it', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const res = await request(staffCookie, 'PUT', url(wave.id), { indicators: [esusShare, medianBudget] })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<IndicatorDefinitions>().indicators).toEqual([esusShare, medianBudget])
    expect((await definitionsOf(wave.id)).indicators).toEqual([esusShare, medianBudget])
    const audit = await ctx.database.db.selectFrom('audit_events').select(['action', 'details']).where('wave_id', '=', wave.id).execute()
    expect(audit).toContainEqual({ action: 'indicators.save', details: { count: 2 } })
  })

  it('keeps indicators editable once the wave is open', async () => {
    const wave = await waveFactory(ctx.database, { status: 'open' })
    const res = await request(staffCookie, 'PUT', url(wave.id), { indicators: [medianBudget] })
    expect(res.statusCode, res.body).toBe(200)
  })

  const derived = (factor: { value: number; unit: string; source: string; version: string }): IndicatorDefinitionInput => ({
    id: 'co2e',
    labelFr: 'CO2e évité',
    labelEn: 'CO2e avoided',
    unit: 'kg CO2e',
    families: null,
    aggregation: 'derived_sum',
    terms: [{ question: 'budget_annuel', factor }],
    multiplier: null,
  })

  it.each<{ name: string; indicators: IndicatorDefinitionInput[]; problems: { path: string; code: string }[] }>([
    {
      name: 'a question that is not in the questionnaire',
      indicators: [medianBudget, { ...medianBudget, id: 'absente', question: 'question_absente' }],
      problems: [{ path: 'indicators[1].question', code: 'UNKNOWN_QUESTION' }],
    },
    {
      name: 'a median of a choice question',
      indicators: [{ ...medianBudget, question: 'agrement_esus' }],
      problems: [{ path: 'indicators[0].question', code: 'NOT_NUMERIC' }],
    },
    {
      name: 'a share whose value is not a choice, and a bound on a choice question',
      indicators: [
        { ...esusShare, when: { equals: 'peut-être' } },
        { ...esusShare, id: 'part_borne', when: { atMost: 3 } },
      ],
      problems: [
        { path: 'indicators[0].when', code: 'CONDITION_MISMATCH' },
        { path: 'indicators[1].when', code: 'CONDITION_MISMATCH' },
      ],
    },
    {
      name: 'a distribution with an unknown category',
      indicators: [
        { ...labels, id: 'formes', unit: '', aggregation: 'distribution', question: 'forme_juridique', categories: ['association', 'sarl'], multiple: false },
      ],
      problems: [{ path: 'indicators[0].categories[1]', code: 'UNKNOWN_CATEGORY' }],
    },
    {
      name: 'a factor without its source',
      indicators: [derived({ value: 0.35, unit: 'kg CO2e / €', source: '', version: '2022' })],
      problems: [{ path: 'indicators[0].terms[0].factor', code: 'INVALID_FACTOR' }],
    },
    {
      name: 'a ratio with an empty side',
      indicators: [{ ...labels, id: 'ratio', aggregation: 'pooled_ratio', numerator: ['budget_annuel'], denominator: [] }],
      problems: [{ path: 'indicators[0].denominator', code: 'EMPTY_SIDE' }],
    },
    {
      name: 'an id used twice and one that is not snake_case',
      indicators: [medianBudget, medianBudget, { ...medianBudget, id: 'Budget-Médian' }],
      problems: [
        { path: 'indicators[1].id', code: 'DUPLICATE_ID' },
        { path: 'indicators[2].id', code: 'INVALID_ID' },
      ],
    },
    {
      name: 'a family the wave does not have',
      indicators: [{ ...medianBudget, families: ['insertion', 'martiens'] }],
      problems: [{ path: 'indicators[0].families[1]', code: 'UNKNOWN_FAMILY' }],
    },
  ])('refuses $name with 422 INDICATORS_INVALID listing each problem, nothing changed', async ({ indicators, problems }) => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const before = await definitionsOf(wave.id)
    const res = await request(staffCookie, 'PUT', url(wave.id), { indicators })
    expect(res.statusCode, res.body).toBe(422)
    const body = res.json<{ code: string; message: string; details: { problems: { path: string; code: string; message: string }[] } }>()
    expect(body.code).toBe('INDICATORS_INVALID')
    expect(body.details.problems.map(({ path, code }) => ({ path, code }))).toEqual(problems)
    // French, naming what is wrong.
    for (const problem of body.details.problems) expect(problem.message).toMatch(/[«éèà]|identifiant|question/)
    expect(body.message).toContain(problems[0]!.path)
    expect(await definitionsOf(wave.id)).toEqual(before)
  })

  it.each([
    ['an unknown aggregation', { ...medianBudget, aggregation: 'mean' }],
    ['an unknown field', { ...medianBudget, weight: 2 }],
    ['a missing condition', { ...esusShare, when: undefined }],
    ['a factor value written as text', derived({ value: '0,35' as unknown as number, unit: 'kg', source: 'ADEME', version: '2022' })],
    ['an empty French label', { ...medianBudget, labelFr: '  ' }],
  ])('refuses %s with 400 INVALID_BODY, nothing changed', async (_name, indicator) => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const before = await definitionsOf(wave.id)
    const res = await request(staffCookie, 'PUT', url(wave.id), { indicators: [indicator] })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().code).toBe('INVALID_BODY')
    expect(await definitionsOf(wave.id)).toEqual(before)
  })

  it('accepts an exact factor and keeps it exactly', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const indicator = derived({ value: 0.35, unit: 'kg CO2e / €', source: 'ADEME, Base Empreinte', version: '2022' })
    const res = await request(staffCookie, 'PUT', url(wave.id), { indicators: [indicator] })
    expect(res.statusCode, res.body).toBe(200)
    expect((await definitionsOf(wave.id)).indicators).toEqual([indicator])
  })

  it('lets a researcher read but not write', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const before = await definitionsOf(wave.id)
    const put = await request(researcherCookie, 'PUT', url(wave.id), { indicators: [medianBudget] })
    expect(put.statusCode).toBe(403)
    expect(put.json().code).toBe('FORBIDDEN')
    const reset = await request(researcherCookie, 'POST', url(wave.id, '/reset'))
    expect(reset.statusCode).toBe(403)
    expect(await definitionsOf(wave.id)).toEqual(before)
  })

  it('answers 404 for an unknown wave', async () => {
    const res = await request(staffCookie, 'PUT', url('00000000-0000-4000-8000-000000000000'), { indicators: [] })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('WAVE_NOT_FOUND')
  })
})

describe('once the wave is open', () => {
  it('keeps each id it has on the same aggregation and questions; labels, new ids and removals pass', async () => {
    const wave = await waveFactory(ctx.database, { status: 'open' })
    expect((await request(staffCookie, 'PUT', url(wave.id), { indicators: [medianBudget, esusShare] })).statusCode).toBe(200)

    for (const changed of [
      { ...medianBudget, aggregation: 'sum' as const },
      { ...medianBudget, question: 'salaries_nombre' },
    ]) {
      const refused = await request(staffCookie, 'PUT', url(wave.id), { indicators: [esusShare, changed] })
      expect(refused.statusCode, refused.body).toBe(422)
      expect(refused.json()).toMatchObject({ code: 'INDICATORS_INVALID' })
      expect(refused.json().details.problems).toEqual([
        {
          path: 'indicators[1].id',
          code: 'OPENED_DEFINITION',
          message:
            'La vague est ouverte : « budget_median » reste la médiane de budget_annuel. Donnez un nouvel identifiant à ce calcul, ou revenez à celui-là.',
        },
      ])
      expect((await definitionsOf(wave.id)).indicators).toEqual([medianBudget, esusShare])
    }

    const relabelled = { ...medianBudget, labelFr: 'Budget annuel médian', unit: 'k€' }
    const total = { ...medianBudget, id: 'budget_total', aggregation: 'sum' as const }
    const res = await request(staffCookie, 'PUT', url(wave.id), { indicators: [total, relabelled] })
    expect(res.statusCode, res.body).toBe(200)
    expect((await definitionsOf(wave.id)).indicators).toEqual([total, relabelled])
  })

  it('leaves a draft wave’s ids free', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    expect((await request(staffCookie, 'PUT', url(wave.id), { indicators: [medianBudget] })).statusCode).toBe(200)
    const res = await request(staffCookie, 'PUT', url(wave.id), { indicators: [{ ...medianBudget, aggregation: 'sum' }] })
    expect(res.statusCode, res.body).toBe(200)
  })
})

describe('after a release', () => {
  it('accepts new labels and new ids, and refuses another computation under a published id', async () => {
    const wave = await waveFactory(ctx.database, { status: 'open' })
    expect((await request(staffCookie, 'PUT', url(wave.id), { indicators: [medianBudget] })).statusCode).toBe(200)
    const release = await request(staffCookie, 'POST', `/api/waves/${wave.id}/releases`, {})
    expect(release.statusCode, release.body).toBe(201)
    expect((await definitionsOf(wave.id)).releasedIds).toEqual(['budget_median'])

    const relabelled = { ...medianBudget, labelFr: 'Budget annuel médian' }
    expect((await request(staffCookie, 'PUT', url(wave.id), { indicators: [relabelled, esusShare] })).statusCode).toBe(200)

    const recomputed = { ...medianBudget, aggregation: 'sum' as const }
    const refused = await request(staffCookie, 'PUT', url(wave.id), { indicators: [esusShare, recomputed] })
    expect(refused.statusCode, refused.body).toBe(422)
    expect(refused.json().details.problems).toEqual([
      { path: 'indicators[1].id', code: 'RELEASED_DEFINITION', message: expect.stringContaining('publication n° 1') },
    ])
    expect((await definitionsOf(wave.id)).indicators).toEqual([relabelled, esusShare])

    expect((await request(staffCookie, 'PUT', url(wave.id), { indicators: [{ ...recomputed, id: 'budget_total' }] })).statusCode).toBe(200)
  })
})

describe('POST /api/waves/{id}/indicator-definitions/reset', () => {
  it('goes back to the whole default catalogue on the 2025 questionnaire', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    expect((await request(staffCookie, 'PUT', url(wave.id), { indicators: [medianBudget] })).statusCode).toBe(200)
    const res = await request(staffCookie, 'POST', url(wave.id, '/reset'))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<IndicatorDefinitions>().indicators.map((d) => d.id)).toEqual(defaultIndicators.map((d) => d.id))
    const audit = await ctx.database.db.selectFrom('audit_events').select(['action', 'details']).where('wave_id', '=', wave.id).execute()
    expect(audit).toContainEqual({ action: 'indicators.reset', details: { count: defaultIndicators.length } })
  })

  it('keeps only the default indicators whose questions the questionnaire has', async () => {
    const questionnaire = {
      pages: [
        {
          name: 'p1',
          elements: [
            { type: 'text', name: 'budget_annuel', title: 'Budget annuel', inputType: 'number' },
            { type: 'text', name: 'salaries_nombre', title: 'Salariés', inputType: 'number' },
          ],
        },
      ],
    }
    const wave = await waveFactory(ctx.database, { status: 'draft', questionnaire })
    const res = await request(staffCookie, 'POST', url(wave.id, '/reset'))
    expect(res.statusCode, res.body).toBe(200)
    const { indicators, questions } = res.json<IndicatorDefinitions>()
    expect(questions.map((q) => q.name)).toEqual(['budget_annuel', 'salaries_nombre'])
    expect(indicators.length).toBeGreaterThan(0)
    expect(indicators.length).toBeLessThan(defaultIndicators.length)
    for (const indicator of indicators) {
      const read = JSON.stringify(indicator)
      expect(read.includes('budget_annuel') || read.includes('salaries_nombre'), indicator.id).toBe(true)
    }
  })
})
