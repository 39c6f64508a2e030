import type { IndicatorCell } from '@sonde/contracts'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import type { JsonValue } from '@sonde/db'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultIndicators } from '../indicators/default-indicators'
import type { IndicatorDefinition } from '../indicators/types'
import { wilsonInterval } from '../statistics/wilson'
import { createFamilies, createResponse, createWave } from '../testing/factories'
import { dimensionFor, sizeClassOf } from '../dimensions/dimensions'
import { defaultQuestionnaire, listQuestions } from '@sonde/survey'
import { cellKey, computeCellCandidates, computeIndicators, protectCells } from './compute-indicators'
import type { CellCandidate } from '../disclosure/disclosure'

const FAMILIES = ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure']

let testDb: TestDatabase
let waveId: string
/** Every family of the wave at once: with the overall margin and secondary suppression. */
let cells: IndicatorCell[]
/** One family at a time: its own figures, no margin to protect. */
let alone: IndicatorCell[]
/** One family at a time, before disclosure control: the figures as computed. */
let raw: CellCandidate[]

function find(list: IndicatorCell[], indicator: string, family: string, category: string | null = null): IndicatorCell {
  const found = list.find((c) => c.indicator === indicator && c.family === family && c.category === category && c.dimensionValue === null)
  if (!found) throw new Error(`no cell ${indicator} × ${family} × ${category}`)
  return found
}

/** The cell as computed for its family alone. */
function cell(indicator: string, family: string, category: string | null = null): IndicatorCell {
  return find(alone, indicator, family, category)
}

/** The figures of a cell before disclosure control, for its family alone. */
function figures(indicator: string, family: string, category: string | null = null): CellCandidate {
  const found = raw.find((c) => c.indicator === indicator && c.family === family && c.category === category && c.dimensionValue === null)
  if (!found) throw new Error(`no candidate ${indicator} × ${family} × ${category}`)
  return found
}

// Insertion: ten organisations (I1 is in réemploi too); I10 answers strings where numbers and
// booleans are expected. Réemploi: I1 and R1…R4, R1 dominating the FTE total. Inclusion: two.
const insertion: Record<string, JsonValue>[] = [
  {
    budget_annuel: 12000,
    ins_personnes_formees: 5,
    gouvernance_democratique: true,
    forme_juridique: 'association',
    salaries_etp: 2,
    ca_femmes: 3,
    ca_membres: 6,
  },
  {
    budget_annuel: 15000,
    ins_personnes_formees: 8,
    gouvernance_democratique: true,
    forme_juridique: 'association',
    salaries_etp: 3,
    ca_femmes: 2,
    ca_membres: 8,
  },
  {
    budget_annuel: 20000,
    ins_personnes_formees: 12,
    gouvernance_democratique: true,
    forme_juridique: 'association',
    salaries_etp: 1.5,
    ca_femmes: 5,
    ca_membres: 5,
  },
  {
    budget_annuel: 25000,
    ins_personnes_formees: 20,
    gouvernance_democratique: true,
    forme_juridique: 'association',
    salaries_etp: 4,
    ca_femmes: 1,
    ca_membres: 4,
  },
  {
    budget_annuel: 30000,
    ins_personnes_formees: 7,
    gouvernance_democratique: true,
    forme_juridique: 'association',
    salaries_etp: 2.5,
    ca_femmes: 4,
    ca_membres: 10,
  },
  { budget_annuel: 40000, ins_personnes_formees: 3, gouvernance_democratique: true, forme_juridique: 'scop', salaries_etp: 1, ca_femmes: 0, ca_membres: 0 },
  {
    budget_annuel: 50000,
    ins_personnes_formees: 10,
    gouvernance_democratique: true,
    forme_juridique: 'scop',
    salaries_etp: 2,
    ca_femmes: 2,
    ca_membres: 'dix',
  },
  { budget_annuel: 80000, ins_personnes_formees: 6, gouvernance_democratique: false, forme_juridique: 'scop', salaries_etp: 3 },
  { budget_annuel: 100000, ins_personnes_formees: 9, gouvernance_democratique: false, forme_juridique: 'scic', salaries_etp: 1 },
  { budget_annuel: 250000, ins_personnes_formees: 'douze', gouvernance_democratique: 'oui', forme_juridique: 'sarl', salaries_etp: 5 },
]
const I1_REEMPLOI = { ree_smartphones: 100, ree_portables: 50, ree_solidaires: 30, ree_annees_usage_supplementaires: 2 }
const reemploi: Record<string, JsonValue>[] = [
  {
    ree_smartphones: 200,
    ree_portables: 100,
    ree_fixes: 20,
    ree_tablettes: 30,
    ree_ecrans: 50,
    ree_solidaires: 100,
    ree_deee_collectes_kg: 1000,
    ree_deee_reemployes_kg: 300,
    salaries_etp: 100,
    budget_annuel: 500000,
  },
  {
    ree_smartphones: 50,
    ree_solidaires: 10,
    ree_annees_usage_supplementaires: 3,
    ree_deee_collectes_kg: 500,
    ree_deee_reemployes_kg: 100,
    salaries_etp: 3,
    budget_annuel: 60000,
  },
  {
    ree_portables: 80,
    ree_solidaires: 40,
    ree_annees_usage_supplementaires: 'deux',
    ree_deee_collectes_kg: 200,
    ree_deee_reemployes_kg: 150,
    salaries_etp: 4,
    budget_annuel: 90000,
  },
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
  alone = []
  raw = []
  for (const family of FAMILIES) {
    alone.push(...(await computeIndicators(db, waveId, defaultIndicators, { minCellSize: 3, families: [family] })))
    raw.push(...(await computeCellCandidates(db, waveId, defaultIndicators, { minCellSize: 3, families: [family] })).candidates)
  }
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
      dimensionValue: null,
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

  it('gives a share with its Wilson interval, booleans only, and hides it when fewer than k do not meet it', () => {
    const expected = wilsonInterval(7, 9)
    const share = figures('gouvernance_democratique_part', 'insertion')
    expect(share).toMatchObject({ n: 9, count: 7 })
    expect(share.value).toBeCloseTo(7 / 9, 12)
    expect(share.ciLow).toBeCloseTo(expected?.low ?? NaN, 12)
    expect(share.ciHigh).toBeCloseTo(expected?.high ?? NaN, 12)
    expect(share.ciLow).toBeCloseTo(0.453, 3)
    expect(share.ciHigh).toBeCloseTo(0.937, 3)
    // 2 of the 9 have no democratic governance: fewer than k = 3, the share would single them out.
    expect(cell('gouvernance_democratique_part', 'insertion')).toMatchObject({ n: 9, value: null, suppressed: true, reason: 'complement' })
  })

  it('pools ratios over organisations answering both sides', async () => {
    // solidaires 30+100+10+40 over devices 150+400+50+80; R4 has no numeric device count
    const ratios = defaultIndicators.filter((d) => d.aggregation === 'pooled_ratio' || d.aggregation === 'median_ratio')
    const computed = await computeIndicators(testDb.db, waveId, ratios, { minCellSize: 3, families: ['reemploi'] })
    const solidaire = find(computed, 'ree_part_solidaire', 'reemploi')
    expect(solidaire).toMatchObject({ n: 4, suppressed: false, ciLow: null, ciHigh: null })
    expect(solidaire.value).toBeCloseTo(180 / 680, 12)
    expect(find(computed, 'ree_taux_reemploi_deee', 'reemploi').value).toBeCloseTo(550 / 1700, 12)
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

  it('hides a ratio that would give away a secret total it is made of', () => {
    // One organisation refurbished screens: their total is secret, and the share given away
    // (solidaires over all devices) would give it back from the published totals of the others.
    expect(cell('ree_ecrans_total', 'reemploi')).toMatchObject({ n: 1, value: null, reason: 'min_count' })
    expect(cell('ree_part_solidaire', 'reemploi')).toMatchObject({ n: 4, value: null, suppressed: true, reason: 'secondary' })
    expect(cell('ree_co2e_fabrication_neuf', 'reemploi')).toMatchObject({ value: null, reason: 'secondary' })
  })

  it('derives CO2e from the factors, times the extra years of use or 1', () => {
    // I1 (100·24.6 + 50·27)·2, R1 (200·24.6 + 100·27)·1, R2 50·24.6·3, R3 80·27·1 ("deux")
    const co2 = cell('ree_co2e_evite', 'reemploi')
    expect(co2).toMatchObject({ n: 4, suppressed: false })
    expect(co2.value).toBeCloseTo(7620 + 7620 + 3690 + 2160, 6)
  })

  it('gives each category of a distribution its share and Wilson interval, and hides a category chosen by nobody', () => {
    // association 5, scop 3, scic 1 of 9 ("sarl" is not a category)
    const association = cell('forme_juridique', 'insertion', 'association')
    expect(association).toMatchObject({ n: 9, suppressed: false })
    expect(association.value).toBeCloseTo(5 / 9, 12)
    expect(association.ciLow).toBeCloseTo(wilsonInterval(5, 9)?.low ?? NaN, 12)
    expect(figures('forme_juridique', 'insertion', 'cae')).toMatchObject({ n: 9, count: 0, value: 0, ciLow: 0 })
    expect(cell('forme_juridique', 'insertion', 'cae')).toMatchObject({ n: 9, value: null, suppressed: true, reason: 'min_count' })
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
      dimensionValue: null,
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

  it('gives every family of the wave a cell, and the overall margin, empty ones suppressed', () => {
    for (const family of [...FAMILIES, '_all']) {
      expect(find(cells, 'budget_annuel_median', family).family).toBe(family)
    }
    expect(find(cells, 'gouvernance_democratique_part', 'communs')).toMatchObject({ n: 0, value: null, suppressed: true, reason: 'min_count' })
    // An indicator of one family has no overall margin: it would repeat the family.
    expect(cells.filter((c) => c.indicator === 'ins_personnes_formees_total').map((c) => c.family)).toEqual(['insertion'])
    expect(cells.filter((c) => c.indicator === 'forme_juridique')).toHaveLength(9 * (FAMILIES.length + 1))
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
      {
        id: 'x_dist',
        labelFr: 'x',
        labelEn: 'x',
        unit: '',
        aggregation: 'distribution',
        question: 'forme_juridique',
        categories: ["association'--"],
        multiple: false,
        families: null,
      },
    ]
    const result = await computeIndicators(testDb.db, waveId, hostile, { minCellSize: 3 })
    expect(result).toHaveLength(3 * (FAMILIES.length + 1))
    expect(result.every((c) => c.n === 0 && c.suppressed)).toBe(true)
    const { count } = await testDb.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
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
    const { candidates } = await computeCellCandidates(testDb.db, waveId, [familles], { minCellSize: 3 })
    // réemploi: I1 (insertion + réemploi) and R1…R4
    expect(candidates.map((c) => [c.category, c.n, c.count, c.value])).toEqual([
      ['insertion', 5, 1, 0.2],
      ['reemploi', 5, 5, 1],
    ])
    // 1 of 5 and 5 of 5: one side under k each.
    const result = await computeIndicators(testDb.db, waveId, [familles], { minCellSize: 3 })
    expect(result.map((c) => [c.category, c.n, c.value, c.reason])).toEqual([
      ['insertion', 5, null, 'min_count'],
      ['reemploi', 5, null, 'complement'],
    ])
  })

  it('computes a kind alone (no numeric question to read)', async () => {
    const share = defaultIndicators.filter((d) => d.id === 'gouvernance_democratique_part')
    const result = await computeIndicators(testDb.db, waveId, share, { minCellSize: 3 })
    expect(result.find((c) => c.family === 'insertion')).toEqual(find(cells, 'gouvernance_democratique_part', 'insertion'))
    expect(result).toHaveLength(FAMILIES.length + 1)
  })

  it('returns nothing for no definitions', async () => {
    expect(await computeIndicators(testDb.db, waveId, [], { minCellSize: 3 })).toEqual([])
  })
})

describe(`computeIndicators: overall margin, dimensions and the kinds of terms (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded'})`, () => {
  it('counts an organisation of two families once in the overall margin, and hides a partner for a secret family', () => {
    // FTE: insertion 25 (10 organisations, I1 with 2), réemploi 2 + 108 (R1 alone has 100: dominance).
    expect(find(cells, 'salaries_etp_total', '_all')).toMatchObject({ n: 14, value: 133, suppressed: false })
    expect(find(cells, 'salaries_etp_total', 'reemploi')).toMatchObject({ n: 5, value: null, reason: 'dominance' })
    // Otherwise réemploi = 133 − insertion + I1's 2 counted twice… recomputable by subtraction.
    expect(find(cells, 'salaries_etp_total', 'insertion')).toMatchObject({ n: 10, value: null, reason: 'secondary' })
    // Alone, insertion has nothing to protect.
    expect(cell('salaries_etp_total', 'insertion')).toMatchObject({ n: 10, value: 25, suppressed: false })
  })

  it('leaves no suppressed total of the catalogue recomputable from the published cells of its line', () => {
    for (const definition of defaultIndicators) {
      if (definition.aggregation !== 'sum' && definition.aggregation !== 'derived_sum') continue
      const line = cells.filter((c) => c.indicator === definition.id)
      const all = line.find((c) => c.family === '_all')
      if (!all || all.value === null) continue
      const hidden = line.filter((c) => c.family !== '_all' && c.suppressed && (c.n ?? 0) > 0)
      expect(hidden.length, definition.id).not.toBe(1)
    }
  })

  it('crosses the families with size classes cut at 0, 10 and 50 FTE, with margins equal to the table by family', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['insertion', 'inclusion'])
    const fte = [0, 0, 0, 0.5, 3, 9.9, 10, 12, 49.9, 50, 80, 120]
    for (const [i, value] of fte.entries()) {
      await createResponse(db, wave, { familles: [i % 2 === 0 ? 'insertion' : 'inclusion'], salaries_etp: value, gouvernance_democratique: i % 3 === 0 })
    }
    await createResponse(db, wave, { familles: ['insertion'], gouvernance_democratique: true })
    await createResponse(db, wave, { familles: ['inclusion'], salaries_etp: 'dix', gouvernance_democratique: false })
    const dimension = dimensionFor('size_class', [])
    expect(dimension.values.map((v) => v.key)).toEqual(['etp_0', 'etp_1_9', 'etp_10_49', 'etp_50_plus', '_none'])
    expect(fte.map(sizeClassOf)).toEqual([
      'etp_0',
      'etp_0',
      'etp_0',
      'etp_1_9',
      'etp_1_9',
      'etp_1_9',
      'etp_10_49',
      'etp_10_49',
      'etp_10_49',
      'etp_50_plus',
      'etp_50_plus',
      'etp_50_plus',
    ])
    const crossed = await computeIndicators(db, wave, defaultIndicators, { minCellSize: 3, dimension })
    const byFamily = await computeIndicators(db, wave, defaultIndicators, { minCellSize: 3 })
    const share = (family: string, value: string) =>
      crossed.find((c) => c.indicator === 'gouvernance_democratique_part' && c.family === family && c.dimensionValue === value)!
    // Overall: three organisations in each class, two without a number of FTE.
    expect(['etp_0', 'etp_1_9', 'etp_10_49', 'etp_50_plus', '_none', '_all'].map((v) => share('_all', v).n)).toEqual([3, 3, 3, 3, 2, 14])
    // Each family has at most two organisations per class: those cells are hidden, never 0.
    for (const value of ['etp_0', 'etp_1_9', 'etp_10_49', 'etp_50_plus']) {
      expect(share('insertion', value)).toMatchObject({ value: null, suppressed: true, reason: 'min_count' })
    }
    // The margins of the crossed table are the table by family, figure for figure.
    for (const c of byFamily) {
      const margin = crossed.find((x) => x.indicator === c.indicator && x.family === c.family && x.category === c.category && x.dimensionValue === '_all')
      expect(margin, `${c.indicator} ${c.family} ${c.category}`).toEqual({ ...c, dimensionValue: '_all' })
    }
  })

  it('crosses with the region answered, anything else counted as not stated, and hides every cell of a dimension too fine to publish', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 5 })
    await createFamilies(db, wave, ['insertion', 'communs'])
    const regions = ['bretagne', 'bretagne', 'normandie', 'corse', 'pas_une_region']
    for (const [i, region] of regions.entries()) {
      await createResponse(db, wave, { familles: ['insertion'], region, budget_annuel: 1000 * (i + 1) })
    }
    await createResponse(db, wave, { familles: ['insertion'], budget_annuel: 99 })
    const dimension = dimensionFor('region', [{ name: 'region', choices: ['bretagne', 'normandie', 'corse'].map((value) => ({ value, text: value })) }])
    const crossed = await computeIndicators(db, wave, defaultIndicators, { minCellSize: 5, dimension })
    const budget = crossed.filter((c) => c.indicator === 'budget_annuel_median' && c.family === 'insertion')
    expect(budget.map((c) => [c.dimensionValue, c.n])).toEqual([
      ['bretagne', 2],
      ['normandie', 1],
      ['corse', 1],
      ['_none', 2],
      ['_all', 6],
    ])
    // Under the minimum everywhere but in the margin: every crossed cell is hidden.
    expect(budget.filter((c) => c.dimensionValue !== '_all').every((c) => c.suppressed && c.value === null)).toBe(true)
    expect(budget.find((c) => c.dimensionValue === '_all')).toMatchObject({ value: 2500, suppressed: false })
    // No free text of a dimension is ever published as a value.
    expect(crossed.some((c) => c.dimensionValue === 'pas_une_region')).toBe(false)
  })

  it('computes counted choices, products of two answers and bounds on a number', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['communs'])
    const answers: Record<string, JsonValue>[] = [
      {
        nr_fonctions_equipees: ['bureautique', 'messagerie', 'stockage', 'visio'],
        nr_outils_libres: ['bureautique'],
        budget_annuel: 100000,
        part_financement_public: 50,
        salaire_plus_haut_smic: 3,
      },
      {
        nr_fonctions_equipees: ['bureautique', 'messagerie'],
        nr_outils_libres: ['bureautique', 'messagerie'],
        budget_annuel: 300000,
        part_financement_public: 10,
        salaire_plus_haut_smic: 10,
      },
      {
        nr_fonctions_equipees: ['bureautique', 'messagerie', 'crm', 'paie', 'site_web'],
        budget_annuel: 50000,
        part_financement_public: 80,
        salaire_plus_haut_smic: 10.5,
      },
      { nr_fonctions_equipees: ['crm', 'paie'], nr_outils_libres: ['crm', 1], part_financement_public: 40, salaire_plus_haut_smic: 'dix' },
      { nr_fonctions_equipees: [], nr_outils_libres: [], budget_annuel: 20000 },
      { nr_outils_libres: ['bureautique'] },
      { nr_fonctions_equipees: ['visio', 'crm', 'paie'], nr_outils_libres: ['visio'] },
      { nr_fonctions_equipees: ['bureautique'], nr_outils_libres: [] },
    ]
    for (const a of answers) await createResponse(db, wave, { familles: ['communs'], ...a })
    const { candidates: result } = await computeCellCandidates(db, wave, defaultIndicators, { minCellSize: 3 })
    const get = (id: string) => result.find((c) => c.indicator === id && c.family === 'communs')!
    // Per organisation 1/4, 2/2, 0/5 (no free software ticked), 1/2 (a number is not a choice),
    // 1/3, 0/1; an empty list of equipped functions has no ratio; free software alone has no
    // denominator. Sorted: 0, 0, 1/4, 1/3, 1/2, 1.
    const median = get('nr_logiciels_libres_part_mediane')
    expect(median.n).toBe(6)
    expect(median.value).toBeCloseTo((1 / 4 + 1 / 3) / 2, 12)
    expect(median.q1).toBeCloseTo(0.25 * 0.25, 12)
    expect(median.q3).toBeCloseTo(1 / 3 + 0.75 * (1 / 2 - 1 / 3), 12)
    // Pooled: (1 + 2 + 0 + 1 + 0 + 1 + 0) / (4 + 2 + 5 + 2 + 0 + 3 + 1), the empty list counting as 0 of 0.
    expect(get('nr_logiciels_libres_part_globale').n).toBe(7)
    expect(get('nr_logiciels_libres_part_globale').value).toBeCloseTo(5 / 17, 12)
    // Public funding pooled over budgets: (50 % × 100k + 10 % × 300k + 80 % × 50k) / 450k.
    expect(get('part_financement_public_globale').n).toBe(3)
    expect(get('part_financement_public_globale').value).toBeCloseTo(120000 / 450000, 12)
    // ESUS cap: highest pay ≤ 10 × SMIC for 2 of the 3 numeric answers ("dix" is not a number).
    expect(get('esus_plafond_plus_haute_part')).toMatchObject({ n: 3 })
    expect(get('esus_plafond_plus_haute_part').value).toBeCloseTo(2 / 3, 12)
  })

  it('compares a long answer exactly, without storing it', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['communs'])
    const long = `${'é'.repeat(99)}🙂 et la suite`
    for (const text of [long, long, `${long}!`, [...long].slice(0, 100).join('')])
      await createResponse(db, wave, { familles: ['communs'], nom_organisation: text })
    const definition: IndicatorDefinition = {
      id: 'nom_long',
      labelFr: 'x',
      labelEn: 'x',
      unit: 'proportion',
      aggregation: 'share',
      question: 'nom_organisation',
      when: { equals: long },
      families: null,
    }
    const [share] = (await computeCellCandidates(db, wave, [definition], { minCellSize: 3 })).candidates
    expect(share).toMatchObject({ n: 4, count: 2, value: 0.5 })
    const { rows } = await sql<{ txt: string[] }>`select txt from response_values where wave_id = ${wave}`.execute(db)
    expect(rows.flat().some((row) => row.txt.some((t) => t?.includes('et la suite')))).toBe(false)
  })

  it('follows the responses: a reopened one leaves the figures, a corrected one changes them', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['mesure'])
    const ids: string[] = []
    for (const count of [10, 20, 30, 40]) ids.push(await createResponse(db, wave, { familles: ['mesure'], mes_outils_diffuses: count }))
    const total = async () =>
      (await computeIndicators(db, wave, defaultIndicators, { minCellSize: 3 })).find((c) => c.indicator === 'mes_outils_diffuses_total')!
    expect(await total()).toMatchObject({ n: 4, value: 100 })
    await db.updateTable('responses').set({ status: 'in_progress' }).where('id', '=', ids[0]!).execute()
    expect(await total()).toMatchObject({ n: 3, value: 90 })
    await db
      .updateTable('responses')
      .set({ answers: { familles: ['mesure'], mes_outils_diffuses: 25 } })
      .where('id', '=', ids[1]!)
      .execute()
    expect(await total()).toMatchObject({ n: 3, value: 95 })
    await db.updateTable('responses').set({ status: 'submitted' }).where('id', '=', ids[0]!).execute()
    expect(await total()).toMatchObject({ n: 4, value: 105 })
    await db.deleteFrom('responses').where('id', '=', ids[3]!).execute()
    expect(await total()).toMatchObject({ n: 3, value: 65 })
  })
})

describe(`computeCellCandidates and protectCells: what disclosure control v2 reads (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded'})`, () => {
  const questions = listQuestions(defaultQuestionnaire)

  it('counts, in the same pass, the organisations answering the filter question of a follow-up question', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['communs', 'mesure'])
    // communs: 6 published code (5 named a licence), 4 did not, 1 left it blank; mesure: 3, all published.
    const communs: Record<string, JsonValue>[] = [
      ...['agpl', 'gpl', 'mit', 'mit', 'apache'].map((licence) => ({ nr_code_publie: true, nr_licence_code: licence })),
      { nr_code_publie: true },
      ...Array.from({ length: 4 }, () => ({ nr_code_publie: false })),
      {},
    ]
    for (const answers of communs) await createResponse(db, wave, { familles: ['communs'], ...answers })
    for (const licence of ['mit', 'mit', 'gpl']) await createResponse(db, wave, { familles: ['mesure'], nr_code_publie: true, nr_licence_code: licence })
    const definitions = defaultIndicators.filter((d) => d.id === 'nr_licence_code' || d.id === 'nr_code_publie_part')
    const { candidates } = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, questions })
    const licence = (family: string) => candidates.filter((c) => c.indicator === 'nr_licence_code' && c.family === family)
    expect(licence('communs').every((c) => c.n === 5 && c.filterN === 10)).toBe(true)
    expect(licence('mesure').every((c) => c.n === 3 && c.filterN === 3)).toBe(true)
    expect(licence('_all').every((c) => c.n === 8 && c.filterN === 13)).toBe(true)
    expect(candidates.filter((c) => c.indicator === 'nr_code_publie_part').map((c) => c.filterN)).toEqual([null, null, null])
    // Without the questionnaire, nothing is filtered.
    const plain = await computeCellCandidates(db, wave, definitions, { minCellSize: 3 })
    expect(plain.candidates.every((c) => c.filterN === null)).toBe(true)

    const cells = await computeIndicators(db, wave, definitions, { minCellSize: 3, questions })
    // mesure: all 3 who were asked published their code — their licences would say so (100 %).
    expect(cells.filter((c) => c.indicator === 'nr_licence_code' && c.family === 'mesure').every((c) => c.reason === 'filter_count')).toBe(true)
    // …and communs' n would come back as 8 − 3: hidden too, all of its categories.
    expect(cells.filter((c) => c.indicator === 'nr_licence_code' && c.family === 'communs').every((c) => c.suppressed)).toBe(true)
  })

  it('keeps the two largest contributions of every total, across groups and families', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['insertion', 'reemploi'])
    const rows: [string[], number, string][] = [
      [['insertion'], 40, 'bretagne'],
      [['insertion'], 7, 'normandie'],
      [['insertion', 'reemploi'], 35, 'bretagne'],
      [['reemploi'], 12, 'normandie'],
      [['reemploi'], 12, 'bretagne'],
      [['reemploi'], 3, 'corse'],
    ]
    for (const [familles, etp, region] of rows) {
      await createResponse(db, wave, { familles, salaries_etp: etp, region, ins_beneficiaires_total: etp * 2, ins_beneficiaires_precarite: etp })
    }
    const definitions = defaultIndicators.filter((d) => d.id === 'salaries_etp_total' || d.id === 'ins_part_precarite_globale')
    const contributions = (result: CellCandidate[], id: string, family: string, dimensionValue: string | null = null) =>
      result.find((c) => c.indicator === id && c.family === family && c.dimensionValue === dimensionValue)!.contributions
    const { candidates } = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, questions })
    expect(contributions(candidates, 'salaries_etp_total', 'insertion')).toEqual([{ largest: 40, second: 35, total: 82, lowerBound: 0 }])
    expect(contributions(candidates, 'salaries_etp_total', 'reemploi')).toEqual([{ largest: 35, second: 12, total: 62, lowerBound: 0 }])
    expect(contributions(candidates, 'salaries_etp_total', '_all')).toEqual([{ largest: 40, second: 35, total: 109, lowerBound: 0 }])
    // A pooled ratio: precarious beneficiaries (y) over all (x), each side with its two largest.
    expect(contributions(candidates, 'ins_part_precarite_globale', 'insertion')).toEqual([
      { largest: 40, second: 35, total: 82, lowerBound: 0 },
      { largest: 80, second: 70, total: 164, lowerBound: 0 },
    ])
    // Crossed by region, each group holds one value or two: the cell's two largest are still right.
    const dimension = dimensionFor('region', questions)
    const crossed = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, questions, dimension })
    expect(contributions(crossed.candidates, 'salaries_etp_total', 'reemploi', 'bretagne')).toEqual([{ largest: 35, second: 12, total: 47, lowerBound: 0 }])
    expect(contributions(crossed.candidates, 'salaries_etp_total', 'reemploi', 'corse')).toEqual([{ largest: 3, second: 0, total: 3, lowerBound: 0 }])
    expect(contributions(crossed.candidates, 'salaries_etp_total', '_all', '_all')).toEqual(contributions(candidates, 'salaries_etp_total', '_all'))
  })

  it('counts only the responses it is given', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['mesure'])
    const ids: string[] = []
    for (const count of [10, 20, 30, 40]) ids.push(await createResponse(db, wave, { familles: ['mesure'], mes_outils_diffuses: count }))
    const definitions = defaultIndicators.filter((d) => d.id === 'mes_outils_diffuses_total')
    const some = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, responseIds: [ids[1]!, ids[3]!] })
    expect(some.candidates).toMatchObject([{ n: 2, value: 60 }])
    const none = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, responseIds: [] })
    expect(none.candidates).toEqual([])
  })

  it('withholds the quartiles of a median that, beside its total, would give the largest answer away', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 5 })
    await createFamilies(db, wave, ['communs'])
    for (const count of [0, 0, 0, 0, 0, 4, 10, 10, 20, 100]) await createResponse(db, wave, { familles: ['communs'], salaries_nombre: count })
    const definitions = defaultIndicators.filter((d) => d.id === 'salaries_nombre_total' || d.id === 'salaries_nombre_mediane')
    const [total, median] = await computeIndicators(db, wave, definitions, { minCellSize: 5, questions })
    expect(total).toMatchObject({ indicator: 'salaries_nombre_total', n: 10, value: 144, suppressed: false, reason: null })
    expect(median).toMatchObject({
      indicator: 'salaries_nombre_mediane',
      n: 10,
      value: 2,
      q1: null,
      q3: null,
      ciLow: null,
      ciHigh: null,
      suppressed: false,
      reason: 'p_percent',
    })
    // With p = 20 the total alone still passes (144 − 100 − 20 = 24 ≥ 20), but the median alone
    // bounds the largest answer by 116 < 120: the median cell is hidden.
    const strict = await computeIndicators(db, wave, definitions, { minCellSize: 5, questions, pPercent: 20 })
    expect(strict.map((c) => [c.reason, c.suppressed])).toEqual([
      [null, false],
      ['p_percent', true],
    ])
  })

  it('knows that a distribution crossed by its own question is 0 off its diagonal', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['insertion', 'reemploi'])
    for (const [i, forme] of ['association', 'association', 'association', 'scop', 'scop', 'scop', 'scop', 'association'].entries()) {
      await createResponse(db, wave, { familles: [i % 2 === 0 ? 'insertion' : 'reemploi'], forme_juridique: forme })
    }
    const definitions = defaultIndicators.filter((d) => d.id === 'forme_juridique')
    const dimension = dimensionFor('legal_form', questions)
    const { candidates } = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, questions, dimension })
    const cell = (family: string, value: string, category: string) =>
      candidates.find((c) => c.family === family && c.dimensionValue === value && c.category === category)!
    expect(cell('_all', 'scop', 'association')).toMatchObject({ count: 0, impossible: true })
    expect(cell('_all', 'scop', 'scop')).toMatchObject({ count: 4, n: 4 })
    expect(cell('_all', 'scop', 'scop').impossible).toBeUndefined()
    expect(cell('_all', '_all', 'association').impossible).toBeUndefined()
    const cells = await computeIndicators(db, wave, definitions, { minCellSize: 3, questions, dimension })
    // Off the diagonal: 0, known to all; on it: all of n. Only the margins (the table by family) say anything.
    expect(cells.filter((c) => c.dimensionValue !== '_all').every((c) => c.suppressed)).toBe(true)
    const byFamily = await computeIndicators(db, wave, definitions, { minCellSize: 3, questions })
    for (const c of byFamily)
      expect(cells.find((x) => x.family === c.family && x.category === c.category && x.dimensionValue === '_all')).toEqual({ ...c, dimensionValue: '_all' })
  })

  it('computes once and protects as often as asked; a hidden cell hides its margin in the crossed table as in the table by family', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: 3 })
    await createFamilies(db, wave, ['insertion', 'reemploi', 'inclusion'])
    for (const [i, family] of ['insertion', 'reemploi', 'inclusion'].entries()) {
      for (let j = 0; j < 8; j++) {
        await createResponse(db, wave, { familles: [family], region: j % 2 === 0 ? 'bretagne' : 'normandie', salaries_etp: 10 + i + j })
      }
    }
    const definitions = defaultIndicators.filter((d) => d.id === 'salaries_etp_total')
    const dimension = dimensionFor('region', questions)
    const computed = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, questions, dimension })
    const byFamily = await computeCellCandidates(db, wave, definitions, { minCellSize: 3, questions })
    const before = protectCells(computed)
    expect(before.every((c) => !c.suppressed || c.n === 0)).toBe(true)
    const hide = new Map([[cellKey('salaries_etp_total', 'reemploi', null, null), 'release_difference' as const]])
    const after = protectCells(computed, { hide })
    const flat = protectCells(byFamily, { hide })
    const margin = (family: string) => after.find((c) => c.family === family && c.dimensionValue === '_all')!
    expect(margin('reemploi')).toMatchObject({ suppressed: true, reason: 'release_difference' })
    for (const c of flat) expect(margin(c.family)).toEqual({ ...c, dimensionValue: '_all' })
    // Its regions cannot give it back: some of them are hidden too.
    expect(after.filter((c) => c.family === 'reemploi' && c.dimensionValue !== '_all' && c.suppressed).length).toBeGreaterThan(0)
    // Protecting again from the same candidates gives the same cells: nothing is consumed.
    expect(protectCells(computed, { hide })).toEqual(after)
  })
})
