import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { previewRetention, retentionKeeps, waveSettings } from '@sonde/db'
import { staff } from '../../plugins/access'
import { dueWaves, identifyingQuestions } from '../../retention/personal-data'
import { retentionDue, retentionEndsAt } from '../../retention/schedule'
import { requireWave, WaveParamsSchema } from '../waves/require-wave'

const count = z.number().int()
const RetentionPreviewSchema = z.object({
  retentionUntil: z.string().nullable(),
  /** The instant the data go (the job's next hourly pass after it), or null without a date. */
  endsAt: z.string().nullable(),
  due: z.boolean(),
  lastPassAt: z.string().nullable(),
  /** What goes, counted now; after the date, what is still there to go (new data since the last pass). */
  removes: z.object({
    organisations: count,
    organisationsKept: count,
    responses: count,
    submissions: count,
    links: count,
    messages: count,
    auditEntries: count,
    claims: count,
  }),
  questions: z.array(z.object({ name: z.string(), label: z.string(), reason: z.enum(['identifying', 'free_text', 'file']) })),
  keeps: z.object({ releases: count, submittedResponses: count }),
})

/** The wave's retention as staff read it in its settings: when, what goes (counted), what stays. */
const retentionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/retention',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: RetentionPreviewSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const { retentionUntil } = waveSettings(wave)
      const now = new Date()
      const [questions, due, keeps] = await Promise.all([
        identifyingQuestions(app.db, wave.id),
        dueWaves(app.db, now),
        retentionKeeps(app.db, wave.id),
      ])
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
