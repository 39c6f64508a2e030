import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IndicatorComparisonSchema, IndicatorResultsSchema } from '@sonde/contracts'
import { indicatorCsvRows, indicatorMeta, indicatorQuestions, indicatorsCsv, type IndicatorDefinition } from '@sonde/analysis'
import { waveSettings, type Wave } from '@sonde/db'
import { exportFileName } from '../../csv'
import { readers } from '../../plugins/access'
import { requireWave, WaveParamsSchema } from '../waves/require-wave'
import { describeIndicator, parseDimension, waveIndicators, waveQuestions } from './wave-analysis'

const DimensionQuery = z.string().max(100).optional()
const IndicatorsQuerySchema = z.strictObject({ by: z.literal('family').default('family'), dimension: DimensionQuery })
const ExportQuerySchema = z.strictObject({
  dialect: z.enum(['rfc4180', 'excel-fr']).default('rfc4180'),
  dimension: DimensionQuery,
})
const ComparisonQuerySchema = z.strictObject({
  waves: z
    .string()
    .max(1000)
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(100)).min(2, 'name at least two waves, separated by commas').max(10)),
})

/** Same indicator in two waves: same id, same aggregation, same question names. */
function comparisonKey(definition: IndicatorDefinition): string {
  return JSON.stringify([definition.id, definition.aggregation, [...indicatorQuestions(definition)].sort()])
}

/**
 * Indicators per family — and crossed with one more dimension a researcher picks — computed in
 * SQL over submitted responses, with disclosure control applied before anything leaves the
 * server: the same cells for the JSON and the CSV. Comparison across waves matches indicators by
 * id, aggregation and question names.
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
      const dimensionKey = parseDimension(request.query.dimension)
      const wave = await requireWave(app.db, request.params.id)
      const { definitions, minCellSize, dimension, cells } = await waveIndicators(app.db, wave, dimensionKey)
      const questions = await waveQuestions(app.db, wave.id)
      return {
        waveId: wave.id,
        by: request.query.by,
        dimension: dimensionKey,
        dimensionValues: dimension?.values ?? [],
        minCellSize,
        indicators: definitions.map((d) => describeIndicator(d, questions)),
        cells,
      }
    },
  )

  app.get(
    '/api/waves/:id/exports/indicators.csv',
    {
      config: { access: readers },
      schema: { params: WaveParamsSchema, querystring: ExportQuerySchema },
    },
    async (request, reply) => {
      const dimensionKey = parseDimension(request.query.dimension)
      const wave = await requireWave(app.db, request.params.id)
      const { definitions, cells } = await waveIndicators(app.db, wave, dimensionKey)
      const csv = indicatorsCsv(indicatorCsvRows(wave.slug, cells, definitions, dimensionKey), { dialect: request.query.dialect })
      const what = dimensionKey ? `indicateurs-${dimensionKey.replace('_', '-')}` : 'indicateurs'
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, what)}"`)
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
      const waves: Wave[] = []
      for (const id of request.query.waves) waves.push(await requireWave(app.db, id))
      const computed = []
      for (const wave of waves) computed.push({ wave, ...(await waveIndicators(app.db, wave)) })
      const presence = new Map<string, { definition: IndicatorDefinition; waveIds: string[] }>()
      for (const { wave, definitions } of computed) {
        for (const definition of definitions) {
          const key = comparisonKey(definition)
          const entry = presence.get(key)
          // The latest wave asked describes the indicator (labels may have been reworded).
          if (entry) presence.set(key, { definition, waveIds: [...entry.waveIds, wave.id] })
          else presence.set(key, { definition, waveIds: [wave.id] })
        }
      }
      const shared = [...presence.values()].filter((entry) => entry.waveIds.length >= 2)
      const keys = new Set(shared.map((entry) => comparisonKey(entry.definition)))
      return {
        waves: waves.map((wave) => ({ id: wave.id, slug: wave.slug, title: wave.title, minCellSize: waveSettings(wave).minCellSize })),
        indicators: shared.map(({ definition, waveIds }) => ({ ...indicatorMeta(definition), waveIds })),
        cells: computed.flatMap(({ wave, definitions, cells }) => {
          const compared = new Set(definitions.filter((d) => keys.has(comparisonKey(d))).map((d) => d.id))
          return cells.filter((cell) => compared.has(cell.indicator)).map((cell) => ({ ...cell, waveId: wave.id }))
        }),
      }
    },
  )
}

export default indicatorRoutes
