import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  THEME_OTHER,
  ComparisonQuerySchema,
  IndicatorComparisonSchema,
  IndicatorResultsSchema,
  IndicatorsCsvQuerySchema,
  IndicatorsQuerySchema,
  WaveParamsSchema,
  type IndicatorCell,
  type IndicatorMeta,
  type IndicatorThemeFilter,
} from '@sonde/contracts'
import { indicatorQuestions, releaseSummary, withThemes, type IndicatorDefinition, type WaveResults } from '@sonde/analysis'
import { listFamilies, type WaveRow } from '@sonde/db'
import { AppError } from '../../errors'
import { exportFileName } from '../../csv'
import { readers } from '../../plugins/access'
import { cellsFor, indicatorsCsvOf, parseDimension, readResults } from '../../results/wave-results'
import { requireWave } from '../../waves/require-wave'

/** Same indicator in two waves: same id, same aggregation, same question names. */
function comparisonKey(definition: IndicatorDefinition): string {
  return JSON.stringify([definition.id, definition.aggregation, [...indicatorQuestions(definition)].sort()])
}

/**
 * Indicators per family — and crossed with one more dimension a researcher picks — read from a
 * release of the wave (the latest by default; `?release=live` gives staff the computation now,
 * provisional), with disclosure control applied before anything leaves the server: the same cells
 * for the JSON and the CSV; the reasons of hidden cells for staff only. Comparison across waves
 * reads each wave's latest release and matches indicators by id, aggregation and question names.
 */
const indicatorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/indicators',
    {
      config: { access: readers },
      schema: {
        params: WaveParamsSchema,
        querystring: IndicatorsQuerySchema,
        response: { 200: IndicatorResultsSchema },
      },
    },
    async (request) => {
      const dimension = parseDimension(request.query.dimension)
      const wave = await requireWave(app.db, request.params.id)
      const { family, theme, indicator } = request.query
      const familyKeys = family ? (await listFamilies(app.db, wave.id)).map((f) => f.key) : []
      const results = await readResults(app.db, wave, request.user, request.query.release, dimension)
      const chosen = filterResults(withThemes(results.indicators), results.cells, { family, theme, indicator, familyKeys })
      return {
        waveId: wave.id,
        by: request.query.by,
        source: results.source,
        release: results.release ? releaseSummary(results.release) : null,
        dimension,
        dimensionValues: results.dimensionValues,
        minCellSize: results.minCellSize,
        pPercent: results.pPercent,
        indicators: chosen.indicators,
        cells: request.query.cells === 'none' ? [] : cellsFor(request.user, chosen.cells),
      }
    },
  )

  app.get(
    '/api/waves/:id/exports/indicators.csv',
    {
      config: { access: readers },
      schema: { params: WaveParamsSchema, querystring: IndicatorsCsvQuerySchema },
    },
    async (request, reply) => {
      const dimension = parseDimension(request.query.dimension)
      const wave = await requireWave(app.db, request.params.id)
      const results = await readResults(app.db, wave, request.user, request.query.release, dimension)
      const csv = indicatorsCsvOf(wave, results, { user: request.user, dimension, dialect: request.query.dialect })
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, indicatorsFileName(results, dimension))}"`)
        .header('Cache-Control', 'no-store')
        .send(csv)
    },
  )

  app.get(
    '/api/indicators/comparison',
    {
      config: { access: readers },
      schema: { querystring: ComparisonQuerySchema, response: { 200: IndicatorComparisonSchema } },
    },
    async (request) => {
      const waves: WaveRow[] = []
      for (const id of request.query.waves) waves.push(await requireWave(app.db, id))
      const computed: ({ wave: WaveRow } & WaveResults)[] = []
      for (const wave of waves) computed.push({ wave, ...(await readResults(app.db, wave, request.user, 'latest', null)) })
      const presence = new Map<string, { definition: IndicatorDefinition; waveIds: string[]; meta: WaveResults['indicators'][number] }>()
      for (const { wave, definitions, indicators } of computed) {
        definitions.forEach((definition, i) => {
          const key = comparisonKey(definition)
          const entry = presence.get(key)
          // The latest wave asked describes the indicator (labels may have been reworded).
          const meta = indicators[i]!
          if (entry) presence.set(key, { definition, meta, waveIds: [...entry.waveIds, wave.id] })
          else presence.set(key, { definition, meta, waveIds: [wave.id] })
        })
      }
      const shared = [...presence.values()].filter((entry) => entry.waveIds.length >= 2)
      const keys = new Set(shared.map((entry) => comparisonKey(entry.definition)))
      return {
        waves: computed.map(({ wave, release, minCellSize }) => ({
          id: wave.id,
          slug: wave.slug,
          title: wave.title,
          minCellSize,
          release: releaseSummary(release!),
        })),
        indicators: shared.map(({ meta, waveIds }) => ({ ...meta, waveIds })),
        cells: computed.flatMap(({ wave, definitions, cells }) => {
          const compared = new Set(definitions.filter((d) => keys.has(comparisonKey(d))).map((d) => d.id))
          return cellsFor(
            request.user,
            cells.filter((cell) => compared.has(cell.indicator)),
          ).map((cell) => ({ ...cell, waveId: wave.id }))
        }),
      }
    },
  )
}

interface ResultsFilter {
  family: string[] | undefined
  theme: IndicatorThemeFilter[] | undefined
  indicator: string[] | undefined
  /** The wave's family keys, which `family` must name. */
  familyKeys: readonly string[]
}

/** 400 INVALID_QUERY naming the parameter and the value it does not know, nothing else read. */
function unknownValue(parameter: string, value: string, known: readonly string[]): AppError {
  const message = `${parameter}: « ${value.slice(0, 100)} » is not one of this wave${parameter === 'indicator' ? '’s release' : ''}.`
  return new AppError('INVALID_QUERY', message, { issues: [{ field: `querystring.${parameter}`, message }], allowed: known.slice(0, 300) })
}

/**
 * `?family=`, `?theme=`, `?indicator=` (each a comma list, all combined): only the indicators of
 * those families (every-family ones included), themes and ids, with only their cells — and, with
 * `family`, only those families' cells — so that a page of the portal loads what it shows.
 */
function filterResults(
  indicators: IndicatorMeta[],
  cells: readonly IndicatorCell[],
  filter: ResultsFilter,
): { indicators: IndicatorMeta[]; cells: readonly IndicatorCell[] } {
  const { family, theme, indicator, familyKeys } = filter
  for (const key of family ?? []) if (!familyKeys.includes(key)) throw unknownValue('family', key, familyKeys)
  const ids = indicators.map((meta) => meta.id)
  for (const id of indicator ?? []) if (!ids.includes(id)) throw unknownValue('indicator', id, ids)
  if (!family && !theme && !indicator) return { indicators, cells }
  const kept = indicators.filter(
    (meta) =>
      (!family || meta.families === null || meta.families.some((key) => family.includes(key))) &&
      (!theme || theme.includes(meta.theme ?? THEME_OTHER)) &&
      (!indicator || indicator.includes(meta.id)),
  )
  const keptIds = new Set(kept.map((meta) => meta.id))
  return { indicators: kept, cells: cells.filter((cell) => keptIds.has(cell.indicator) && (!family || family.includes(cell.family))) }
}

/** The file's name says what it holds: which crossing, and which release (or that it is provisional). */
function indicatorsFileName(results: WaveResults, dimension: string | null): string {
  const what = dimension ? `indicateurs-${dimension.replace('_', '-')}` : 'indicateurs'
  return results.release ? `${what}-publication-${results.release.number}` : `${what}-provisoire`
}

export default indicatorRoutes
