import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { WaveListSchema, WaveSchema } from '@sonde/contracts'
import {
  findWaveById,
  listFamilies,
  listFamiliesOfWaves,
  listWaves,
  recordAudit,
  setWaveStatus,
  type WaveStatus,
} from '@sonde/db'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { waveBody } from './wave-body'

const WaveParamsSchema = z.object({ id: z.string().max(100) })

/** Allowed lifecycle moves: draft → open → closed → archived, and closed → open (logged). */
const transitions: Record<'open' | 'close', { from: WaveStatus[]; to: WaveStatus }> = {
  open: { from: ['draft', 'closed'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
}

const waveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves',
    { config: { access: readers }, schema: { response: { 200: WaveListSchema } } },
    async () => {
      const waves = await listWaves(app.db)
      const families = await listFamiliesOfWaves(
        app.db,
        waves.map((w) => w.id),
      )
      return { waves: waves.map((w) => waveBody(w, families.get(w.id) ?? [])) }
    },
  )

  app.get(
    '/api/waves/:id',
    { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: WaveSchema } } },
    async (request) => {
      const wave = await findWaveById(app.db, request.params.id)
      if (!wave) throw new AppError('WAVE_NOT_FOUND')
      return waveBody(wave, await listFamilies(app.db, wave.id))
    },
  )

  for (const [action, rule] of Object.entries(transitions)) {
    app.post(
      `/api/waves/:id/${action}`,
      { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: WaveSchema } } },
      async (request) => {
        const wave = await findWaveById(app.db, request.params.id)
        if (!wave) throw new AppError('WAVE_NOT_FOUND')
        if (!rule.from.includes(wave.status)) {
          throw new AppError('INVALID_TRANSITION', `A ${wave.status} wave cannot be ${action === 'open' ? 'opened' : 'closed'}.`)
        }
        const updated = await app.db.transaction().execute(async (trx) => {
          const row = await setWaveStatus(trx, wave.id, rule.to)
          await recordAudit(trx, {
            actorType: 'user',
            actorId: request.user!.id,
            waveId: wave.id,
            action: `wave.${action}`,
            details: { from: wave.status, to: rule.to },
          })
          return row
        })
        return waveBody(updated, await listFamilies(app.db, wave.id))
      },
    )
  }
}

export default waveRoutes
