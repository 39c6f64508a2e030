import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { MemberReportSchema, type IndicatorCell } from '@sonde/contracts'
import { memberReportItems, type IndicatorDefinition } from '@sonde/analysis'
import { findRespondentByTokenHash, hashToken, listFamilies, waveSettings, type Db, type Wave } from '@sonde/db'
import { sql } from 'kysely'
import { AppError } from '../../errors'
import { waveIndicators } from '../indicators/wave-analysis'

const TokenParamsSchema = z.object({ token: z.string().min(1).max(200) })

/** Results are recomputed at most this often for the same data, and whenever the data changes. */
const CACHE_MS = 10 * 60_000

interface Cached {
  stamp: string
  at: number
  result: Promise<{ definitions: IndicatorDefinition[]; cells: IndicatorCell[]; minCellSize: number }>
}

/** What changes the cells of a wave: its submitted responses (count, last change) and minimum cell size. */
async function dataStamp(db: Db, wave: Wave): Promise<string> {
  const { rows } = await sql<{ count: number; changed: Date | null }>`
    select count(*) as count, max(updated_at) as changed
    from responses where wave_id = ${wave.id} and status = 'submitted'`.execute(db)
  return JSON.stringify([rows[0]?.count ?? 0, rows[0]?.changed ?? null, waveSettings(wave).minCellSize])
}

/**
 * Each organisation's own report, through its invitation link, once staff have published the
 * wave's results: its own values for every median, median of ratios and share of its families,
 * beside the family's median and quartiles (or share) and the network's — only where that cell
 * passes disclosure control. The cells are those of the researchers' table; they are computed once
 * for all the members of a wave and again only when its submitted responses change.
 */
const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const cache = new Map<string, Cached>()

  async function waveCells(wave: Wave) {
    const stamp = await dataStamp(app.db, wave)
    const hit = cache.get(wave.id)
    if (hit && hit.stamp === stamp && Date.now() - hit.at < CACHE_MS) return hit.result
    const result = waveIndicators(app.db, wave).then(({ definitions, cells, minCellSize }) => ({ definitions, cells, minCellSize }))
    cache.set(wave.id, { stamp, at: Date.now(), result })
    result.catch(() => cache.delete(wave.id))
    return result
  }

  app.get(
    '/api/r/:token/report',
    {
      config: { access: 'respondent' },
      schema: { params: TokenParamsSchema, response: { 200: MemberReportSchema } },
    },
    async (request, reply) => {
      const guesses = app.rateLimits.linkGuessesPerAddress
      guesses.assertAllowed(request.ip)
      const context = await findRespondentByTokenHash(app.db, hashToken(request.params.token))
      if (!context) {
        guesses.recordFailure(request.ip)
        throw new AppError('INVITATION_NOT_FOUND')
      }
      const { wave, organisation, response } = context
      if (!waveSettings(wave).resultsPublished) throw new AppError('RESULTS_NOT_PUBLISHED')
      const waveFamilies = await listFamilies(app.db, wave.id)
      const keys = new Set(waveFamilies.map((f) => f.key))
      const answered = Array.isArray(response.answers.familles) ? response.answers.familles.filter((f): f is string => typeof f === 'string') : []
      const mine = [...new Set(answered.length > 0 ? answered : organisation.family_keys)].filter((f) => keys.has(f))
      const { definitions, cells, minCellSize } = await waveCells(wave)
      reply.header('Cache-Control', 'no-store')
      return {
        wave: { slug: wave.slug, title: wave.title },
        organisation: { name: organisation.name },
        submitted: response.status === 'submitted',
        families: waveFamilies.filter((f) => mine.includes(f.key)).map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en })),
        minCellSize,
        items: memberReportItems(definitions, cells, response.answers, mine),
      }
    },
  )
}

export default reportRoutes
