import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { RetentionPreviewSchema, WaveParamsSchema } from '@sonde/contracts'
import { previewRetention, retentionKeeps, waveSettings } from '@sonde/db'
import { staff } from '../../plugins/access'
import { dueWaves, identifyingQuestions } from '../../retention/personal-data'
import { retentionDue, retentionEndsAt } from '../../retention/schedule'
import { requireWave } from '../../waves/require-wave'

/** The wave's retention as staff read it in its settings: when, what goes (counted), what stays. */
const retentionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/retention',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: RetentionPreviewSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const { retentionUntil } = waveSettings(wave)
      const now = new Date()
      const [questions, due, keeps] = await Promise.all([identifyingQuestions(app.db, wave.id), dueWaves(app.db, now), retentionKeeps(app.db, wave.id)])
      const removes = await previewRetention(app.db, wave.id, {
        questions: questions.map((q) => q.name),
        dueWaveIds: due.map((w) => w.id),
      })
      return {
        retentionUntil,
        endsAt: retentionUntil ? retentionEndsAt(retentionUntil).toISOString() : null,
        due: retentionDue(retentionUntil, now),
        lastPassAt: keeps.lastPassAt?.toISOString() ?? null,
        removes,
        questions,
        keeps: { releases: keeps.releases, submittedResponses: keeps.submittedResponses },
      }
    },
  )
}

export default retentionRoutes
