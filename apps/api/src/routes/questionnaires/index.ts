import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LintResultSchema, QuestionnaireSchema } from '@sonde/contracts'
import { findCurrentQuestionnaire, recordAudit, saveQuestionnaire, type JsonValue } from '@sonde/db'
import { lintQuestionnaire, prepareQuestionnaire } from '@sonde/survey'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { requireWave, WaveParamsSchema } from '../waves/require-wave'

const DefinitionSchema = z.record(z.string(), z.unknown())

/**
 * A wave's questionnaire (SurveyJS JSON), versioned: each save is a new version, checked by the
 * server's lint first (errors block, warnings are returned), its texts' HTML rebuilt from the
 * allow-list (what was removed is among the warnings). Frozen once the wave has opened.
 */
const questionnaireRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/waves/:id/questionnaire',
    { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: QuestionnaireSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const current = await findCurrentQuestionnaire(app.db, wave.id)
      const definition = (current?.definition ?? {}) as Record<string, unknown>
      return {
        version: current?.version ?? 0,
        frozen: wave.status !== 'draft',
        definition,
        warnings: current ? lintQuestionnaire(definition).warnings : [],
      }
    },
  )

  app.put(
    '/api/waves/:id/questionnaire',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: DefinitionSchema, response: { 200: QuestionnaireSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      if (wave.status !== 'draft') throw new AppError('QUESTIONNAIRE_FROZEN')
      const { lint, cleaned } = prepareQuestionnaire(request.body)
      const { errors, warnings } = lint
      if (errors.length > 0) {
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
      return { version: saved.version, frozen: false, definition, warnings }
    },
  )

  app.post(
    '/api/questionnaires/lint',
    { config: { access: staff }, schema: { body: DefinitionSchema, response: { 200: LintResultSchema } } },
    async (request) => lintQuestionnaire(request.body),
  )
}

export default questionnaireRoutes
