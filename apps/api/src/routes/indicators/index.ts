import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IndicatorResultsSchema } from '@sonde/contracts'
import {
  computeIndicators,
  indicatorCsvRows,
  indicatorMeta,
  indicatorsCsv,
  type IndicatorDefinition,
} from '@sonde/analysis'
import { findWaveById, listIndicatorDefinitions, waveSettings, type Db } from '@sonde/db'
import { exportFileName } from '../../csv'
import { AppError } from '../../errors'
import { readers } from '../../plugins/access'

const WaveParamsSchema = z.object({ id: z.string().max(100) })
const IndicatorsQuerySchema = z.strictObject({ by: z.literal('family').default('family') })
const ExportQuerySchema = z.strictObject({ dialect: z.enum(['rfc4180', 'excel-fr']).default('rfc4180') })

async function waveIndicators(db: Db, waveId: string) {
  const wave = await findWaveById(db, waveId)
  if (!wave) throw new AppError('WAVE_NOT_FOUND')
  const definitions = (await listIndicatorDefinitions(db, wave.id)) as unknown as IndicatorDefinition[]
  const minCellSize = waveSettings(wave).minCellSize
  const cells = await computeIndicators(db, wave.id, definitions, { minCellSize })
  return { wave, definitions, minCellSize, cells }
}

/**
 * Indicators per family, computed in SQL over submitted responses, with disclosure control
 * applied before anything leaves the server — the same cells for the JSON and the CSV.
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
      const { wave, definitions, minCellSize, cells } = await waveIndicators(app.db, request.params.id)
      return {
        waveId: wave.id,
        by: request.query.by,
        minCellSize,
        indicators: definitions.map(indicatorMeta),
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
      const { wave, definitions, cells } = await waveIndicators(app.db, request.params.id)
      const csv = indicatorsCsv(indicatorCsvRows(wave.slug, cells, definitions), { dialect: request.query.dialect })
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, 'indicateurs')}"`)
        .header('Cache-Control', 'no-store')
        .send(csv)
    },
  )
}

export default indicatorRoutes
