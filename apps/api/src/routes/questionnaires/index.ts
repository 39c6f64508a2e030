import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { LintResultSchema, QuestionnaireDefinitionSchema, QuestionnaireSchema, WaveParamsSchema } from '@sonde/contracts'
import { findCurrentQuestionnaire, recordAudit, saveQuestionnaire, type JsonValue } from '@sonde/db'
import { QUESTIONNAIRE_LIMITS, type Problem } from '@sonde/survey'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'

/**
 * Twice the largest questionnaire: a questionnaire over its limit (2 MiB of JSON) gets the
 * lint's 422 naming the size, not a bare 413.
 */
export const questionnaireBodyLimit = 2 * QUESTIONNAIRE_LIMITS.bytes

/** Versions whose warnings are kept: far more than the questionnaires being edited at once. */
const WARNINGS_KEPT = 500

/**
 * A wave's questionnaire (SurveyJS JSON), versioned: each save is a new version, checked by the
 * server's lint first (errors block, warnings are returned), its texts' HTML rebuilt from the
 * allow-list (what was removed is among the warnings). Frozen once the wave has opened. The
 * checks run in a worker thread; a version is linted once, when it is saved (or, for a version
 * saved by something else — a new wave, a copy —, at its first read), never at every read.
 */
const questionnaireRoutes: FastifyPluginAsyncZod = async (app) => {
  const checker = app.checks

  // Versions never change: their warnings, by questionnaire row id.
  const warningsOf = new Map<string, Problem[]>()
  const remember = (id: string, warnings: Problem[]) => {
    if (warningsOf.size >= WARNINGS_KEPT) warningsOf.delete(warningsOf.keys().next().value!)
    warningsOf.set(id, warnings)
  }

  app.get(
    '/api/waves/:id/questionnaire',
    { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: QuestionnaireSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const current = await findCurrentQuestionnaire(app.db, wave.id)
      const definition = (current?.definition ?? {}) as Record<string, unknown>
      let warnings: Problem[] = []
      if (current) {
        warnings = warningsOf.get(current.id) ?? (await checker.check(definition)).storedWarnings
        remember(current.id, warnings)
      }
      return { version: current?.version ?? 0, frozen: wave.status !== 'draft', definition, warnings }
    },
  )

  app.put(
    '/api/waves/:id/questionnaire',
    {
      bodyLimit: questionnaireBodyLimit,
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: QuestionnaireDefinitionSchema, response: { 200: QuestionnaireSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      if (wave.status !== 'draft') throw new AppError('QUESTIONNAIRE_FROZEN')
      const { lint, cleaned, storedWarnings } = await checker.check(request.body)
      const { errors, warnings } = lint
      if (errors.length > 0 || cleaned === null) {
        const first = errors[0]!
        throw new AppError('QUESTIONNAIRE_INVALID', `${first.path}: ${first.message}`, { errors, warnings })
      }
      const definition = cleaned as Record<string, unknown>
      const saved = await app.db.transaction().execute(async (trx) => {
        const row = await saveQuestionnaire(trx, wave.id, definition as JsonValue)
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'questionnaire.save',
          details: { version: row.version, warnings: warnings.length },
        })
        return row
      })
      remember(saved.id, storedWarnings)
      return { version: saved.version, frozen: false, definition, warnings }
    },
  )

  app.post(
    '/api/questionnaires/lint',
    {
      bodyLimit: questionnaireBodyLimit,
      config: { access: staff },
      schema: { body: QuestionnaireDefinitionSchema, response: { 200: LintResultSchema } },
    },
    async (request) => (await checker.check(request.body)).lint,
  )
}

export default questionnaireRoutes
