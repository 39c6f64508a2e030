import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  IDEMPOTENCY_KEY_PATTERN,
  OwnAnswersCsvQuerySchema,
  PatchAnswersBodySchema,
  PatchAnswersResultSchema,
  NoContentSchema,
  PresenceBodySchema,
  PresenceLeaveBodySchema,
  PresenceResultSchema,
  ReopenResultSchema,
  RespondentParamsSchema,
  RespondentViewSchema,
  SubmitBodySchema,
  SubmitHeadersSchema,
  SubmitResultSchema,
  type AnswerConflictDetails,
  type PatchAnswersBody,
  type PatchAnswersResult,
  type ValidationFailedDetails,
} from '@sonde/contracts'
import {
  applyAnswerPatch,
  findQuestionnaireById,
  hashToken,
  forgetPresence,
  listFamilies,
  markInvitationOpened,
  prefillResponse,
  recordAudit,
  recordPresence,
  reopenResponse,
  sameJson,
  saveAnswersByLink,
  submitResponse,
  toWave,
  waveSettings,
  type AnswerPatchOutcome,
  type JsonValue,
  type RespondentContext,
  statusForRespondents,
} from '@sonde/db'
import { checkAnswer, confirmedQuestion, registryAnswers, withoutUnsafeRegexValidators, type QuestionInfo, type QuestionnaireJson } from '@sonde/survey'
import { csvStream } from '@sonde/analysis'
import { exportFileName } from '../../csv'
import { AppError } from '../../errors'
import { ownAnswers } from './own-answers'
import { unstorableText } from './answer-text'
import { checkSubmission } from '../../checks/check-submission'
import { cachedQuestionnaire, confirmableOf, questionsOf } from './questionnaire-cache'

/** A submission without a valid Idempotency-Key is refused before the link is even looked up. */
async function requireIdempotencyKey(request: FastifyRequest): Promise<void> {
  const key = request.headers['idempotency-key']
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw new AppError('IDEMPOTENCY_KEY_REQUIRED')
}

/**
 * The respondent's routes: the token in the path is the credential, resolved by the access
 * plugin before each handler (`request.respondent`).
 */
const respondentRoutes: FastifyPluginAsyncZod = async (app) => {
  /** The wave's current questionnaire version, from the process's cache (`cachedQuestionnaire`), or undefined before the first. */
  function currentQuestionnaire(context: RespondentContext) {
    return context.questionnaireId === null
      ? Promise.resolve(undefined)
      : cachedQuestionnaire(context.questionnaireId, (id) => findQuestionnaireById(app.db, id))
  }

  async function questionnaireOf(context: RespondentContext) {
    const questionnaire = await currentQuestionnaire(context)
    const definition = questionnaire?.definition
    if (!questionnaire || definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
      throw new AppError('WAVE_NOT_OPEN', 'This wave has no questionnaire yet.')
    }
    return { ...questionnaire, definition: definition as QuestionnaireJson }
  }

  function assertOpen(context: RespondentContext): void {
    if (statusForRespondents(context.wave, new Date()) !== 'open') throw new AppError('WAVE_NOT_OPEN')
  }

  /**
   * The answers of a response nobody has saved yet are what the registry knows (name, families,
   * region, SIREN), stored as answers so that they are validated and submitted like any other;
   * they follow the registry until the first save.
   */
  async function answersOf(context: RespondentContext, questionnaire: { definition: unknown } | undefined) {
    const { wave, organisation, response } = context
    const definition = questionnaire?.definition
    if (statusForRespondents(wave, new Date()) !== 'open' || response.status !== 'not_started' || response.revision !== 0) return response.answers
    if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return response.answers
    const registry = registryAnswers(definition as QuestionnaireJson, {
      name: organisation.name,
      familyKeys: organisation.familyKeys,
      region: organisation.region,
      siren: organisation.siren,
    }) as Record<string, JsonValue>
    if (sameJson(registry, response.answers)) return response.answers
    // Saved by someone in the meantime: what they saved stands (the next save brings it).
    return (await prefillResponse(app.db, response.id, registry)) ?? response.answers
  }

  app.get(
    '/api/r/:token',
    {
      config: { access: 'respondent' },
      schema: { params: RespondentParamsSchema, response: { 200: RespondentViewSchema } },
    },
    async (request) => {
      const context = request.respondent!
      const [questionnaire, families] = await Promise.all([currentQuestionnaire(context), listFamilies(app.db, context.wave.id)])
      if (context.openedAt === null) await markInvitationOpened(app.db, context.invitationId)
      const answers = await answersOf(context, questionnaire)
      const { organisation, response } = context
      const wave = toWave(context.wave, families)
      return {
        wave: {
          slug: wave.slug,
          title: wave.title,
          status: statusForRespondents(context.wave, new Date()),
          closesAt: wave.closesAt,
          editAfterSubmit: wave.settings.editAfterSubmit,
          families: wave.families,
        },
        organisation: { name: organisation.name, familyKeys: organisation.familyKeys },
        questionnaire: withoutUnsafeRegexValidators((questionnaire?.definition ?? {}) as Record<string, unknown>),
        response: {
          status: response.status,
          revision: response.revision,
          answers,
          submittedAt: response.submittedAt?.toISOString() ?? null,
        },
      }
    },
  )

  /** The answers of a save as they will be stored, each checked against its question; throws the refusal of the first that fails. */
  function checkedPatch(questionnaire: { id: string; definition: QuestionnaireJson }, answers: Record<string, unknown>): Record<string, JsonValue> {
    const questions = questionsOf(questionnaire.id, questionnaire.definition)
    const confirmable = confirmableOf(questionnaire.id, questionnaire.definition)
    // A confirmation of an unusual value holds the value confirmed: it has its question's shape.
    const questionFor = (name: string): QuestionInfo | undefined => {
      const confirmed = confirmedQuestion(name)
      return confirmed !== null && confirmable.has(confirmed) ? questions.get(confirmed) : questions.get(name)
    }
    const patch: Record<string, JsonValue> = {}
    for (const [name, value] of Object.entries(answers)) {
      const question = questionFor(name)
      if (!question) throw new AppError('UNKNOWN_QUESTION', `answers.${name}: no such question`, { name })
      const problem = unstorableText(value) ?? checkAnswer(question, value)
      if (problem) throw new AppError('INVALID_ANSWER', `answers.${name}: ${problem}`, { name, message: problem })
      patch[name] = (value ?? null) as JsonValue
    }
    return patch
  }

  /** The reply to a save: the new revision with the changes (or the whole set), or the refusal. */
  function savedReply(outcome: AnswerPatchOutcome, body: PatchAnswersBody): PatchAnswersResult {
    switch (outcome.kind) {
      case 'saved':
        return body.reply === 'changes'
          ? { revision: outcome.revision, changes: outcome.changes }
          : { revision: outcome.revision, answers: outcome.answers ?? {} }
      case 'revision_ahead':
        throw new AppError('INVALID_REVISION', undefined, { revision: outcome.revision })
      case 'conflict':
        throw new AppError('ANSWER_CONFLICT', undefined, {
          revision: outcome.revision,
          conflicts: outcome.conflicts,
        } satisfies AnswerConflictDetails)
    }
  }

  /**
   * The links this process has saved for, with the questionnaire version their answers were
   * checked against: the next save of such a link takes one round trip to the database instead of
   * two (`saveAnswersByLink`, which re-checks the link, the wave and the version in the database
   * and writes only if they still hold). Bounded: the oldest link goes first.
   */
  const savingLinks = new Map<string, string>()
  const SAVING_LINKS_MAX = 20_000
  function rememberSavingLink(tokenHash: string, questionnaireId: string): void {
    savingLinks.delete(tokenHash)
    if (savingLinks.size >= SAVING_LINKS_MAX) savingLinks.delete(savingLinks.keys().next().value!)
    savingLinks.set(tokenHash, questionnaireId)
  }

  /**
   * A save of a link seen before, in one round trip (before the access plugin's lookup): answered
   * here when the database confirms the link, the wave and the questionnaire version still hold;
   * otherwise — or when the answers do not pass the version's checks — the request goes on to the
   * lookup and the handler, which answer as for a first save.
   */
  async function saveOfKnownLink(request: FastifyRequest<{ Params: { token: string }; Body: PatchAnswersBody }>, reply: FastifyReply) {
    const tokenHash = hashToken(request.params.token)
    const questionnaireId = savingLinks.get(tokenHash)
    if (questionnaireId === undefined) return
    const questionnaire = await cachedQuestionnaire(questionnaireId, (id) => findQuestionnaireById(app.db, id))
    const definition = questionnaire?.definition
    if (!questionnaire || definition === null || typeof definition !== 'object' || Array.isArray(definition)) return
    let patch: Record<string, JsonValue>
    try {
      patch = checkedPatch({ id: questionnaire.id, definition: definition as QuestionnaireJson }, request.body.answers)
    } catch {
      return
    }
    const { baseRevision, saveId, unacknowledged, reply: replyWith } = request.body
    const outcome = await saveAnswersByLink(
      app.db,
      tokenHash,
      questionnaireId,
      baseRevision,
      patch,
      { id: saveId, unacknowledged },
      { whole: replyWith !== 'changes' },
    )
    if (outcome.kind === 'recheck') {
      savingLinks.delete(tokenHash)
      return
    }
    return reply.send(savedReply(outcome, request.body))
  }

  app.patch(
    '/api/r/:token/answers',
    {
      config: { access: 'respondent', respondentAnswers: false },
      schema: {
        params: RespondentParamsSchema,
        body: PatchAnswersBodySchema,
        response: { 200: PatchAnswersResultSchema },
      },
      preHandler: saveOfKnownLink,
    },
    async (request) => {
      const context = request.respondent!
      assertOpen(context)
      if (context.response.status === 'submitted') throw new AppError('ALREADY_SUBMITTED')
      const questionnaire = await questionnaireOf(context)
      const patch = checkedPatch(questionnaire, request.body.answers)
      const { baseRevision, saveId, unacknowledged, reply } = request.body
      const outcome = await applyAnswerPatch(app.db, context.response.id, baseRevision, patch, { id: saveId, unacknowledged }, { whole: reply !== 'changes' })
      rememberSavingLink(hashToken(request.params.token), questionnaire.id)
      return savedReply(outcome, request.body)
    },
  )

  app.post(
    '/api/r/:token/presence',
    {
      config: { access: 'respondent', respondentAnswers: false },
      schema: { params: RespondentParamsSchema, body: PresenceBodySchema, response: { 200: PresenceResultSchema } },
    },
    async (request) => {
      const context = request.respondent!
      assertOpen(context)
      const { clientId, browserId, page } = request.body
      const others = await recordPresence(app.db, context.response.id, { clientId, browserId }, page)
      return { others: others.map(({ page, seenAt }) => ({ page, seenAt: seenAt.toISOString() })) }
    },
  )

  // A closing or hidden tab says so with navigator.sendBeacon (a JSON Blob): the others stop
  // counting it at once rather than 75 s later. Allowed on a closed wave too: it only forgets.
  app.post(
    '/api/r/:token/presence/leave',
    {
      config: { access: 'respondent', respondentAnswers: false },
      schema: { params: RespondentParamsSchema, body: PresenceLeaveBodySchema, response: { 204: NoContentSchema } },
    },
    async (request, reply) => {
      await forgetPresence(app.db, request.respondent!.response.id, request.body.clientId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/r/:token/submit',
    {
      config: { access: 'respondent' },
      schema: {
        params: RespondentParamsSchema,
        body: SubmitBodySchema,
        headers: SubmitHeadersSchema,
        response: { 200: SubmitResultSchema },
      },
      preHandler: requireIdempotencyKey,
    },
    async (request) => {
      const key = request.headers['idempotency-key']!
      const context = request.respondent!
      assertOpen(context)
      const questionnaire = await questionnaireOf(context)

      // The checks (tens of milliseconds for a long questionnaire) run in the check thread, before
      // a database connection is taken, on the answers the link's lookup read: under the row lock,
      // the same revision means the same answers (every change of an answer makes a new revision;
      // revision 0 is left out, as the registry's prefill writes it without one). Two hundred
      // submissions at once then neither hold the pool nor the event loop that saves need (issue 13).
      const { response } = context
      const checked =
        response.status !== 'submitted' && response.revision > 0 && response.revision === request.body.revision
          ? await app.checks.checkSubmission(questionnaire, response.answers)
          : null

      const outcome = await app.db.transaction().execute(async (trx) => {
        const result = await submitResponse(
          trx,
          context.response.id,
          { idempotencyKey: key, revision: request.body.revision },
          (answers) => checked ?? checkSubmission(questionnaire.definition, answers),
        )
        if (result.kind === 'submitted' && !result.replayed) {
          await recordAudit(trx, {
            actorType: 'respondent',
            actorId: context.organisation.id,
            waveId: context.wave.id,
            action: 'response.submitted',
            details: { revision: result.revision, questionnaireVersion: questionnaire.version },
          })
        }
        return result
      })
      switch (outcome.kind) {
        case 'submitted':
          return { status: 'submitted' as const, submittedAt: outcome.submittedAt.toISOString(), revision: outcome.revision }
        case 'invalid':
          throw new AppError('VALIDATION_FAILED', undefined, { errors: outcome.errors } satisfies ValidationFailedDetails)
        case 'revision_mismatch':
          throw new AppError('REVISION_MISMATCH', undefined, { revision: outcome.revision })
        case 'key_reused':
          throw new AppError('IDEMPOTENCY_KEY_REUSED')
        case 'already_submitted':
          throw new AppError('ALREADY_SUBMITTED')
      }
    },
  )

  app.get('/api/r/:token/answers.json', { config: { access: 'respondent' }, schema: { params: RespondentParamsSchema } }, async (request, reply) => {
    const context = request.respondent!
    const questionnaire = await questionnaireOf(context)
    const questions = questionsOf(questionnaire.id, questionnaire.definition)
    return reply.header('Content-Disposition', `attachment; filename="${exportFileName(context.wave.slug, 'mes-reponses', 'json')}"`).send({
      wave: { slug: context.wave.slug, title: context.wave.title },
      organisation: { name: context.organisation.name },
      status: context.response.status,
      revision: context.response.revision,
      submittedAt: context.response.submittedAt?.toISOString() ?? null,
      answers: ownAnswers(questions.values(), context.response.answers),
    })
  })

  app.get(
    '/api/r/:token/answers.csv',
    {
      config: { access: 'respondent' },
      schema: { params: RespondentParamsSchema, querystring: OwnAnswersCsvQuerySchema },
    },
    async (request, reply) => {
      const context = request.respondent!
      const questionnaire = await questionnaireOf(context)
      const questions = questionsOf(questionnaire.id, questionnaire.definition)
      // A number stays a number: the dialect writes it (a decimal comma for excel-fr), never as text.
      const rows = ownAnswers(questions.values(), context.response.answers).map((a) => [
        a.page,
        a.name,
        a.title,
        typeof a.value === 'number' ? a.value : a.text,
      ])
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${exportFileName(context.wave.slug, 'mes-reponses')}"`)
        .send(csvStream(['page', 'question', 'intitule', 'reponse'], rows, request.query.dialect))
    },
  )

  app.post(
    '/api/r/:token/reopen',
    {
      config: { access: 'respondent' },
      schema: {
        params: RespondentParamsSchema,
        response: { 200: ReopenResultSchema },
      },
    },
    async (request) => {
      const context = request.respondent!
      assertOpen(context)
      if (!waveSettings(context.wave).editAfterSubmit) throw new AppError('EDIT_AFTER_SUBMIT_DISABLED')
      if (context.response.status !== 'submitted') {
        return { status: 'in_progress' as const, revision: context.response.revision }
      }
      // The submission stays in `submissions`; the response is answered again and submitted anew.
      await app.db.transaction().execute(async (trx) => {
        await reopenResponse(trx, context.response.id)
        await recordAudit(trx, {
          actorType: 'respondent',
          actorId: context.organisation.id,
          waveId: context.wave.id,
          action: 'response.reopened',
          details: { revision: context.response.revision },
        })
      })
      return { status: 'in_progress' as const, revision: context.response.revision }
    },
  )
}

export default respondentRoutes
