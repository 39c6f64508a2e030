import type { IndicatorCell } from '@sonde/contracts'
import type { JsonValue } from '@sonde/db'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { defaultQuestionnaire, listQuestions } from '@sonde/survey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeCellCandidates, computeIndicators } from '../compute/compute-indicators'
import { dimensionFor, type Dimension } from '../dimensions/dimensions'
import { defaultIndicators } from '../indicators/default-indicators'
import type { IndicatorDefinition } from '../indicators/types'
import { countAttacks, largestContributionAttacks, sideAttacks, type Finding } from '../testing/attacks'
import { createFamilies, createResponse, createWave } from '../testing/factories'
import { seededRandom } from '../testing/random'
import { primarySuppression } from './disclosure'
import { publicCells } from './public-view'
import { findPublishedWave, replaceIndicatorDefinitions, saveQuestionnaire, savePublicPage, findWaveById } from '@sonde/db'
import { publishRelease } from '../releases/publish-release'
import { releaseResults } from '../releases/read-results'
import { publicDataPackageFiles, publicIndicatorsCsv, publicResults } from '../releases/public-results'
import { parseCsv } from '../testing/csv-reader'

// Issue 8, item 6: the attacks of the issue rebuilt on generated waves — several seeds, small
// families of 1 to 6 organisations beside larger ones, one giant contributor, filter questions
// answered the same way by a whole family, crossings by region — against what a researcher
// reads (`publicCells` of `computeIndicators`), by an attacker written apart (testing/attacks.ts).

const FAMILIES = ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure']
const REGIONS = ['bretagne', 'normandie', 'occitanie']
const K = 5
const P = 15
const SEEDS = [1, 2, 3, 4, 5, 6]
const questions = listQuestions(defaultQuestionnaire)
const region: Dimension = dimensionFor('region', [{ name: 'region', choices: REGIONS.map((value) => ({ value, text: value })) }])

const definitions: IndicatorDefinition[] = [
  ...defaultIndicators.filter((d) =>
    [
      'salaries_nombre_total',
      'salaries_nombre_mediane',
      'salaries_etp_total',
      'salaries_etp_mediane',
      'benevoles_heures_total',
      'benevoles_etp',
      'budget_annuel_median',
      'gouvernance_democratique_part',
      'agrement_esus',
      'agrement_esus_part',
      'nr_code_publie_part',
    ].includes(d.id),
  ),
  // The follow-up of nr_code_publie (shown when it is true), on three licences.
  {
    id: 'licence',
    labelFr: 'Licence',
    labelEn: 'Licence',
    unit: 'proportion',
    aggregation: 'distribution',
    question: 'nr_licence_code',
    categories: ['agpl', 'gpl', 'mit'],
    multiple: false,
    families: null,
  },
]

/** A generated organisation: its family, its region (null: not stated) and its answers. */
interface Organisation {
  family: string
  region: string | null
  answers: Record<string, JsonValue>
}

function generate(seed: number): Organisation[] {
  const random = seededRandom(seed)
  const integer = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
  const organisations: Organisation[] = []
  FAMILIES.forEach((family, i) => {
    // Two of the six families are larger; the others hold 1 to 6 organisations.
    const size = (i + seed) % 3 === 0 ? integer(10, 18) : integer(1, 6)
    // Whole families answer the filter the same way: all yes, all no, or a mix.
    const published = pick([0, 1, 0.5, 0.7])
    const democratic = pick([0, 1, 0.6])
    const approved = pick([['oui'], ['non'], ['oui', 'non', 'en_cours']])
    for (let j = 0; j < size; j++) {
      const employees = Math.floor(random() ** 2 * 30)
      const code = random() < published
      organisations.push({
        family,
        region: random() < 0.15 ? null : pick(REGIONS),
        answers: {
          familles: [family],
          salaries_nombre: employees,
          salaries_etp: Math.round(employees * (0.5 + random() / 2) * 10) / 10,
          benevoles_heures: integer(0, 2000),
          budget_annuel: Math.floor(random() ** 3 * 2_000_000),
          gouvernance_democratique: random() < democratic,
          agrement_esus: pick(approved),
          nr_code_publie: code,
          ...(code ? { nr_licence_code: pick(['agpl', 'gpl', 'mit']) } : {}),
        },
      })
    }
  })
  // One giant contributor, in a family of its own size.
  const giant = organisations[integer(0, organisations.length - 1)]!
  Object.assign(giant.answers, { salaries_nombre: 900, salaries_etp: 850.5, benevoles_heures: 60000, budget_annuel: 40_000_000 })
  return organisations
}

/** The answers behind a cell of a total, from the generated organisations (the test's own count). */
function contributionsOf(organisations: readonly Organisation[]) {
  const valueOf = (id: string, answers: Record<string, JsonValue>): number | null => {
    const number = (name: string) => (typeof answers[name] === 'number' ? (answers[name] as number) : null)
    if (id === 'benevoles_etp') return number('benevoles_heures') === null ? null : number('benevoles_heures')! / 1607
    const d = definitions.find((x) => x.id === id)!
    return d.aggregation === 'sum' ? number(d.question) : null
  }
  return (indicator: string, family: string, dimensionValue: string | null) =>
    organisations
      .filter(
        (o) => (family === '_all' || o.family === family) && (dimensionValue === null || dimensionValue === '_all' || (o.region ?? '_none') === dimensionValue),
      )
      .map((o) => valueOf(indicator, o.answers))
      .filter((v): v is number => v !== null)
      .map(Math.abs)
}

/** Ranks (L, n − L + 1) of the exact 95 % interval of a median, published from L = 2 (the attacker's own binomial). */
function intervalRanks(n: number): { lower: number; upper: number } | null {
  let cumulative = 0
  let term = 0.5 ** n
  for (let x = 0; x <= n; x++) {
    cumulative += term
    if (cumulative >= 0.025) return x >= 2 ? { lower: x, upper: n - x + 1 } : null
    term = (term * (n - x)) / (x + 1)
  }
  return null
}

let testDb: TestDatabase
const waves = new Map<number, { id: string; organisations: Organisation[] }>()

beforeAll(async () => {
  testDb = await createTestDatabase()
  for (const seed of SEEDS) {
    const id = await createWave(testDb.db, { minCellSize: K })
    await createFamilies(testDb.db, id, FAMILIES)
    const organisations = generate(seed)
    for (const o of organisations) await createResponse(testDb.db, id, { ...o.answers, ...(o.region ? { region: o.region } : {}) })
    waves.set(seed, { id, organisations })
  }
})

afterAll(async () => {
  await testDb?.drop()
})

const tables = async (seed: number) => {
  const { id } = waves.get(seed)!
  const options = { minCellSize: K, pPercent: P, questions }
  return {
    byFamily: publicCells(await computeIndicators(testDb.db, id, definitions, options)),
    byRegion: publicCells(await computeIndicators(testDb.db, id, definitions, { ...options, dimension: region })),
  }
}

const describeFindings = (findings: Finding[]) => findings.map((f) => `attack ${f.attack}: ${f.what}`)

describe(`the attacks of issue 8 on generated waves (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded'})`, () => {
  it.each(SEEDS)('seed %i: no hidden count is solved, no filter answer comes back (attacks 1 and 3)', async (seed) => {
    const { byFamily, byRegion } = await tables(seed)
    expect(describeFindings(countAttacks(byFamily, definitions, questions, 'familles', K))).toEqual([])
    expect(describeFindings(countAttacks(byRegion, definitions, questions, 'familles', K))).toEqual([])
  })

  it.each(SEEDS)('seed %i: no published total bounds its largest contribution within p percent (attack 2)', async (seed) => {
    const { byFamily, byRegion } = await tables(seed)
    const contributions = contributionsOf(waves.get(seed)!.organisations)
    for (const cells of [byFamily, byRegion]) {
      expect(describeFindings(largestContributionAttacks(cells, definitions, questions, contributions, P, intervalRanks))).toEqual([])
    }
  })

  it.each(SEEDS)('seed %i: no published share, category or filtered n has a side of 1 to k − 1 organisations (attack 4)', async (seed) => {
    const { byFamily, byRegion } = await tables(seed)
    for (const cells of [byFamily, byRegion]) expect(describeFindings(sideAttacks(cells, definitions, questions, 'familles', K))).toEqual([])
  })

  it('publishes something: the attacks are not passed by hiding everything', async () => {
    let published = 0
    let medians = 0
    for (const seed of SEEDS) {
      const { byFamily, byRegion } = await tables(seed)
      published += [...byFamily, ...byRegion].filter((c) => !c.suppressed).length
      medians += byFamily.filter((c) => c.indicator === 'salaries_nombre_mediane' && c.q1 !== null).length
    }
    expect(published).toBeGreaterThan(100)
    expect(medians).toBeGreaterThan(0)
  })
})

describe(`the attacker has teeth (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded'})`, () => {
  /** The cells as the primary rules alone would publish them: no secondary suppression, no p % against the median. */
  async function primaryOnly(wave: string, dimension: Dimension | null): Promise<IndicatorCell[]> {
    const { candidates } = await computeCellCandidates(testDb.db, wave, definitions, { minCellSize: K, pPercent: P, questions, dimension })
    return publicCells(
      candidates.map((c) => {
        const reason = primarySuppression(c, K, P)
        return { ...c, suppressed: reason !== null, reason }
      }),
    )
  }

  it('solves hidden counts and filter answers when secondary suppression is left out', async () => {
    // Communs and mesure: 20 organisations each, 10 publishing their code; plateformes: 2, both
    // publishing it (100 %) under the MIT licence.
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: K })
    await createFamilies(db, wave, ['communs', 'plateformes', 'mesure'])
    const organisations: [string, JsonValue, string | null][] = [
      ...['agpl', 'agpl', 'agpl', 'agpl', 'agpl', 'mit', 'mit', 'mit', 'mit', 'mit'].map((l) => ['communs', true, l] as [string, JsonValue, string]),
      ...Array.from({ length: 10 }, () => ['communs', false, null] as [string, JsonValue, null]),
      ...['mit', 'mit'].map((l) => ['plateformes', true, l] as [string, JsonValue, string]),
      ...['gpl', 'gpl', 'gpl', 'gpl', 'gpl', 'mit', 'mit', 'mit', 'mit', 'mit'].map((l) => ['mesure', true, l] as [string, JsonValue, string]),
      ...Array.from({ length: 10 }, () => ['mesure', false, null] as [string, JsonValue, null]),
    ]
    for (const [family, code, licence] of organisations) {
      await createResponse(db, wave, { familles: [family], nr_code_publie: code, ...(licence ? { nr_licence_code: licence } : {}) })
    }
    const leaked = countAttacks(await primaryOnly(wave, null), definitions, questions, 'familles', K)
    // plateformes' n (22 − 10 − 10) and its MIT count (12 − 5 − 5) come back, and so do the zeros
    // that the published totals of gpl and agpl leave no room for.
    expect(leaked.filter((f) => f.attack === 3).map((f) => f.what)).toContain(
      'n of nr_licence_code (licence) plateformes null is 2 and nothing else, of 2 who answered the filter',
    )
    expect(leaked.filter((f) => f.attack === 1).map((f) => f.what)).toEqual(
      expect.arrayContaining([
        'licence plateformes null nr_licence_code=mit is 2 and nothing else',
        'licence communs null nr_licence_code=gpl is 0 and nothing else',
      ]),
    )
    const cells = publicCells(await computeIndicators(db, wave, definitions, { minCellSize: K, pPercent: P, questions }))
    expect(describeFindings(countAttacks(cells, definitions, questions, 'familles', K))).toEqual([])
    expect(describeFindings(sideAttacks(cells, definitions, questions, 'familles', K))).toEqual([])
  })

  it('bounds the largest answer within p % from a total beside its quartiles when they are published anyway', async () => {
    const { db } = testDb
    const wave = await createWave(db, { minCellSize: K })
    await createFamilies(db, wave, ['communs'])
    const counts = [0, 0, 0, 0, 0, 4, 10, 10, 20, 100]
    for (const salaries_nombre of counts) await createResponse(db, wave, { familles: ['communs'], salaries_nombre })
    const pair = definitions.filter((d) => d.id === 'salaries_nombre_total' || d.id === 'salaries_nombre_mediane')
    const contributions = () => counts
    const { candidates } = await computeCellCandidates(db, wave, pair, { minCellSize: K, questions })
    const unprotected = publicCells(candidates.map((c) => ({ ...c, suppressed: false, reason: null })))
    expect(describeFindings(largestContributionAttacks(unprotected, pair, questions, contributions, P, intervalRanks))).toHaveLength(1)
    const protectedCells = publicCells(await computeIndicators(db, wave, pair, { minCellSize: K, questions }))
    expect(largestContributionAttacks(protectedCells, pair, questions, contributions, P, intervalRanks)).toEqual([])
  })
})

// Issue 12: what the public observatory gives anyone without a login — the page's JSON, its
// indicators CSV and its data package — read together by the same attacker, against a release of
// each generated wave: no more than the researcher view of that release, nothing of a later
// release the page does not show, no microdata.
describe(`the public page of a release (${process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'embedded'})`, () => {
  const PUBLIC_SEEDS = [1, 2, 3]
  const published = new Map<number, { waveId: string; slug: string; organisations: Organisation[]; responseIds: string[]; organisationNames: string[] }>()

  /** The text of every file of the public data package, and the indicators CSV served beside it. */
  async function publicFiles(results: Awaited<ReturnType<typeof publicResults>>, dialect: 'rfc4180' | 'excel-fr') {
    const read = async (content: unknown): Promise<string> => {
      if (typeof content === 'string') return content
      if (Buffer.isBuffer(content)) return content.toString('utf8')
      const chunks: Buffer[] = []
      for await (const chunk of (content as () => AsyncIterable<Buffer | string>)()) chunks.push(Buffer.from(chunk))
      return Buffer.concat(chunks).toString('utf8')
    }
    const files = new Map<string, string>()
    for (const entry of publicDataPackageFiles(results, dialect)) files.set(entry.name, await read(entry.content))
    files.set('served indicators.csv', await read(() => publicIndicatorsCsv(results, dialect)))
    return files
  }

  /** The cells of an indicators CSV, parsed back (a reader written apart from the writer). */
  function cellsOfCsv(text: string, delimiter: string): (IndicatorCell & { dimension: string | null })[] {
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''), delimiter)
    const at = (name: string) => header!.indexOf(name)
    const number = (x: string) => (x === '' ? null : Number(x.replace(',', '.')))
    return rows.map((r) => ({
      indicator: r[at('indicator')]!,
      family: r[at('family')]!,
      dimension: r[at('dimension')] || null,
      dimensionValue: r[at('dimension_value')] || null,
      category: r[at('category')] || null,
      n: number(r[at('n')]!),
      value: number(r[at('value')]!),
      ciLow: number(r[at('ci_low')]!),
      ciHigh: number(r[at('ci_high')]!),
      q1: number(r[at('q1')]!),
      q3: number(r[at('q3')]!),
      suppressed: r[at('suppressed')] === 'true',
      reason: (r[at('reason')] || null) as IndicatorCell['reason'],
    }))
  }

  beforeAll(async () => {
    const { db } = testDb
    for (const seed of PUBLIC_SEEDS) {
      const waveId = await createWave(db, { minCellSize: K, pPercent: P })
      await createFamilies(db, waveId, FAMILIES)
      await saveQuestionnaire(db, waveId, defaultQuestionnaire as unknown as JsonValue)
      await replaceIndicatorDefinitions(
        db,
        waveId,
        definitions.map((d) => ({ id: d.id, definition: d as unknown as JsonValue })),
      )
      const organisations = generate(seed)
      const responseIds: string[] = []
      for (const o of organisations) responseIds.push(await createResponse(db, waveId, { ...o.answers, ...(o.region ? { region: o.region } : {}) }))
      const wave = (await findWaveById(db, waveId))!
      const release = await publishRelease(db, wave, { publishedBy: null, note: '', hideDifferences: true })
      await savePublicPage(db, { waveId, releaseId: release.id, licence: 'etalab-2.0', publishedBy: null })
      const organisationNames = (
        await db
          .selectFrom('responses as r')
          .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
          .select('o.name')
          .where('r.wave_id', '=', waveId)
          .execute()
      ).map((r) => r.name)
      published.set(seed, { waveId, slug: wave.slug, organisations, responseIds, organisationNames })
    }
    // Three waves computed and released (four tables each): minutes on a busy two-core machine.
  }, 600_000)

  const toPrecision = (cells: readonly IndicatorCell[]) =>
    cells.map((cell) => ({
      ...cell,
      ...Object.fromEntries(
        (['value', 'ciLow', 'ciHigh', 'q1', 'q3'] as const).map((key) => [key, cell[key] === null ? null : Number(cell[key].toPrecision(12))]),
      ),
    }))

  const pageOf = async (seed: number) => {
    const found = (await findPublishedWave(testDb.db, published.get(seed)!.slug))!
    return { found, results: await publicResults(testDb.db, found.wave, found.page, found.release) }
  }

  it.each(PUBLIC_SEEDS)(
    'seed %i: the page holds exactly the researcher view of its release, and the attacks find nothing in it',
    async (seed) => {
      const { found, results } = await pageOf(seed)
      const researcherByFamily = publicCells((await releaseResults(testDb.db, found.release, null)).cells)
      const researcherByRegion = publicCells((await releaseResults(testDb.db, found.release, 'region')).cells)
      expect(results.cells).toEqual(researcherByFamily)
      expect(results.regions.cells).toEqual(researcherByRegion)
      // A hidden cell is a bare mark: nothing but its key and `suppressed`.
      for (const cell of [...results.cells, ...results.regions.cells].filter((c) => c.suppressed)) {
        expect([cell.n, cell.value, cell.ciLow, cell.ciHigh, cell.q1, cell.q3, cell.reason]).toEqual([null, null, null, null, null, null, null])
      }
      expect([...results.cells, ...results.regions.cells].every((c) => c.reason === null)).toBe(true)
      // The same organisations as the wave of the same seed above: the page's family cells are the
      // very table the attacks of issue 8 find nothing in. (Its region table is the release's, equal
      // to the researcher's above; the release reads the regions of the wave's questionnaire, every
      // region a line, so it is not the hand-made dimension of the tables above.)
      // (Sums in another order on the server: the same figures to 12 significant digits.)
      expect(toPrecision(results.cells)).toEqual(toPrecision((await tables(seed)).byFamily))
      const contributions = contributionsOf(published.get(seed)!.organisations)
      expect(describeFindings(countAttacks(results.cells, definitions, questions, 'familles', K))).toEqual([])
      expect(describeFindings(sideAttacks(results.cells, definitions, questions, 'familles', K))).toEqual([])
      expect(describeFindings(largestContributionAttacks(results.cells, definitions, questions, contributions, P, intervalRanks))).toEqual([])
      expect(results.cells.filter((c) => !c.suppressed).length).toBeGreaterThan(0)
    },
    300_000,
  )

  it.each(PUBLIC_SEEDS)('seed %i: no count of respondents under k, nor one that subtraction gives back', async (seed) => {
    const { results } = await pageOf(seed)
    const { organisations } = published.get(seed)!
    const actual = (family: string) => organisations.filter((o) => family === '_all' || o.family === family).length
    for (const count of results.methodology.responseCounts) {
      if (count.submitted !== null) {
        expect(count.submitted).toBe(actual(count.family))
        expect(count.submitted, count.family).toBeGreaterThanOrEqual(K)
      }
    }
    // The network's count is public anyway (the release's responses): the withheld families together hold 0 or at least k.
    expect(results.release.responses).toBe(organisations.length)
    const withheld = results.methodology.responseCounts.filter((c) => c.family !== '_all' && c.submitted === null).map((c) => actual(c.family))
    const sum = withheld.reduce((a, b) => a + b, 0)
    expect(sum === 0 || sum >= K, `withheld families hold ${sum}`).toBe(true)
  })

  it.each(PUBLIC_SEEDS)('seed %i: the CSV and the data package hold the page’s cells and nothing else — no response, no microdata', async (seed) => {
    const { results } = await pageOf(seed)
    const { responseIds, organisationNames } = published.get(seed)!
    for (const dialect of ['rfc4180', 'excel-fr'] as const) {
      const files = await publicFiles(results, dialect)
      expect([...files.keys()].sort()).toEqual([
        'datapackage.json',
        'indicator-list.csv',
        'indicators.csv',
        'methodology.md',
        'response-counts.csv',
        'served indicators.csv',
      ])
      const delimiter = dialect === 'excel-fr' ? ';' : ','
      const expected = [...results.cells.map((c) => ({ ...c, dimension: null })), ...results.regions.cells.map((c) => ({ ...c, dimension: 'region' }))]
      for (const name of ['indicators.csv', 'served indicators.csv']) {
        expect(cellsOfCsv(files.get(name)!, delimiter), `${dialect} ${name}`).toEqual(expected)
      }
      const everything = [...files.values()].join('\n')
      for (const id of responseIds) expect(everything).not.toContain(id)
      for (const name of organisationNames) expect(everything).not.toContain(name)
      // No microdata column: no file has a question's answers as a column, nor a pseudonym column.
      for (const [name, text] of files) {
        if (!name.endsWith('.csv')) continue
        const header = parseCsv(text.replace(/^\uFEFF/, ''), delimiter)[0]!
        expect(header).not.toContain('id')
        for (const question of ['budget_annuel', 'salaries_nombre', 'benevoles_heures', 'familles', 'region']) expect(header, name).not.toContain(question)
      }
      const descriptor = JSON.parse(files.get('datapackage.json')!)
      expect(descriptor.resources.map((r: { name: string }) => r.name)).toEqual(['indicators', 'indicator-list', 'response-counts'])
    }
  })

  it('stays on its release: a later release the page does not show is nowhere in it', async () => {
    const seed = PUBLIC_SEEDS[0]!
    const { waveId, organisations } = published.get(seed)!
    const { db } = testDb
    const before = await pageOf(seed)
    // Twelve more insertion organisations with large budgets, then a second release — not put on the page.
    for (let i = 0; i < 12; i++) {
      await createResponse(db, waveId, { familles: ['insertion'], region: 'bretagne', salaries_nombre: 40 + i, budget_annuel: 3_000_000 + i * 1000 })
    }
    const wave = (await findWaveById(db, waveId))!
    const second = await publishRelease(db, wave, { publishedBy: null, note: '', hideDifferences: true })
    const later = publicCells((await releaseResults(db, second, null)).cells)
    const after = await pageOf(seed)
    expect(after.results.release.number).toBe(1)
    expect(after.results.cells).toEqual(before.results.cells)
    expect(after.results.regions).toEqual(before.results.regions)
    expect(after.results.methodology.responseCounts.find((c) => c.family === '_all')!.submitted).toBe(organisations.length)
    // The second release moved published figures: none of its new ones is on the page.
    const shown = new Set(after.results.cells.map((c) => JSON.stringify(c)))
    const moved = later.filter((c) => !c.suppressed && !shown.has(JSON.stringify(c)))
    expect(moved.length).toBeGreaterThan(0)
    const files = await publicFiles(after.results, 'rfc4180')
    expect(cellsOfCsv(files.get('indicators.csv')!, ',').filter((c) => c.dimension === null)).toEqual(
      before.results.cells.map((c) => ({ ...c, dimension: null })),
    )
  }, 300_000)
})
