import type { Readable } from 'node:stream'
import type { IndicatorCell, IndicatorMeta, PublicFactor, PublicLicence, PublicPageState, PublicResponseCount, PublicResults } from '@sonde/contracts'
import {
  findLatestRelease,
  findPublicPage,
  listFamilies,
  listReleases,
  releaseParticipation,
  type Db,
  type PublicPage,
  type ReleaseRow,
  type WaveRow,
} from '@sonde/db'
import { publicCells } from '../disclosure/public-view'
import { csvDelimiter, csvStream, type CsvCell, type CsvDialect } from '../export/csv'
import { INDICATOR_TYPES } from '../export/datapackage'
import type { VariableType } from '../export/variables'
import { INDICATOR_CSV_COLUMNS, indicatorsCsv, type IndicatorCsvRow } from '../export/indicators-csv'
import { frenchSpacing } from '@sonde/contracts/rules'
import type { ZipEntry } from '../export/zip'
import { withThemes } from '../indicators/meta'
import type { IndicatorDefinition } from '../indicators/types'
import { releaseResults } from './read-results'

// The public observatory (`/resultats/<slug>`, no login): what a wave's public page and its open
// files show of the release staff chose — built from that release only, every cell through
// `publicCells` (the gate every reader but staff goes through): no live figure, no reason, no n
// of a hidden cell, no microdata. The CSV and the data package are written from the page's own
// answer (`PublicResults`), so a file can never hold more than the page.

/** The confidence level of every published interval. */
export const PUBLIC_CONFIDENCE = 0.95

/** The open licences, as a Frictionless `licenses` entry names them (SPDX identifiers). */
export const PUBLIC_LICENCE_TERMS: Record<PublicLicence, { name: string; title: string; path: string }> = {
  'etalab-2.0': {
    name: 'etalab-2.0',
    title: 'Licence Ouverte / Open Licence version 2.0',
    path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
  },
  'cc-by-4.0': {
    name: 'CC-BY-4.0',
    title: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
    path: 'https://creativecommons.org/licenses/by/4.0/',
  },
}

/** `/resultats/<slug>`: the public page's address, relative to the server. */
export const publicPagePath = (slug: string) => `/resultats/${encodeURIComponent(slug)}`

/** What staff see of a wave's public page: published or not, on which release, whether a newer one exists. */
export async function publicPageState(db: Db, wave: WaveRow, page?: PublicPage): Promise<PublicPageState> {
  const current = page ?? (await findPublicPage(db, wave.id))
  const latest = await findLatestRelease(db, wave.id)
  if (!current) {
    return { published: false, path: publicPagePath(wave.slug), releaseId: null, releaseNumber: null, licence: null, publishedAt: null, newerRelease: false }
  }
  const shown = (await listReleases(db, wave.id)).find((r) => r.id === current.releaseId)
  const number = shown?.number ?? null
  return {
    published: true,
    path: publicPagePath(wave.slug),
    releaseId: current.releaseId,
    releaseNumber: number,
    licence: current.licence,
    publishedAt: current.publishedAt.toISOString(),
    newerRelease: latest !== undefined && number !== null && latest.number > number,
  }
}

/**
 * Who was invited and who answered, per family and for the whole network (`_all`): a count of
 * submitted responses under `k` is withheld (null, and its rate), so that it never singles out
 * the organisations of a small family. A withheld count must not come back by subtraction from
 * the network's: while the organisations registered only in withheld families number between 1
 * and k−1, the smallest published family is withheld too — or, when none is left, the network's
 * count. Organisations count in each family they are registered in (their `familyKeys`), so an
 * organisation also in a published family is no residue: its count is no secret of the withheld
 * one (and a family whose figures carry n = 6 is never said to have "fewer than 5" responses).
 */
export function responseCounts(
  families: readonly string[],
  participation: { invited: readonly (readonly string[])[]; submitted: readonly (readonly string[])[] },
  k: number,
): PublicResponseCount[] {
  const count = (lists: readonly (readonly string[])[], family: string) =>
    family === '_all' ? lists.length : lists.filter((keys) => keys.includes(family)).length
  const rows = ['_all', ...families].map((family) => ({
    family,
    invited: count(participation.invited, family),
    submitted: count(participation.submitted, family),
  }))
  const hidden = new Set(rows.filter((r) => r.family !== '_all' && r.submitted < k).map((r) => r.family))
  for (;;) {
    // What the network's count less the published families' members leaves: the withheld families' own.
    const residue = participation.submitted.filter((keys) => keys.length > 0 && keys.every((key) => hidden.has(key))).length
    if (residue === 0 || residue >= k) break
    const next = rows.filter((r) => r.family !== '_all' && !hidden.has(r.family)).sort((a, b) => a.submitted - b.submitted)[0]
    if (!next) {
      hidden.add('_all')
      break
    }
    hidden.add(next.family)
  }
  const all = rows[0]!
  if (all.submitted < k) hidden.add('_all')
  return rows.map((r) =>
    hidden.has(r.family)
      ? { family: r.family, invited: r.invited, submitted: null, rate: null }
      : { family: r.family, invited: r.invited, submitted: r.submitted, rate: r.invited > 0 ? r.submitted / r.invited : null },
  )
}

/** The conversion factors the release's indicators use, one line per indicator and question. */
export function publicFactors(definitions: readonly IndicatorDefinition[]): PublicFactor[] {
  return definitions.flatMap((d) =>
    d.aggregation === 'derived_sum'
      ? d.terms.map((t) => ({
          indicator: d.id,
          question: t.question,
          value: t.factor.value,
          unit: t.factor.unit,
          source: t.factor.source,
          version: t.factor.version ?? null,
        }))
      : [],
  )
}

/** Everything the public page of `wave` shows of `release` (the page's release), through the public gate. */
export async function publicResults(db: Db, wave: WaveRow, page: PublicPage, release: ReleaseRow): Promise<PublicResults> {
  const byFamily = await releaseResults(db, release, null)
  const byRegion = await releaseResults(db, release, 'region')
  const families = await listFamilies(db, wave.id)
  const participation = await releaseParticipation(db, release)
  return {
    wave: {
      slug: wave.slug,
      title: wave.title,
      opensAt: wave.opens_at?.toISOString() ?? null,
      closesAt: wave.closes_at?.toISOString() ?? null,
    },
    release: { number: release.number, publishedAt: release.published_at.toISOString(), responses: release.responses },
    licence: page.licence,
    families: families.map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en })),
    indicators: withThemes(byFamily.indicators),
    cells: publicCells(byFamily.cells),
    regions: { values: byRegion.dimensionValues, cells: publicCells(byRegion.cells) },
    methodology: {
      responseCounts: responseCounts(
        families.map((f) => f.key),
        participation,
        release.min_cell_size,
      ),
      minCellSize: release.min_cell_size,
      pPercent: release.p_percent,
      confidence: PUBLIC_CONFIDENCE,
      factors: publicFactors(byFamily.definitions),
    },
  }
}

/** The rows of the public indicators file: the cells by family, then by family and region, from the page's answer. */
function* publicCsvRows(results: PublicResults): Generator<IndicatorCsvRow> {
  const meta = new Map(results.indicators.map((m) => [m.id, m]))
  const row = (cell: IndicatorCell, dimension: string | null): IndicatorCsvRow => {
    const m = meta.get(cell.indicator)
    return { ...cell, wave: results.wave.slug, dimension, labelFr: m?.labelFr ?? cell.indicator, unit: m?.unit ?? '', factorSource: m?.factorSource ?? null }
  }
  for (const cell of results.cells) yield row(cell, null)
  for (const cell of results.regions.cells) yield row(cell, 'region')
}

/** `indicators.csv` of the public page: `INDICATOR_CSV_COLUMNS`, the cells as the page shows them (a hidden cell is a bare mark). */
export function publicIndicatorsCsv(results: PublicResults, dialect: CsvDialect): Readable {
  return indicatorsCsv(publicCsvRows(results), { dialect })
}

/** The columns of the indicator list (`indicator-list.csv`). */
export const INDICATOR_LIST_COLUMNS = ['indicator', 'label_fr', 'label_en', 'unit', 'aggregation', 'questions', 'families', 'theme', 'factor_source'] as const

function indicatorListCsv(indicators: readonly IndicatorMeta[], dialect: CsvDialect): Readable {
  const rows: CsvCell[][] = indicators.map((m) => [
    m.id,
    m.labelFr,
    m.labelEn,
    m.unit,
    m.aggregation,
    m.questions.join(' '),
    m.families ? m.families.join(' ') : null,
    m.theme ?? null,
    m.factorSource,
  ])
  return csvStream(INDICATOR_LIST_COLUMNS, rows, dialect)
}

/** The columns of `response-counts.csv`. */
export const RESPONSE_COUNT_COLUMNS = ['family', 'label_fr', 'label_en', 'invited', 'submitted', 'rate'] as const

function responseCountsCsv(results: PublicResults, dialect: CsvDialect): Readable {
  const label = new Map(results.families.map((f) => [f.key, f]))
  const rows: CsvCell[][] = results.methodology.responseCounts.map((c) => [
    c.family,
    c.family === '_all' ? 'Ensemble du réseau' : (label.get(c.family)?.labelFr ?? c.family),
    c.family === '_all' ? 'Whole network' : (label.get(c.family)?.labelEn ?? c.family),
    c.invited,
    c.submitted,
    c.rate,
  ])
  return csvStream(RESPONSE_COUNT_COLUMNS, rows, dialect)
}

const RESPONSE_COUNT_TYPES: Record<(typeof RESPONSE_COUNT_COLUMNS)[number], VariableType> = {
  family: 'string',
  label_fr: 'string',
  label_en: 'string',
  invited: 'integer',
  submitted: 'integer',
  rate: 'number',
}

/** A Table Schema field; in excel-fr, a number has a decimal comma (`decimalChar`). */
function field(name: string, type: VariableType, dialect: CsvDialect) {
  return {
    name,
    type,
    ...(type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    ...(type === 'number' && dialect === 'excel-fr' ? { decimalChar: ',' } : {}),
  }
}

function resource(name: string, path: string, title: string, fields: ReturnType<typeof field>[], dialect: CsvDialect) {
  return {
    name,
    path,
    profile: 'tabular-data-resource',
    title,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    dialect: { delimiter: csvDelimiter(dialect), lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
    schema: { fields, missingValues: [''] },
  }
}

/**
 * The `datapackage.json` of the public files (Frictionless Data Package v1, `tabular-data-package`):
 * the licence staff chose (`licenses`), the indicators, the indicator list and the response
 * counts with their Table Schemas — no responses, no microdata.
 */
export function publicDataPackageDescriptor(results: PublicResults, dialect: CsvDialect, created = new Date(results.release.publishedAt)) {
  const terms = PUBLIC_LICENCE_TERMS[results.licence]
  return {
    profile: 'tabular-data-package',
    name: `sonde-${results.wave.slug}-publication-${results.release.number}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-'),
    title: `${results.wave.title} — publication n° ${results.release.number}`,
    description:
      "Indicateurs par famille et par région sous secret statistique d'une vague d'enquête Sonde (réseau ESS numérique), tels que publiés sur sa page publique ; sans microdonnées. " +
      'Indicators by family and region under statistical disclosure control, as published on the public page; no microdata.',
    created: created.toISOString(),
    licenses: [terms],
    resources: [
      resource(
        'indicators',
        'indicators.csv',
        'Indicateurs par famille et par région (secret statistique appliqué)',
        INDICATOR_CSV_COLUMNS.map((name) => field(name, INDICATOR_TYPES[name], dialect)),
        dialect,
      ),
      resource(
        'indicator-list',
        'indicator-list.csv',
        'Liste des indicateurs',
        INDICATOR_LIST_COLUMNS.map((name) => field(name, 'string', dialect)),
        dialect,
      ),
      resource(
        'response-counts',
        'response-counts.csv',
        'Organisations invitées et répondantes par famille',
        RESPONSE_COUNT_COLUMNS.map((name) => field(name, RESPONSE_COUNT_TYPES[name], dialect)),
        dialect,
      ),
    ],
  }
}

const frenchNumber = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })
const frenchPercent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 })
const englishNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const englishPercent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 })

/** The methodology file of the data package: who answered, the rules of disclosure control, intervals, factors and licence, in French then English. */
export function publicMethodology(results: PublicResults): string {
  const { methodology: m, release, licence } = results
  const terms = PUBLIC_LICENCE_TERMS[licence]
  const label = new Map(results.families.map((f) => [f.key, f]))
  const countRows = (lang: 'fr' | 'en') =>
    m.responseCounts
      .map((c) => {
        const name =
          c.family === '_all'
            ? lang === 'fr'
              ? 'Ensemble du réseau'
              : 'Whole network'
            : lang === 'fr'
              ? label.get(c.family)?.labelFr
              : label.get(c.family)?.labelEn
        const n = lang === 'fr' ? frenchNumber : englishNumber
        const submitted = c.submitted === null ? (lang === 'fr' ? `moins de ${m.minCellSize}` : `fewer than ${m.minCellSize}`) : n.format(c.submitted)
        const rate = c.rate === null ? '—' : (lang === 'fr' ? frenchPercent : englishPercent).format(c.rate)
        return `| ${name ?? c.family} | ${n.format(c.invited)} | ${submitted} | ${rate} |`
      })
      .join('\n')
  const factorRows = m.factors
    .map((f) => `| \`${f.indicator}\` | \`${f.question ?? ''}\` | ${f.value} | ${f.unit} | ${f.source} | ${f.version ?? ''} |`)
    .join('\n')
  const factorsFr =
    m.factors.length > 0
      ? `\n## Facteurs de conversion\n\n| indicateur | question | valeur | unité | source | version |\n| --- | --- | --- | --- | --- | --- |\n${factorRows}\n`
      : ''
  const factorsEn =
    m.factors.length > 0
      ? `\n## Conversion factors\n\n| indicator | question | value | unit | source | version |\n| --- | --- | --- | --- | --- | --- |\n${factorRows}\n`
      : ''
  const french = `Publication n° ${release.number} du ${release.publishedAt.slice(0, 10)}, ${frenchNumber.format(release.responses)} réponses. Fichiers sous ${terms.title} (${terms.path}).

## Qui a répondu

| famille | invitées | répondantes | taux |
| --- | --- | --- | --- |
${countRows('fr')}

Un nombre de répondantes inférieur à ${m.minCellSize} n'est pas donné, pour ne pas désigner les organisations d'une petite famille.

## Secret statistique

- Une case (indicateur × famille, ou × région) est masquée quand moins de ${m.minCellSize} organisations y contribuent, ou quand une seule organisation y pèse au point que les autres pourraient estimer sa valeur à moins de ${m.pPercent} % près (règle du p %).
- D'autres cases sont masquées pour qu'une case masquée ne se retrouve pas par différence (masquage secondaire).
- Une case masquée est signalée sans valeur ni effectif, et sans raison.
- Les intervalles sont des intervalles de confiance à ${frenchPercent.format(m.confidence)}.
${factorsFr}
## Contenu

- \`indicators.csv\` : les indicateurs par famille, puis par famille et région (colonne \`dimension\`).
- \`indicator-list.csv\` : la liste des indicateurs, leurs libellés et unités.
- \`response-counts.csv\` : invitées et répondantes par famille.
- Aucune réponse individuelle, aucune microdonnée.
`
  return `# ${results.wave.title} — méthodologie / methodology

${frenchSpacing(french)}
---

Release no. ${release.number} of ${release.publishedAt.slice(0, 10)}, ${englishNumber.format(release.responses)} responses. Files under ${terms.title} (${terms.path}).

## Who answered

| family | invited | answered | rate |
| --- | --- | --- | --- |
${countRows('en')}

A number of respondents below ${m.minCellSize} is not given, so as not to single out the organisations of a small family.

## Disclosure control

- A cell (indicator × family, or × region) is hidden when fewer than ${m.minCellSize} organisations contribute to it, or when one organisation weighs so much in it that the others could estimate its value within ${m.pPercent}% (p% rule).
- Further cells are hidden so that a hidden cell cannot be recovered by difference (secondary suppression).
- A hidden cell is marked without value, count or reason.
- Intervals are ${englishPercent.format(m.confidence)} confidence intervals.
${factorsEn}
## Reading the files

R: \`dir <- tempfile(); unzip("datapackage.zip", exdir = dir); frictionless::read_resource(frictionless::read_package(file.path(dir, "datapackage.json")), "indicators")\`. Python: \`frictionless.Package("datapackage.json")\`.
`
}

/** The files of the public data package: descriptor, methodology, indicators, indicator list, response counts. */
export function publicDataPackageFiles(results: PublicResults, dialect: CsvDialect): ZipEntry[] {
  return [
    { name: 'datapackage.json', content: JSON.stringify(publicDataPackageDescriptor(results, dialect), null, 2) },
    { name: 'methodology.md', content: publicMethodology(results) },
    { name: 'indicators.csv', content: () => publicIndicatorsCsv(results, dialect) },
    { name: 'indicator-list.csv', content: () => indicatorListCsv(results.indicators, dialect) },
    { name: 'response-counts.csv', content: () => responseCountsCsv(results, dialect) },
  ]
}
