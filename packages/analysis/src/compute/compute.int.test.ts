import type { IndicatorCell } from '@sonde/contracts'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import type { JsonValue } from '@sonde/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultIndicators } from '../indicators/default-indicators'
import type { IndicatorDefinition } from '../indicators/types'
import { wilsonInterval } from '../statistics/wilson'
import { createFamilies, createResponse, createWave } from '../testing/factories'
import { computeIndicators } from './compute-indicators'

const FAMILIES = ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure']

let testDb: TestDatabase
let waveId: string
let cells: IndicatorCell[]

function cell(indicator: string, family: string, category: string | null = null): IndicatorCell {
  const found = cells.find((c) => c.indicator === indicator && c.family === family && c.category === category)
  if (!found) throw new Error(`no cell ${indicator} × ${family} × ${category}`)
  return found
}

// Insertion: ten organisations (I1 is in réemploi too); I10 answers strings where numbers and
// booleans are expected. Réemploi: I1 and R1…R4, R1 dominating the FTE total. Inclusion: two.
const insertion: Record<string, JsonValue>[] = [
  { budget_annuel: 12000, ins_personnes_formees: 5, gouvernance_democratique: true, forme_juridique: 'association', salaries_etp: 2, ca_femmes: 3, ca_membres: 6 },
  { budget_annuel: 15000, ins_personnes_formees: 8, gouvernance_democratique: true, forme_juridique: 'association', salaries_etp: 3, ca_femmes: 2, ca_membres: 8 },
  { budget_annuel: 20000, ins_personnes_formees: 12, gouvernance_democratique: true, forme_juridique: 'association', salaries_etp: 1.5, ca_femmes: 5, ca_membres: 5 },
  { budget_annuel: 25000, ins_personnes_formees: 20, gouvernance_democratique: true, forme_juridique: 'association', salaries_etp: 4, ca_femmes: 1, ca_membres: 4 },
  { budget_annuel: 30000, ins_personnes_formees: 7, gouvernance_democratique: true, forme_juridique: 'association', salaries_etp: 2.5, ca_femmes: 4, ca_membres: 10 },
  { budget_annuel: 40000, ins_personnes_formees: 3, gouvernance_democratique: true, forme_juridique: 'scop', salaries_etp: 1, ca_femmes: 0, ca_membres: 0 },
  { budget_annuel: 50000, ins_personnes_formees: 10, gouvernance_democratique: true, forme_juridique: 'scop', salaries_etp: 2, ca_femmes: 2, ca_membres: 'dix' },
  { budget_annuel: 80000, ins_personnes_formees: 6, gouvernance_democratique: false, forme_juridique: 'scop', salaries_etp: 3 },
  { budget_annuel: 100000, ins_personnes_formees: 9, gouvernance_democratique: false, forme_juridique: 'scic', salaries_etp: 1 },
  { budget_annuel: 250000, ins_personnes_formees: 'douze', gouvernance_democratique: 'oui', forme_juridique: 'sarl', salaries_etp: 5 },
]
const I1_REEMPLOI = { ree_smartphones: 100, ree_portables: 50, ree_solidaires: 30, ree_annees_usage_supplementaires: 2 }
const reemploi: Record<string, JsonValue>[] = [
  { ree_smartphones: 200, ree_portables: 100, ree_fixes: 20, ree_tablettes: 30, ree_ecrans: 50, ree_solidaires: 100, ree_deee_collectes_kg: 1000, ree_deee_reemployes_kg: 300, salaries_etp: 100, budget_annuel: 500000 },
  { ree_smartphones: 50, ree_solidaires: 10, ree_annees_usage_supplementaires: 3, ree_deee_collectes_kg: 500, ree_deee_reemployes_kg: 100, salaries_etp: 3, budget_annuel: 60000 },
  { ree_portables: 80, ree_solidaires: 40, ree_annees_usage_supplementaires: 'deux', ree_deee_collectes_kg: 200, ree_deee_reemployes_kg: 150, salaries_etp: 4, budget_annuel: 90000 },
  { ree_smartphones: 'beaucoup', ree_solidaires: 5, salaries_etp: 1 },
]
// Would change every insertion figure if they were counted.
const noise = { ins_personnes_formees: 1000, budget_annuel: 1, gouvernance_democratique: false, salaries_etp: 1000, forme_juridique: 'cae' }

beforeAll(async () => {
  testDb = await createTestDatabase()
  const { db } = testDb
  waveId = await createWave(db, { minCellSize: 3 })
  await createFamilies(db, waveId, FAMILIES)
  for (const [i, answers] of insertion.entries()) {
    const familles = i === 0 ? ['insertion', 'reemploi'] : ['insertion']
    await createResponse(db, waveId, { familles, ...answers, ...(i === 0 ? I1_REEMPLOI : {}) })
  }
  for (const answers of reemploi) await createResponse(db, waveId, { familles: ['reemploi'], ...answers })
  for (const budget of [1000, 2000]) {
    await createResponse(db, waveId, { familles: ['inclusion'], budget_annuel: budget, inc_personnes_60_plus: 10, inc_personnes_accompagnees: 40 })
  }
  await createResponse(db, waveId, { familles: ['insertion'], ...noise }, 'in_progress')
  await createResponse(db, waveId, { familles: ['insertion'], ...noise }, 'not_started')
  await createResponse(db, waveId, { familles: 'insertion', ...noise })
  await createResponse(db, waveId, { familles: { insertion: true }, ...noise })
  await createResponse(db, waveId, { familles: ['inconnue'], ...noise })
  await createResponse(db, waveId, noise)
  const otherWave = await createWave(db, { minCellSize: 3 })
  await createFamilies(db, otherWave, FAMILIES)
  await createResponse(db, otherWave, { familles: ['insertion'], ...noise })

  cells = await computeIndicators(db, waveId, defaultIndicators, { minCellSize: 3 })
})

afterAll(async () => {
  await testDb?.drop()
})

describe(`computeIndicators (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded'})`, () => {
  it('sums the valid numeric answers of submitted responses only', () => {
    // 5+8+12+20+7+3+10+6+9; I10's "douze" and every unsubmitted or family-less response left out
    expect(cell('ins_personnes_formees_total', 'insertion')).toMatchObject({ n: 9, value: 80, suppressed: false, reason: null })
    expect(cell('salaries_etp_total', 'insertion')).toMatchObject({ n: 10, value: 25, suppressed: false })
  })

  it('gives the median, percentile_cont quartiles and the exact interval [x₂, x₉] at n = 10', () => {
    // sorted: 12 15 20 25 30 40 50 80 100 250 (k€); q1 = 20 + 0.25·5, q3 = 50 + 0.75·30
    expect(cell('budget_annuel_median', 'insertion')).toEqual({
      indicator: 'budget_annuel_median',
      family: 'insertion',
      category: null,
      n: 10,
      value: 35000,
      q1: 21250,
      q3: 72500,
      ciLow: 15000,
      ciHigh: 100000,
      suppressed: false,
      reason: null,
    })
    // sorted 3 5 6 7 8 9 10 12 20: n = 9 → L = 2, U = 8
    expect(cell('ins_personnes_formees_mediane', 'insertion')).toMatchObject({
      n: 9,
      value: 8,
      q1: 6,
      q3: 10,
      ciLow: 5,
      ciHigh: 12,
    })
  })

  it('gives a share with its Wilson interval, booleans only', () => {
    const expected = wilsonInterval(7, 9)
    const share = cell('gouvernance_democratique_part', 'insertion')
    expect(share).toMatchObject({ n: 9, suppressed: false })
    expect(share.value).toBeCloseTo(7 / 9, 12)
    expect(share.ciLow).toBeCloseTo(expected?.low ?? NaN, 12)
    expect(share.ciHigh).toBeCloseTo(expected?.high ?? NaN, 12)
    expect(share.ciLow).toBeCloseTo(0.453, 3)
    expect(share.ciHigh).toBeCloseTo(0.937, 3)
  })

  it('pools ratios over organisations answering both sides', () => {
    // solidaires 30+100+10+40 over devices 150+400+50+80; R4 has no numeric device count
    const solidaire = cell('ree_part_solidaire', 'reemploi')
    expect(solidaire).toMatchObject({ n: 4, suppressed: false, ciLow: null, ciHigh: null })
    expect(solidaire.value).toBeCloseTo(180 / 680, 12)
    expect(cell('ree_taux_reemploi_deee', 'reemploi').value).toBeCloseTo(550 / 1700, 12)
    // a 0/0 board counts in the pooled ratio, not in the median of ratios; "dix" in neither
    expect(cell('ca_part_femmes_globale', 'insertion')).toMatchObject({ n: 6 })
    expect(cell('ca_part_femmes_globale', 'insertion').value).toBeCloseTo(15 / 33, 12)
    expect(cell('ca_part_femmes_mediane', 'insertion')).toMatchObject({
      n: 5,
      value: 0.4,
      q1: 0.25,
      q3: 0.5,
      ciLow: null,
      ciHigh: null,
      suppressed: false,
    })
  })

  it('derives CO2e from the factors, times the extra years of use or 1', () => {
    // I1 (100·24.6 + 50·27)·2, R1 (200·24.6 + 100·27)·1, R2 50·24.6·3, R3 80·27·1 ("deux")
    const co2 = cell('ree_co2e_evite', 'reemploi')
    expect(co2).toMatchObject({ n: 4, suppressed: false })
    expect(co2.value).toBeCloseTo(7620 + 7620 + 3690 + 2160, 6)
  })

  it('gives each category of a distribution its share and Wilson interval', () => {
    // association 5, scop 3, scic 1 of 9 ("sarl" is not a category)
    const association = cell('forme_juridique', 'insertion', 'association')
    expect(association).toMatchObject({ n: 9, suppressed: false })
    expect(association.value).toBeCloseTo(5 / 9, 12)
    expect(association.ciLow).toBeCloseTo(wilsonInterval(5, 9)?.low ?? NaN, 12)
    expect(cell('forme_juridique', 'insertion', 'cae')).toMatchObject({ n: 9, value: 0, ciLow: 0, suppressed: false })
    expect(cells.filter((c) => c.indicator === 'forme_juridique' && c.family === 'insertion')).toHaveLength(9)
  })

  it('suppresses a small category, and the next one so that n cannot give it away', () => {
    expect(cell('forme_juridique', 'insertion', 'scic')).toMatchObject({ value: null, ciLow: null, ciHigh: null, suppressed: true, reason: 'min_count' })
    expect(cell('forme_juridique', 'insertion', 'scop')).toMatchObject({ value: null, suppressed: true, reason: 'secondary' })
  })

  it('suppresses a family with fewer organisations than the minimum, with null figures', () => {
    expect(cell('budget_annuel_median', 'inclusion')).toEqual({
      indicator: 'budget_annuel_median',
      family: 'inclusion',
      category: null,
      n: 2,
      value: null,
      ciLow: null,
      ciHigh: null,
      q1: null,
      q3: null,
      suppressed: true,
      reason: 'min_count',
    })
    expect(cell('inc_part_60_plus', 'inclusion')).toMatchObject({ n: 2, value: null, suppressed: true, reason: 'min_count' })
  })

  it('suppresses a median below 5 organisations even when the minimum is 3', () => {
    expect(cell('budget_annuel_median', 'reemploi')).toMatchObject({ n: 4, value: null, q1: null, q3: null, reason: 'median_min_count' })
  })

  it('suppresses a sum dominated by one organisation (NK(1,85))', () => {
    // R1 has 100 of 110 FTE
    expect(cell('salaries_etp_total', 'reemploi')).toMatchObject({ n: 5, value: null, suppressed: true, reason: 'dominance' })
  })

  it('gives every family of the wave a cell, empty ones suppressed', () => {
    for (const family of FAMILIES) {
      expect(cell('budget_annuel_median', family).family).toBe(family)
    }
    expect(cell('gouvernance_democratique_part', 'communs')).toMatchObject({ n: 0, value: null, suppressed: true, reason: 'min_count' })
    expect(cells.filter((c) => c.indicator === 'ins_personnes_formees_total').map((c) => c.family)).toEqual(['insertion'])
    expect(cells.filter((c) => c.indicator === 'forme_juridique')).toHaveLength(9 * FAMILIES.length)
  })

  it('applies the wave minimum when it is larger', async () => {
    const strict = await computeIndicators(testDb.db, waveId, defaultIndicators, { minCellSize: 5 })
    const find = (indicator: string, family: string) => strict.find((c) => c.indicator === indicator && c.family === family)
    expect(find('ree_part_solidaire', 'reemploi')).toMatchObject({ n: 4, value: null, reason: 'min_count' })
    expect(find('ins_personnes_formees_total', 'insertion')).toMatchObject({ n: 9, value: 80 })
  })

  it('takes the family keys as an argument', async () => {
    const only = await computeIndicators(testDb.db, waveId, defaultIndicators, { minCellSize: 3, families: ['reemploi'] })
    expect(new Set(only.map((c) => c.family))).toEqual(new Set(['reemploi']))
    expect(only.find((c) => c.indicator === 'ree_co2e_evite')?.value).toBeCloseTo(21090, 6)
  })

  it('binds question names as parameters: a hostile name reads nothing and breaks nothing', async () => {
    const hostile: IndicatorDefinition[] = [
      { id: 'x_sum', labelFr: 'x', labelEn: 'x', unit: '', aggregation: 'sum', question: "'); drop table responses; --", families: null },
      { id: 'x_share', labelFr: 'x', labelEn: 'x', unit: '', aggregation: 'share', question: "a' or '1'='1", when: { equals: "' or 1=1 --" }, families: null },
      { id: 'x_dist', labelFr: 'x', labelEn: 'x', unit: '', aggregation: 'distribution', question: 'forme_juridique', categories: ["association'--"], multiple: false, families: null },
    ]
    const result = await computeIndicators(testDb.db, waveId, hostile, { minCellSize: 3 })
    expect(result).toHaveLength(3 * FAMILIES.length)
    expect(result.every((c) => c.n === 0 && c.suppressed)).toBe(true)
    const { count } = await testDb.db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()
    expect(Number(count)).toBeGreaterThan(0)
  })

  it('counts a multiple-choice distribution per category, each organisation once in n', async () => {
    const familles: IndicatorDefinition = {
      id: 'familles_cumulees',
      labelFr: 'Familles',
      labelEn: 'Families',
      unit: 'proportion',
      aggregation: 'distribution',
      question: 'familles',
      categories: ['insertion', 'reemploi'],
      multiple: true,
      families: ['reemploi'],
    }
    const result = await computeIndicators(testDb.db, waveId, [familles], { minCellSize: 3 })
    // réemploi: I1 (insertion + réemploi) and R1…R4
    expect(result.map((c) => [c.category, c.n, c.value, c.reason])).toEqual([
      ['insertion', 5, null, 'min_count'],
      ['reemploi', 5, 1, null],
    ])
  })

  it('computes a kind alone (no numeric question to read)', async () => {
    const share = defaultIndicators.filter((d) => d.id === 'gouvernance_democratique_part')
    const result = await computeIndicators(testDb.db, waveId, share, { minCellSize: 3 })
    expect(result.find((c) => c.family === 'insertion')).toEqual(cell('gouvernance_democratique_part', 'insertion'))
    expect(result).toHaveLength(FAMILIES.length)
  })

  it('returns nothing for no definitions', async () => {
    expect(await computeIndicators(testDb.db, waveId, [], { minCellSize: 3 })).toEqual([])
  })
})
