import { describe, expect, it } from 'vitest'
import { planMicrodata, QUASI_IDENTIFIERS, shuffled, topCodeThreshold, type MicrodataPlan } from './microdata-protection'
import {
  FAMILIES,
  FAMILY_PAGE_QUESTION,
  generateWave,
  LEGAL_FORMS,
  pagesOf,
  REGIONS,
  table,
  text,
  VARIABLES,
  type Organisation,
  type WaveShape,
} from './microdata.fixtures'
import { responsesCsv } from './responses-csv'

// ---------------------------------------------------------------------------------------------
// The attacker's side, written apart from the implementation: what the codebook tells about the
// classes, and who can be who in a file.
// ---------------------------------------------------------------------------------------------

const ZONE: Record<string, string> = {
  ile_de_france: 'ile_de_france',
  grand_est: 'nord_est',
  hauts_de_france: 'nord_est',
  bourgogne_franche_comte: 'nord_est',
  normandie: 'nord_ouest',
  bretagne: 'nord_ouest',
  pays_de_la_loire: 'nord_ouest',
  centre_val_de_loire: 'nord_ouest',
  auvergne_rhone_alpes: 'sud_est',
  provence_alpes_cote_d_azur: 'sud_est',
  corse: 'sud_est',
  nouvelle_aquitaine: 'sud_ouest',
  occitanie: 'sud_ouest',
  guadeloupe: 'outre_mer',
  martinique: 'outre_mer',
  guyane: 'outre_mer',
  la_reunion: 'outre_mer',
  mayotte: 'outre_mer',
  national: 'national',
}
const FORM_GROUP: Record<string, string> = {
  association: 'association',
  scop: 'cooperative',
  scic: 'cooperative',
  cae: 'cooperative',
  cooperative_autre: 'cooperative',
  sas_ess: 'autre_forme',
  fondation: 'autre_forme',
  mutuelle: 'autre_forme',
  autre: 'autre_forme',
}
const sizeClasses = (fte: number) =>
  fte === 0 ? ['etp_0', 'etp_0_9'] : fte < 10 ? ['etp_1_9', 'etp_0_9'] : fte < 50 ? ['etp_10_49', 'etp_10_plus'] : ['etp_50_plus', 'etp_10_plus']
const yearClasses = (year: number) =>
  year < 1980
    ? ['avant_1980', 'avant_2000']
    : year < 2000
      ? ['1980_1999', 'avant_2000']
      : year < 2010
        ? ['2000_2009', '2000_2014']
        : year < 2015
          ? ['2010_2014', '2000_2014']
          : year < 2020
            ? ['2015_2019', '2015_plus']
            : ['2020_plus', '2015_plus']

/** Every published value of each quasi-identifier column that is true of this organisation (a blank always is). */
function truths(answers: Record<string, unknown>): Record<string, Set<string>> {
  const families = FAMILIES.filter((f) => (answers.familles as string[] | undefined)?.includes(f))
  const region = answers.region as string | undefined
  const form = answers.forme_juridique as string | undefined
  const fte = answers.salaries_etp as number | undefined
  const year = answers.annee_creation as number | undefined
  return {
    familles: new Set(families.length === 0 ? [] : [families.join(';'), families.length === 1 ? families[0]! : 'plusieurs']),
    region: new Set(region === undefined ? [] : [region, ZONE[region]!]),
    forme_juridique: new Set(form === undefined ? [] : [form, FORM_GROUP[form]!]),
    salaries_etp: new Set(fte === undefined ? [] : sizeClasses(fte)),
    annee_creation: new Set(year === undefined ? [] : yearClasses(year)),
  }
}
const QI_COLUMNS = ['familles', 'region', 'forme_juridique', 'salaries_etp', 'annee_creation'] as const

const consistent = (row: Record<string, string>, truth: Record<string, Set<string>>) =>
  QI_COLUMNS.every((column) => row[column] === '' || truth[column]!.has(row[column]!))

/** The protected file of a wave, rows in a random order, each row keyed back to its organisation (the test's pseudonym is the id). */
async function protectedFile(organisations: readonly Organisation[], k: number): Promise<{ plan: MicrodataPlan; rows: Record<string, string>[] }> {
  const plan = await planMicrodata(pagesOf(organisations), VARIABLES, { k })
  const order = shuffled(organisations)
  const csv = responsesCsv(pagesOf(order, 11), VARIABLES, { dialect: 'rfc4180', plan, pseudonyms: (ids) => [...ids] })
  return { plan, rows: table(await text(csv)) }
}

/**
 * The k-anonymity audit: an attacker who knows an organisation's true quasi-identifiers finds at
 * least k rows consistent with them; one who holds a row finds at least k organisations it may
 * be; every published combination is shared by at least k rows; and the answers of a family page
 * are never there when the row does not show that family.
 */
function audit(organisations: readonly Organisation[], rows: readonly Record<string, string>[]) {
  const byId = new Map(organisations.map((o) => [o.id, truths(o.answers)]))
  const fewestRowsPerOrganisation = Math.min(...organisations.map((o) => rows.filter((row) => consistent(row, byId.get(o.id)!)).length))
  const fewestOrganisationsPerRow = Math.min(...rows.map((row) => organisations.filter((o) => consistent(row, byId.get(o.id)!)).length))
  const combinations = new Map<string, number>()
  for (const row of rows) {
    const key = QI_COLUMNS.map((c) => row[c]).join('|')
    combinations.set(key, (combinations.get(key) ?? 0) + 1)
  }
  const familyPageLeaks = rows.filter((row) =>
    FAMILIES.some((family) => row[FAMILY_PAGE_QUESTION[family]] !== '' && !(row.familles ?? '').split(';').includes(family)),
  )
  return { fewestRowsPerOrganisation, fewestOrganisationsPerRow, smallestCombination: Math.min(...combinations.values()), familyPageLeaks }
}

describe('the quasi-identifiers and their hierarchy', () => {
  const qi = (key: string) => QUASI_IDENTIFIERS.find((q) => q.key === key)!

  it.each(REGIONS.map((region) => [region, ZONE[region]!]))('puts region %s in zone %s', (region, zone) => {
    expect(qi('region').finest(region, REGIONS)).toBe(region)
    expect(qi('region').coarser(region)).toBe(zone)
  })

  it.each(LEGAL_FORMS.map((form) => [form, FORM_GROUP[form]!]))('groups legal form %s as %s', (form, group) => {
    expect(qi('legal_form').coarser(qi('legal_form').finest(form, LEGAL_FORMS)!)).toBe(group)
  })

  it.each([
    [0, 'etp_0', 'etp_0_9'],
    [0.5, 'etp_1_9', 'etp_0_9'],
    [9.99, 'etp_1_9', 'etp_0_9'],
    [10, 'etp_10_49', 'etp_10_plus'],
    [49.9, 'etp_10_49', 'etp_10_plus'],
    [50, 'etp_50_plus', 'etp_10_plus'],
    [21_000.5, 'etp_50_plus', 'etp_10_plus'],
  ])('classes %s FTE as %s, then %s', (fte, finest, coarser) => {
    expect(qi('size_class').finest(fte, [])).toBe(finest)
    expect(qi('size_class').coarser(finest)).toBe(coarser)
  })

  it.each([
    [1850, 'avant_1980', 'avant_2000'],
    [1979, 'avant_1980', 'avant_2000'],
    [1980, '1980_1999', 'avant_2000'],
    [1999, '1980_1999', 'avant_2000'],
    [2000, '2000_2009', '2000_2014'],
    [2009, '2000_2009', '2000_2014'],
    [2010, '2010_2014', '2000_2014'],
    [2014, '2010_2014', '2000_2014'],
    [2015, '2015_2019', '2015_plus'],
    [2019, '2015_2019', '2015_plus'],
    [2020, '2020_plus', '2015_plus'],
    [2025, '2020_plus', '2015_plus'],
  ])('bands the year %s as %s, then %s', (year, finest, coarser) => {
    expect(qi('year_founded').finest(year, [])).toBe(finest)
    expect(qi('year_founded').coarser(finest)).toBe(coarser)
  })

  it.each<[unknown, string | null, string | null]>([
    [['reemploi', 'insertion'], 'insertion;reemploi', 'plusieurs'],
    [['communs'], 'communs', 'communs'],
    [['inconnue'], null, null],
    [[], null, null],
    [undefined, null, null],
  ])('reads the families %j as %s, then %s, whatever the order of ticking', (answer, finest, coarser) => {
    expect(qi('families').finest(answer, FAMILIES)).toBe(finest)
    if (finest !== null) expect(qi('families').coarser(finest)).toBe(coarser)
  })

  it('gives no class to a missing or malformed answer', () => {
    expect(qi('region').finest('atlantide', REGIONS)).toBeNull()
    expect(qi('size_class').finest('12', [])).toBeNull()
    expect(qi('size_class').finest(-1, [])).toBeNull()
    expect(qi('year_founded').finest(null, [])).toBeNull()
  })

  it('labels every class of every level of the 2025 questionnaire in French and English', () => {
    for (const declared of QUASI_IDENTIFIERS) {
      const choices = VARIABLES.find((v) => v.question === declared.question && v.values && !v.kind.endsWith('/choice'))?.values ?? []
      for (const level of ['finest', 'coarser'] as const) {
        const classes = declared.classes(level, choices)
        expect(classes.length, `${declared.key} ${level}`).toBeGreaterThan(0)
        for (const c of classes) expect(c.labelFr && c.labelEn, `${declared.key} ${c.value}`).toBeTruthy()
      }
    }
  })
})

describe('planMicrodata and the protected file: k-anonymity on the quasi-identifiers', () => {
  const cases: [string, number, number, WaveShape][] = [
    ['400 organisations', 400, 5, {}],
    ['400 organisations with tiny families, lone regions and a giant', 400, 5, { tinyFamilies: true, loneRegions: true, giant: true }],
    ['120 organisations with tiny families and lone regions', 120, 5, { tinyFamilies: true, loneRegions: true }],
    ['60 organisations, k = 3', 60, 3, { tinyFamilies: true, loneRegions: true }],
    ['exactly k organisations', 5, 5, { loneRegions: true }],
    ['k + 1 organisations', 6, 5, { loneRegions: true }],
    ['1 500 organisations, k = 10', 1500, 10, { tinyFamilies: true, loneRegions: true, giant: true }],
  ]
  const seeds = [1, 2, 3]

  it.each(cases.flatMap(([label, n, k, shape]) => seeds.map((seed) => [label, seed, n, k, shape] as const)))(
    '%s (seed %i): nobody is found in fewer than k rows, no row matches fewer than k organisations',
    async (_label, seed, n, k, shape) => {
      const organisations = generateWave(seed, n, shape)
      const { rows } = await protectedFile(organisations, k)
      expect(rows).toHaveLength(n)
      const result = audit(organisations, rows)
      expect(result.fewestRowsPerOrganisation).toBeGreaterThanOrEqual(k)
      expect(result.fewestOrganisationsPerRow).toBeGreaterThanOrEqual(k)
      expect(result.smallestCombination).toBeGreaterThanOrEqual(k)
      expect(result.familyPageLeaks).toEqual([])
    },
  )

  // Ten organisations alike and two that share nothing with anyone: the two end all blank, and the
  // all-blank pattern needs rows taken from the ten to reach k.
  const tenAndTwo = (): Organisation[] => [
    ...Array.from({ length: 10 }, (_, i) => ({
      id: `0000000${i.toString(16)}-0000-4000-8000-00000000000${i % 10}`,
      answers: {
        familles: ['inclusion'],
        region: 'ile_de_france',
        forme_juridique: 'association',
        salaries_etp: 2,
        annee_creation: 2012,
        inc_personnes_accompagnees: 100 + i,
      },
    })),
    {
      id: '000000aa-0000-4000-8000-0000000000aa',
      answers: {
        familles: ['communs', 'mesure'],
        region: 'corse',
        forme_juridique: 'mutuelle',
        salaries_etp: 80,
        annee_creation: 1960,
        com_contributeurs_actifs: 3,
        mes_outils_diffuses: 2,
      },
    },
    {
      id: '000000bb-0000-4000-8000-0000000000bb',
      answers: { familles: ['plateformes'], region: 'mayotte', forme_juridique: 'cae', salaries_etp: 0, annee_creation: 2024, pla_membres_societaires: 40 },
    },
  ]

  it('takes rows from a large pattern when what is left all blank is under k', async () => {
    const organisations = tenAndTwo()
    const { rows } = await protectedFile(organisations, 5)
    const result = audit(organisations, rows)
    expect(result.fewestRowsPerOrganisation).toBeGreaterThanOrEqual(5)
    expect(result.fewestOrganisationsPerRow).toBeGreaterThanOrEqual(5)
    expect(result.smallestCombination).toBeGreaterThanOrEqual(5)
    expect(result.familyPageLeaks).toEqual([])
    expect(rows.filter((r) => QI_COLUMNS.every((c) => r[c] === '')).length).toBeGreaterThanOrEqual(5)
  })

  it('picks the same rows to blank whatever the order the responses are read in', async () => {
    const organisations = tenAndTwo()
    const published = async (list: readonly Organisation[]) => {
      const plan = await planMicrodata(pagesOf(list, 3), VARIABLES, { k: 5 })
      return new Map(organisations.map((o) => [o.id, plan.patterns[plan.patternOf.get(o.id)!]]))
    }
    const reference = await published(organisations)
    for (let i = 0; i < 5; i++) expect(await published(shuffled(organisations))).toEqual(reference)
  })

  it('before protection, the same generated waves do single organisations out (the audit can fail)', () => {
    const organisations = generateWave(1, 120, { tinyFamilies: true, loneRegions: true })
    const raw = organisations.map((o) => {
      const t = truths(o.answers)
      return Object.fromEntries(QI_COLUMNS.map((c) => [c, [...t[c]!][0] ?? ''])) as Record<string, string>
    })
    expect(audit(organisations, raw).fewestRowsPerOrganisation).toBe(1)
  })

  it.each([1, 4])('blanks every quasi-identifier when the file has fewer than k rows (%i)', async (n) => {
    const organisations = generateWave(7, n)
    const { plan, rows } = await protectedFile(organisations, 5)
    expect(plan.quasiIdentifiers.map((q) => q.level)).toEqual(['blank', 'blank', 'blank', 'blank', 'blank'])
    for (const row of rows) for (const column of QI_COLUMNS) expect(row[column]).toBe('')
    for (const row of rows) for (const family of FAMILIES) expect(row[`familles__${family}`]).toBe('')
  })

  it('leaves a file that is k-anonymous as it is untouched', async () => {
    const same = Array.from({ length: 6 }, (_, i) => ({
      id: `0000000${i}-0000-4000-8000-000000000000`,
      answers: { familles: ['reemploi'], region: 'bretagne', forme_juridique: 'scop', salaries_etp: 3 + i, annee_creation: 2001 + i, ree_smartphones: 10 },
    }))
    const { plan, rows } = await protectedFile(same, 5)
    expect(plan.quasiIdentifiers.map((q) => [q.key, q.level, q.blanked])).toEqual([
      ['families', 'finest', 0],
      ['region', 'finest', 0],
      ['legal_form', 'finest', 0],
      ['size_class', 'finest', 0],
      ['year_founded', 'finest', 0],
    ])
    expect(rows.map((r) => [r.familles, r.familles__reemploi, r.region, r.forme_juridique, r.salaries_etp, r.annee_creation, r.ree_smartphones])).toEqual(
      Array.from({ length: 6 }, () => ['reemploi', '1', 'bretagne', 'scop', 'etp_1_9', '2000_2009', '10']),
    )
  })

  it('blanks only the families when they alone single an organisation out, keeping the other columns', async () => {
    const organisations = [0, 1, 2, 3].map((i) => ({
      id: `0000000${i}-0000-4000-8000-000000000000`,
      answers: {
        familles: i === 0 ? ['insertion', 'reemploi'] : ['insertion'],
        region: 'bretagne',
        forme_juridique: 'association',
        annee_creation: 2010,
        budget_annuel: 100_000 + i,
      },
    }))
    const { plan, rows } = await protectedFile(organisations, 3)
    expect(plan.quasiIdentifiers.map((q) => [q.key, q.level])).toEqual([
      ['families', 'blank'],
      ['region', 'finest'],
      ['legal_form', 'finest'],
      ['size_class', 'finest'],
      ['year_founded', 'finest'],
    ])
    for (const row of rows) {
      expect([row.familles, row.familles__insertion, row.familles__reemploi]).toEqual(['', '', ''])
      expect([row.region, row.forme_juridique, row.annee_creation]).toEqual(['bretagne', 'association', '2010_2014'])
    }
  })

  it('hides the lone organisation of a region, and the answers of its family page when its family is hidden', async () => {
    const organisations = generateWave(11, 120, { tinyFamilies: true, loneRegions: true })
    const { plan, rows } = await protectedFile(organisations, 5)
    const lone = organisations.find((o) => o.answers.region === 'corse')!
    const row = rows.find((r) => r.id === lone.id)!
    expect(row.region).not.toBe('corse')
    expect(rows.filter((r) => r.region === 'corse').length === 0 || rows.filter((r) => r.region === 'corse').length >= 5).toBe(true)
    // The tiny family (1–6 organisations) cannot be shown, nor its page.
    const tiny = organisations.filter((o) => (o.answers.familles as string[]).includes('plateformes'))
    expect(tiny.length).toBeLessThan(5)
    for (const o of tiny) {
      const r = rows.find((x) => x.id === o.id)!
      expect(r.familles).not.toContain('plateformes')
      expect(r.familles__plateformes).toBe('')
      expect(r.pla_membres_societaires).toBe('')
    }
    expect(plan.hiddenFamilyAnswers).toBeGreaterThan(0)
  })

  it('never writes the exact FTE or year founded, only their classes', async () => {
    const organisations = generateWave(5, 400, { giant: true })
    const { rows } = await protectedFile(organisations, 5)
    const classes = new Set(['', 'etp_0', 'etp_1_9', 'etp_10_49', 'etp_50_plus', 'etp_0_9', 'etp_10_plus'])
    const bands = new Set(['', 'avant_1980', '1980_1999', '2000_2009', '2010_2014', '2015_2019', '2020_plus', 'avant_2000', '2000_2014', '2015_plus'])
    for (const row of rows) {
      expect(classes.has(row.salaries_etp!), row.salaries_etp).toBe(true)
      expect(bands.has(row.annee_creation!), row.annee_creation).toBe(true)
    }
  })

  it('gives the same plan whatever the order the responses are read in', async () => {
    const organisations = generateWave(3, 300, { tinyFamilies: true, loneRegions: true })
    const first = await planMicrodata(pagesOf(organisations), VARIABLES, { k: 5 })
    const second = await planMicrodata(pagesOf(shuffled(organisations), 13), VARIABLES, { k: 5 })
    const published = (plan: MicrodataPlan) => new Map(organisations.map((o) => [o.id, plan.patterns[plan.patternOf.get(o.id)!]]))
    expect(published(second)).toEqual(published(first))
    expect(second.topCodes).toEqual(first.topCodes)
    expect(second.quasiIdentifiers).toEqual(first.quasiIdentifiers)
  })

  it('counts, per quasi-identifier, the values it blanked (unanswered ones apart)', async () => {
    const organisations = generateWave(2, 200, { tinyFamilies: true, loneRegions: true })
    const { plan, rows } = await protectedFile(organisations, 5)
    const answered = (column: string, o: Organisation) => truths(o.answers)[column]!.size > 0
    for (const [i, column] of QI_COLUMNS.entries()) {
      const blanked = organisations.filter((o) => answered(column, o) && rows.find((r) => r.id === o.id)![column] === '').length
      expect(plan.quasiIdentifiers[i]!.blanked, column).toBe(blanked)
    }
  })

  it('refuses a k that is not a positive integer', async () => {
    await expect(planMicrodata(pagesOf([]), VARIABLES, { k: 0 })).rejects.toThrow(RangeError)
    await expect(planMicrodata(pagesOf([]), VARIABLES, { k: 2.5 })).rejects.toThrow(RangeError)
  })
})

describe('top-coding at the 95th percentile', () => {
  it.each<[number[], number]>([
    [[7], 7],
    [[1, 1000], 1],
    [[3, 1, 2], 2],
    [Array.from({ length: 20 }, (_, i) => i + 1), 19],
    [Array.from({ length: 21 }, (_, i) => i + 1), 20],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95],
    [Array.from({ length: 101 }, (_, i) => i + 1), 96],
  ])('takes x(⌊0.95·(n−1)⌋) of %j: %s', (values, threshold) => {
    expect(topCodeThreshold(Float64Array.from(values).sort())).toBe(threshold)
  })

  it('has no top-code without values', () => {
    expect(topCodeThreshold([])).toBeNull()
  })

  it.each([1, 2, 3])('writes every value above the file’s 95th percentile as it, the others exactly; bounded shares untouched (seed %i)', async (seed) => {
    const organisations = generateWave(seed, 400, { giant: true, tinyFamilies: true })
    const { plan, rows } = await protectedFile(organisations, 5)
    const byId = new Map(organisations.map((o) => [o.id, o.answers]))
    for (const column of ['budget_annuel', 'salaries_nombre', 'ins_personnes_formees', 'inc_personnes_accompagnees']) {
      // The values the file writes (family pages of hidden families are blank, and do not count).
      const written = rows.filter((r) => r[column] !== '').map((r) => byId.get(r.id!)![column] as number)
      const sorted = [...written].sort((a, b) => a - b)
      const threshold = sorted[Math.floor((sorted.length - 1) * 0.95)]!
      expect(
        plan.topCodes.find((t) => t.variable === column),
        column,
      ).toEqual({
        variable: column,
        threshold,
        above: written.filter((x) => x > threshold).length,
        values: written.length,
      })
      for (const row of rows.filter((r) => r[column] !== '')) {
        const truth = byId.get(row.id!)![column] as number
        expect(Number(row[column]), column).toBe(Math.min(truth, threshold))
      }
      expect(written.filter((x) => x > threshold).length, column).toBeGreaterThan(0)
    }
    const giant = organisations.find((o) => o.answers.budget_annuel === 900_000_000)!
    expect(rows.find((r) => r.id === giant.id)!.budget_annuel).not.toBe('900000000')
    // Shares are bounded by the questionnaire (max 100): never top-coded.
    expect(plan.topCodes.map((t) => t.variable)).not.toContain('part_financement_public')
    for (const row of rows) expect(Number(row.part_financement_public)).toBe(byId.get(row.id!)!.part_financement_public)
    // Quasi-identifiers are classes, not top-coded numbers.
    expect(plan.topCodes.map((t) => t.variable)).not.toEqual(expect.arrayContaining(['salaries_etp']))
    expect(plan.topCodes.map((t) => t.variable)).not.toEqual(expect.arrayContaining(['annee_creation']))
  })
})

describe('shuffled', () => {
  it('gives a permutation and leaves its input as it was', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `id-${i}`)
    const copy = [...ids]
    const order = shuffled(ids)
    expect(ids).toEqual(copy)
    expect([...order].sort()).toEqual([...ids].sort())
    expect(order).not.toEqual(ids)
  })

  it('draws every order of three items about as often (6 000 draws)', () => {
    const counts = new Map<string, number>()
    for (let i = 0; i < 6000; i++) {
      const key = shuffled(['a', 'b', 'c']).join('')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(6)
    // 1 000 expected each; 5 standard deviations (√(6000·1/6·5/6) ≈ 29) either side.
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(145)
  })
})
