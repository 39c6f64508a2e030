import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  LintQuerySchema,
  LintResultSchema,
  QuestionnaireComparisonSchema,
  QuestionnaireDefinitionSchema,
  QuestionnaireSchema,
  QuestionnaireVersionListSchema,
  QuestionnaireVersionParamsSchema,
  QuestionnaireVersionSchema,
  SaveQuestionnaireQuerySchema,
  VersionDiffQuerySchema,
  WaveDiffQuerySchema,
  WaveParamsSchema,
  type QuestionnaireComparison,
} from '@sonde/contracts'
import {
  findCurrentQuestionnaireRecord,
  findQuestionnaireVersionRecord,
  listIndicatorDefinitions,
  listQuestionnaireVersions,
  type QuestionnaireVersionRecord,
} from '@sonde/db'
import { countQuestions, diffQuestionnaires, isWordingOnly, jsonDepth, QUESTIONNAIRE_LIMITS, type Problem } from '@sonde/survey'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'
import { questionnaireBodyLimit } from '../../questionnaires/body-limit'
import { fitIndicators } from '../../questionnaires/indicator-guard'
import { saveQuestionnaireVersion } from '../../questionnaires/save-version'

/** Versions whose warnings are kept: far more than the questionnaires being edited at once. */
const WARNINGS_KEPT = 500

/** A version's history as the API shows it. */
function history(record: QuestionnaireVersionRecord) {
  return { savedAt: record.savedAt.toISOString(), author: record.author, note: record.note }
}

function compare(
  from: { waveId: string; record: QuestionnaireVersionRecord },
  to: { waveId: string; record: QuestionnaireVersionRecord },
): QuestionnaireComparison {
  const diff = diffQuestionnaires(from.record.definition, to.record.definition)
  return {
    from: { waveId: from.waveId, version: from.record.version },
    to: { waveId: to.waveId, version: to.record.version },
    wordingOnly: isWordingOnly(diff),
    diff,
  }
}

/**
 * A wave's questionnaire (SurveyJS JSON), versioned: each save is a new version with its author,
 * time and change note, checked by the server's lint first (errors block, warnings are returned),
 * its texts' HTML rebuilt from the allow-list (what was removed is among the warnings). Once the
 * wave has opened its structure is frozen (`frozen`): a save is accepted only when it changes
 * wording alone (`isWordingOnly`). A save never takes away a question that one of the wave's
 * indicators uses. The checks run in a worker thread; a version is linted once, when it is saved
 * (or, for a version saved by something else — a new wave, a copy —, at its first read), never
 * at every read. The history and the diffs are for staff.
 */
const questionnaireRoutes: FastifyPluginAsyncZod = async (app) => {
  const checker = app.checks

  // Versions never change: their warnings, by questionnaire row id.
  const warningsOf = new Map<string, Problem[]>()
  const remember = (id: string, warnings: Problem[]) => {
    if (warningsOf.size >= WARNINGS_KEPT) warningsOf.delete(warningsOf.keys().next().value!)
    warningsOf.set(id, warnings)
  }

  const requireVersion = async (waveId: string, version: number) => {
    const record = await findQuestionnaireVersionRecord(app.db, waveId, version)
    if (!record) throw new AppError('QUESTIONNAIRE_VERSION_NOT_FOUND', `The questionnaire of this wave has no version ${version}.`)
    return record
  }

  const requireCurrent = async (waveId: string) => {
    const record = await findCurrentQuestionnaireRecord(app.db, waveId)
    if (!record) throw new AppError('QUESTIONNAIRE_VERSION_NOT_FOUND', 'This wave has no questionnaire yet.')
    return record
  }

  app.get(
    '/api/waves/:id/questionnaire',
    { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: QuestionnaireSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const current = await findCurrentQuestionnaireRecord(app.db, wave.id)
      const frozen = wave.status !== 'draft'
      if (!current) return { version: 0, frozen, definition: {}, warnings: [], savedAt: null, author: null, note: null }
      const definition = current.definition as Record<string, unknown>
      const warnings = warningsOf.get(current.id) ?? (await checker.check(definition)).storedWarnings
      remember(current.id, warnings)
      return { version: current.version, frozen, definition, warnings, ...history(current) }
    },
  )

  app.put(
    '/api/waves/:id/questionnaire',
    {
      bodyLimit: questionnaireBodyLimit,
      config: { access: staff },
      schema: {
        params: WaveParamsSchema,
        querystring: SaveQuestionnaireQuerySchema,
        body: QuestionnaireDefinitionSchema,
        response: { 200: QuestionnaireSchema },
      },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const { note, baseVersion } = request.query
      const { lint, cleaned, storedWarnings } = await checker.check(request.body)
      const { errors, warnings } = lint
      if (errors.length > 0 || cleaned === null) {
        const first = errors[0]!
        throw new AppError('QUESTIONNAIRE_INVALID', `${first.path}: ${first.message}`, { errors, warnings })
      }
      const saved = await saveQuestionnaireVersion(app.db, {
        waveId: wave.id,
        definition: cleaned as Record<string, unknown>,
        userId: request.user!.id,
        note: note || null,
        baseVersion,
        warnings: warnings.length,
        refuseTaken: (taken) => {
          throw new AppError('QUESTIONNAIRE_INVALID', `${taken[0]!.path}: ${taken[0]!.message}`, { errors: taken, warnings })
        },
        questionsOf: (definition) => checker.questions(definition),
      })
      remember(saved.record.id, storedWarnings)
      // The indicators a replacement removed are said once, with this save (not with the version).
      return {
        version: saved.record.version,
        frozen: saved.frozen,
        definition: cleaned as Record<string, unknown>,
        warnings: [...warnings, ...saved.removed],
        ...history(saved.record),
      }
    },
  )

  app.get(
    '/api/waves/:id/questionnaire/versions',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: QuestionnaireVersionListSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const versions = await listQuestionnaireVersions(app.db, wave.id)
      return { versions: versions.map((record) => ({ version: record.version, ...history(record), questions: countQuestions(record.definition) })) }
    },
  )

  app.get(
    '/api/waves/:id/questionnaire/versions/:version',
    { config: { access: staff }, schema: { params: QuestionnaireVersionParamsSchema, response: { 200: QuestionnaireVersionSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const record = await requireVersion(wave.id, request.params.version)
      return {
        version: record.version,
        ...history(record),
        questions: countQuestions(record.definition),
        definition: record.definition as Record<string, unknown>,
      }
    },
  )

  app.get(
    '/api/waves/:id/questionnaire/diff',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, querystring: VersionDiffQuerySchema, response: { 200: QuestionnaireComparisonSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const to = request.query.to === undefined ? await requireCurrent(wave.id) : await requireVersion(wave.id, request.query.to)
      const fromVersion = request.query.from ?? Math.max(1, to.version - 1)
      const from = fromVersion === to.version ? to : await requireVersion(wave.id, fromVersion)
      return compare({ waveId: wave.id, record: from }, { waveId: wave.id, record: to })
    },
  )

  app.get(
    '/api/questionnaires/diff',
    { config: { access: staff }, schema: { querystring: WaveDiffQuerySchema, response: { 200: QuestionnaireComparisonSchema } } },
    async (request) => {
      const fromWave = await requireWave(app.db, request.query.fromWave)
      const toWave = await requireWave(app.db, request.query.toWave)
      const [from, to] = await Promise.all([requireCurrent(fromWave.id), requireCurrent(toWave.id)])
      return compare({ waveId: fromWave.id, record: from }, { waveId: toWave.id, record: to })
    },
  )

  app.post(
    '/api/questionnaires/lint',
    {
      bodyLimit: questionnaireBodyLimit,
      config: { access: staff },
      schema: { querystring: LintQuerySchema, body: QuestionnaireDefinitionSchema, response: { 200: LintResultSchema } },
    },
    async (request) => {
      const { lint } = await checker.check(request.body)
      // A body nested beyond the limit is refused by the lint alone (its outline would recurse as deep).
      if (request.query.waveId === undefined || jsonDepth(request.body, QUESTIONNAIRE_LIMITS.jsonDepth).deepest !== null) return lint
      // The designer lints as staff edit a wave: the questions its indicators use are checked too.
      const wave = await requireWave(app.db, request.query.waveId)
      // Their types are read from survey-core's model, which a text the lint refuses may not give.
      if (lint.errors.length > 0) return lint
      const current = await findCurrentQuestionnaireRecord(app.db, wave.id)
      const fit = await fitIndicators(current?.definition, request.body, await listIndicatorDefinitions(app.db, wave.id), {
        draft: wave.status === 'draft',
        questionsOf: (definition) => checker.questions(definition),
      })
      return { errors: [...lint.errors, ...fit.problems], warnings: lint.warnings }
    },
  )
}

export default questionnaireRoutes
