import type { QuestionnaireJson } from '@sonde/survey'
import { listQuestions } from '@sonde/survey'
import { describe, expect, it } from 'vitest'
import { codebookRows, CODEBOOK_COLUMNS } from './codebook-csv'
import { dataPackageDescriptor, dataPackageReadme } from './datapackage'
import { planMicrodata, shuffled, type MicrodataPlan } from './microdata-protection'
import { EXCLUDED, generateWave, pagesOf, parseCsv, table, text, VARIABLES, type Organisation } from './microdata.fixtures'
import { responsesCsv } from './responses-csv'
import { exportVariables } from './variables'

/** One download as the API serves it: a plan from the responses, then the file in a new random order with new pseudonyms. */
async function download(organisations: readonly Organisation[], k: number, dialect: 'rfc4180' | 'excel-fr' = 'rfc4180') {
  const plan = await planMicrodata(pagesOf(organisations, 50), VARIABLES, { k })
  return { plan, csv: await text(responsesCsv(pagesOf(shuffled(organisations), 50), VARIABLES, { dialect, plan })) }
}

function codebook(plan?: MicrodataPlan): Record<string, string | null>[] {
  return [...codebookRows(VARIABLES, EXCLUDED, () => ['enquete-2025'], { plan })].map((cells) =>
    Object.fromEntries(CODEBOOK_COLUMNS.map((column, i) => [column, cells[i] === null || cells[i] === undefined ? null : String(cells[i])])),
  )
}

describe('two downloads of the same protected microdata', () => {
  it.each([1, 2])('have other row orders and pseudonyms, and the same protected rows (seed %i)', async (seed) => {
    const organisations = generateWave(seed, 300, { tinyFamilies: true, loneRegions: true, giant: true })
    const first = parseCsv((await download(organisations, 5)).csv)
    const second = parseCsv((await download(organisations, 5)).csv)
    expect(second[0]).toEqual(first[0])
    const withoutId = (rows: string[][]) => rows.slice(1).map((row) => row.slice(1).join('\u0001'))
    // Same multiset of rows…
    expect([...withoutId(second)].sort()).toEqual([...withoutId(first)].sort())
    // …in another order, under other pseudonyms.
    expect(withoutId(second)).not.toEqual(withoutId(first))
    const firstIds = new Set(first.slice(1).map((row) => row[0]))
    expect(second.slice(1).filter((row) => firstIds.has(row[0]))).toEqual([])
  })
})

describe('the protected file against its codebook', () => {
  it.each(['rfc4180', 'excel-fr'] as const)('parses as RFC 4180 (%s), and every cell reads as the type and codes its codebook gives', async (dialect) => {
    const organisations = generateWave(4, 400, { tinyFamilies: true, loneRegions: true, giant: true })
    const { plan, csv } = await download(organisations, 5, dialect)
    const delimiter = dialect === 'excel-fr' ? ';' : ','
    expect(csv.startsWith('\uFEFF')).toBe(dialect === 'excel-fr')
    const rows = table(csv, delimiter)
    expect(rows).toHaveLength(400)
    const entries = codebook(plan).filter((entry) => entry.exported === 'true')
    expect(entries.map((entry) => entry.variable)).toEqual(Object.keys(rows[0]!))
    const decimal = (cell: string) => Number(dialect === 'excel-fr' ? cell.replace(',', '.') : cell)
    for (const entry of entries) {
      const codes = entry.values ? new Set(entry.values.split(' | ')) : null
      for (const row of rows) {
        const cell = row[entry.variable!]!
        if (cell === '') continue
        const where = `${entry.variable}=${cell}`
        if (entry.type === 'number') expect(Number.isFinite(decimal(cell)), where).toBe(true)
        else if (entry.type === 'integer') expect(Number.isInteger(Number(cell)), where).toBe(true)
        else if (entry.type === 'boolean') expect(['true', 'false'], where).toContain(cell)
        else if (entry.type === 'date') expect(cell, where).toMatch(/^\d{4}-\d{2}-\d{2}$/)
        if (codes && entry.question_type !== 'checkbox/joined') expect(codes.has(cell), where).toBe(true)
        if (entry.question_type === 'checkbox/joined') for (const part of cell.split(';')) expect(codes!.has(part), where).toBe(true)
      }
    }
    const typeOf = (name: string) => entries.find((entry) => entry.variable === name)!.type
    expect([typeOf('salaries_etp'), typeOf('annee_creation'), typeOf('region'), typeOf('familles')]).toEqual(['string', 'string', 'string', 'string'])
    expect(typeOf('budget_annuel')).toBe('number')
  })

  it('says in French and English what was recoded, blanked and top-coded, and that rows come in a new random order', async () => {
    const organisations = generateWave(6, 400, { tinyFamilies: true, loneRegions: true, giant: true })
    const { plan } = await download(organisations, 5)
    const entries = codebook(plan)
    const entry = (name: string) => entries.find((e) => e.variable === name)!
    expect(entry('id').protection_fr).toContain('ordre aléatoire, nouveau à chaque téléchargement')
    expect(entry('id').protection_en).toContain('random order, new at every download')
    const region = plan.quasiIdentifiers.find((q) => q.key === 'region')!
    expect(entry('region').protection_fr).toContain(`${region.blanked} valeur`)
    expect(entry('region').protection_fr).toContain('au moins 5 lignes')
    expect(entry('region').protection_en).toContain(`${region.blanked} value`)
    expect(entry('salaries_etp')).toMatchObject({ type: 'string', question_type: 'text/class' })
    expect(entry('salaries_etp').protection_fr).toMatch(/classes|recodé/)
    const budget = plan.topCodes.find((t) => t.variable === 'budget_annuel')!
    const french = new Intl.NumberFormat('fr-FR').format(budget.threshold)
    expect(entry('budget_annuel').protection_fr).toBe(
      `Plafonnée au 95e centile de ce fichier (${french}) : ${budget.above} valeurs supérieures écrites ${french}.`,
    )
    expect(entry('budget_annuel').protection_en).toContain(
      `${budget.above} values above it written as ${new Intl.NumberFormat('en-GB').format(budget.threshold)}`,
    )
    expect(entry('pla_membres_societaires').protection_fr).toContain('page de famille')
    // A number on a family page is both: blank with its family, and top-coded.
    const formed = plan.topCodes.find((t) => t.variable === 'ins_personnes_formees')!
    expect(entry('ins_personnes_formees').protection_fr).toContain('page de famille')
    expect(entry('ins_personnes_formees').protection_fr).toContain(
      `Plafonnée au 95e centile de ce fichier (${new Intl.NumberFormat('fr-FR').format(formed.threshold)})`,
    )
    expect(entry('ins_personnes_formees').protection_en).toContain('Top-coded')
    expect(entry('part_financement_public').protection_fr).toBeNull()
    // Questions left out keep their note, and have no protection to describe.
    expect(entries.find((e) => e.question === 'nom_organisation')).toMatchObject({ exported: 'false', protection_fr: null })
  })

  it('describes, without a plan, the columns as they are (no protection columns filled)', () => {
    const entries = codebook()
    expect(entries.find((e) => e.variable === 'salaries_etp')).toMatchObject({ type: 'number', protection_fr: null, protection_en: null })
    expect(entries.find((e) => e.variable === 'id')!.protection_fr).toBeNull()
  })
})

describe('the data package of protected microdata', () => {
  it('types the recoded columns as strings with their codes, and explains the protection in French and English', async () => {
    const organisations = generateWave(8, 400, { tinyFamilies: true, loneRegions: true, giant: true })
    const { plan, csv } = await download(organisations, 5)
    const descriptor = dataPackageDescriptor({ slug: 'enquete-2025', title: 'Enquête 2025' }, VARIABLES, { plan, created: new Date('2026-01-01T00:00:00Z') })
    const responses = descriptor.resources.find((r) => r.name === 'responses')!
    expect(responses.schema.fields.map((f) => f.name)).toEqual(parseCsv(csv)[0])
    const field = (name: string) => responses.schema.fields.find((f) => f.name === name)!
    const size = plan.quasiIdentifiers.find((q) => q.key === 'size_class')!
    expect(field('salaries_etp')).toMatchObject({
      type: 'string',
      constraints: { enum: size.level === 'blank' ? undefined : size.classes.map((c) => c.value) },
    })
    expect(field('annee_creation').type).toBe('string')
    expect(field('budget_annuel').description).toContain('95th percentile')
    expect(responses.description).toContain('k-anonymat')
    expect(responses.description).toContain('k-anonymity')
    const codebookResource = descriptor.resources.find((r) => r.name === 'codebook')!
    expect(codebookResource.schema.fields.map((f) => f.name)).toEqual([...CODEBOOK_COLUMNS])

    const readme = dataPackageReadme({ slug: 'enquete-2025', title: 'Enquête 2025' }, { freeText: false, minCellSize: 5, plan })
    expect(readme).toContain('## Protection des microdonnées')
    expect(readme).toContain('## Microdata protection')
    expect(readme).toContain('k-anonymat, k = 5')
    expect(readme).toContain('nouveau à chaque téléchargement')
    for (const qi of plan.quasiIdentifiers) expect(readme).toContain(`| \`${qi.question}\` |`)
    const budget = plan.topCodes.find((t) => t.variable === 'budget_annuel')!
    expect(readme).toContain(`| \`budget_annuel\` | ${new Intl.NumberFormat('fr-FR').format(budget.threshold)} | ${budget.above} | ${budget.values} |`)
    expect(readme).toContain(`| \`budget_annuel\` | ${new Intl.NumberFormat('en-GB').format(budget.threshold)} | ${budget.above} | ${budget.values} |`)
  })

  it('names no microdata file when the package holds none (a reader without the permission)', () => {
    const descriptor = dataPackageDescriptor({ slug: 'enquete-2025', title: 'Enquête 2025' }, VARIABLES, { microdata: false })
    expect(descriptor.resources.map((r) => r.path)).toEqual(['codebook.csv', 'indicators.csv'])
    const readme = dataPackageReadme({ slug: 'enquete-2025', title: 'Enquête 2025' }, { freeText: false, minCellSize: 5, microdata: false })
    expect(readme).not.toContain('| `responses.csv` |')
    expect(readme).toContain('ne contient pas les microdonnées')
    expect(readme).toContain('holds no microdata')
  })

  it('keeps, without a plan, the descriptor and README as before', () => {
    const descriptor = dataPackageDescriptor({ slug: 'enquete-2025', title: 'Enquête 2025' }, VARIABLES)
    const responses = descriptor.resources.find((r) => r.name === 'responses')!
    expect(responses.schema.fields.find((f) => f.name === 'salaries_etp')).toMatchObject({ type: 'number' })
    expect('description' in responses).toBe(false)
    expect(dataPackageReadme({ slug: 'enquete-2025', title: 'Enquête 2025' }, { freeText: false, minCellSize: 5 })).not.toContain('Protection des microdonnées')
  })
})

describe('responsesCsv', () => {
  const questionnaire: QuestionnaireJson = {
    pages: [
      {
        name: 'p1',
        elements: [
          { type: 'checkbox', name: 'familles', title: 'Familles', choices: ['insertion', 'reemploi'] },
          { type: 'text', name: 'salaries_etp', inputType: 'number', title: 'ETP' },
          { type: 'text', name: 'annee_creation', inputType: 'number', title: 'Année', max: 2025 },
          { type: 'text', name: 'budget_annuel', inputType: 'number', title: 'Budget' },
        ],
      },
    ],
  }
  const { variables } = exportVariables(listQuestions(questionnaire), questionnaire, { freeText: false })
  const responses = [
    {
      id: '00000000-0000-4000-8000-000000000001',
      answers: '{"familles": ["reemploi", "insertion"], "salaries_etp": 12.5, "annee_creation": 1998, "budget_annuel": 10212.4}',
    },
    { id: '00000000-0000-4000-8000-000000000002', answers: '{"familles": ["insertion"], "budget_annuel": 1e9}' },
  ]

  it('writes the answers as they are without a plan (staff), in the order given', async () => {
    const csv = await text(responsesCsv([responses], variables, { dialect: 'rfc4180', pseudonyms: (ids) => ids.map((_, i) => `p${i}`) }))
    expect(csv).toBe(
      'id,familles__insertion,familles__reemploi,familles,salaries_etp,annee_creation,budget_annuel\r\n' +
        'p0,1,1,"reemploi;insertion",12.5,1998,10212.4\r\n' +
        'p1,1,0,insertion,,,1000000000\r\n',
    )
  })

  it('fails rather than write a response the plan does not know, or fewer rows than planned', async () => {
    const plan = await planMicrodata([responses], variables, { k: 1 })
    const stranger = { id: '00000000-0000-4000-8000-000000000003', answers: '{}' }
    await expect(text(responsesCsv([[...responses, stranger]], variables, { dialect: 'rfc4180', plan }))).rejects.toThrow(/not in the microdata plan/)
    await expect(text(responsesCsv([responses.slice(0, 1)], variables, { dialect: 'rfc4180', plan }))).rejects.toThrow(/plan has 2 rows, the file 1/)
  })

  it('with a plan and k = 1, keeps the quasi-identifiers at their finest classes and the families in choice order', async () => {
    const plan = await planMicrodata([responses], variables, { k: 1 })
    const csv = await text(responsesCsv([[...responses].reverse()], variables, { dialect: 'rfc4180', plan, pseudonyms: (ids) => ids.map((_, i) => `p${i}`) }))
    expect(csv).toBe(
      'id,familles__insertion,familles__reemploi,familles,salaries_etp,annee_creation,budget_annuel\r\n' +
        'p0,1,0,insertion,,,10212.4\r\n' +
        'p1,1,1,"insertion;reemploi",etp_10_49,1980_1999,10212.4\r\n',
    )
  })
})
