import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  IndicatorDefinitionsBodySchema,
  IndicatorDefinitionsSchema,
  WaveParamsSchema,
  type AuditAction,
  type IndicatorDefinitionInput,
  type IndicatorDefinitionProblem,
  type IndicatorDefinitions,
} from '@sonde/contracts'
import { defaultIndicatorsFor, indicatorQuestions, questionsOfDefinition, validateIndicators, type IndicatorDefinition } from '@sonde/analysis'
import {
  findCurrentQuestionnaire,
  listFamilies,
  listIndicatorDefinitions,
  listReleasedDefinitions,
  lockWave,
  lockWaveIndicators,
  recordAudit,
  replaceIndicatorDefinitions,
  type Db,
  type JsonValue,
  type WaveRow,
} from '@sonde/db'
import type { QuestionInfo } from '@sonde/survey'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'

/** JSON with the keys of every object sorted: PostgreSQL's jsonb does not keep the order they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * What an indicator computes, without what only names it: its labels, its unit, and the unit,
 * source and version written beside each factor's value.
 */
function computation(definition: IndicatorDefinition): string {
  const { labelFr: _fr, labelEn: _en, unit: _unit, ...rest } = definition
  if (rest.aggregation !== 'derived_sum') return canonical(rest)
  return canonical({ ...rest, terms: rest.terms.map((term) => ({ question: term.question, value: term.factor.value })) })
}

/**
 * The indicators that would compute something else under an id a release of the wave already
 * published. A later release keeps the outcome of a cell whose count and organisations did not
 * change since an earlier one (publish-release.ts, `earlierConstraints`): a new computation under
 * the same id would be published without its own disclosure checks. A new id, or going back to
 * the released computation, is accepted; labels, units and factor sources may change freely.
 */
function releasedConflicts(definitions: readonly IndicatorDefinition[], released: readonly { number: number; definitions: JsonValue }[]) {
  const problems: IndicatorDefinitionProblem[] = []
  const releasedComputations = new Map<string, { number: number; computations: Set<string> }>()
  for (const release of released) {
    for (const definition of release.definitions as unknown as IndicatorDefinition[]) {
      const known = releasedComputations.get(definition.id) ?? { number: release.number, computations: new Set<string>() }
      known.computations.add(computation(definition))
      releasedComputations.set(definition.id, known)
    }
  }
  definitions.forEach((definition, index) => {
    const known = releasedComputations.get(definition.id)
    if (known && !known.computations.has(computation(definition))) {
      problems.push({
        path: `indicators[${index}].id`,
        code: 'RELEASED_DEFINITION',
        message: `« ${definition.id} » a été publié (publication n° ${known.number}) avec un autre calcul : donnez un nouvel identifiant à ce calcul, ou revenez au calcul publié.`,
      })
    }
  })
  return problems
}

/** An aggregation as the console names it, inside a sentence. */
const AGGREGATION_FR: Record<IndicatorDefinition['aggregation'], string> = {
  sum: 'la somme',
  median: 'la médiane',
  share: 'la part',
  pooled_ratio: 'le ratio',
  median_ratio: 'le ratio médian',
  distribution: 'la répartition',
  derived_sum: 'le total converti',
}

/** What an id names once the wave is open: its aggregation over its questions (as comparisons across waves match indicators). */
function figure(definition: IndicatorDefinition): string {
  return JSON.stringify([definition.aggregation, [...indicatorQuestions(definition)].sort()])
}

/**
 * The indicators that would name another figure under an id the open wave already has. Which ids
 * the wave opened with is not kept; the ids stored now are those, or ones added since, and each
 * keeps its aggregation and its questions while the wave is open: its labels, unit, factors,
 * condition and categories may change; a new id may be added and an id removed.
 */
function openedConflicts(definitions: readonly IndicatorDefinition[], stored: readonly IndicatorDefinition[]): IndicatorDefinitionProblem[] {
  const before = new Map(stored.map((definition) => [definition.id, definition]))
  const problems: IndicatorDefinitionProblem[] = []
  definitions.forEach((definition, index) => {
    const known = before.get(definition.id)
    if (known && figure(known) !== figure(definition)) {
      problems.push({
        path: `indicators[${index}].id`,
        code: 'OPENED_DEFINITION',
        message: `La vague est ouverte : « ${definition.id} » reste ${AGGREGATION_FR[known.aggregation]} de ${indicatorQuestions(known).join(', ')}. Donnez un nouvel identifiant à ce calcul, ou revenez à celui-là.`,
      })
    }
  })
  return problems
}

function releasedIds(released: readonly { definitions: JsonValue }[]): string[] {
  return [...new Set(released.flatMap((release) => (release.definitions as unknown as IndicatorDefinition[]).map((d) => d.id)))]
}

function questionsForEditor(questions: readonly QuestionInfo[]): IndicatorDefinitions['questions'] {
  return questions.map((q) => ({
    name: q.name,
    title: q.title,
    type: q.type,
    numeric: q.numeric,
    multiple: q.multiple,
    choices: q.choices ? q.choices.map((c) => ({ value: c.value, text: c.text })) : null,
  }))
}

/** What the editor reads: the wave's definitions, in order, and the questions of its current questionnaire. */
async function editorView(db: Db, wave: WaveRow): Promise<IndicatorDefinitions> {
  const [definitions, questionnaire, released] = await Promise.all([
    listIndicatorDefinitions(db, wave.id),
    findCurrentQuestionnaire(db, wave.id),
    listReleasedDefinitions(db, wave.id),
  ])
  return {
    indicators: definitions as unknown as IndicatorDefinitionInput[],
    questions: questionsForEditor(questionsOfDefinition(questionnaire?.definition)),
    releasedIds: releasedIds(released),
  }
}

/**
 * A wave's indicator definitions, edited as a whole list: read by every signed-in role, written
 * by staff. Every save is checked against the wave's current questionnaire and families
 * (`validateIndicators`) and against its releases (`releasedConflicts`), under a lock on the
 * wave's indicators; a list with any problem is refused whole (422 INDICATORS_INVALID, each
 * problem at its field), nothing changed. Releases keep the definitions they were computed with,
 * so indicators stay editable after a release, and after the wave opened — but an id the open
 * wave has keeps its aggregation and questions (`openedConflicts`, 422 at the id).
 */
const indicatorDefinitionRoutes: FastifyPluginAsyncZod = async (app) => {
  async function save(
    wave: WaveRow,
    userId: string,
    action: AuditAction,
    choose: (questions: QuestionInfo[], families: string[]) => IndicatorDefinition[],
  ): Promise<IndicatorDefinitions> {
    // What was read under the locks is what the editor gets back: nothing read a second time.
    return app.db.transaction().execute(async (trx) => {
      await lockWaveIndicators(trx, wave.id)
      // The wave's row after the indicators' lock, as a questionnaire save takes them: it cannot open meanwhile.
      const status = (await lockWave(trx, wave.id))?.status ?? wave.status
      const [questionnaire, families, released, stored] = await Promise.all([
        findCurrentQuestionnaire(trx, wave.id),
        listFamilies(trx, wave.id),
        listReleasedDefinitions(trx, wave.id),
        listIndicatorDefinitions(trx, wave.id),
      ])
      const questions = questionsOfDefinition(questionnaire?.definition)
      const familyKeys = families.map((f) => f.key)
      const definitions = choose(questions, familyKeys)
      const problems: IndicatorDefinitionProblem[] = [
        ...validateIndicators(definitions, questions, { families: familyKeys }).map((p) => ({
          path: `indicators[${p.index}].${p.path}`,
          code: p.code,
          message: p.message,
        })),
        ...releasedConflicts(definitions, released),
      ]
      // A published id says it already (RELEASED_DEFINITION): one problem at a field.
      const taken = new Set(problems.map((problem) => problem.path))
      if (status !== 'draft') {
        problems.push(...openedConflicts(definitions, stored as unknown as IndicatorDefinition[]).filter((problem) => !taken.has(problem.path)))
      }
      if (problems.length > 0) {
        const first = problems[0]!
        throw new AppError('INDICATORS_INVALID', `${first.path}: ${first.message}`, { problems })
      }
      await replaceIndicatorDefinitions(
        trx,
        wave.id,
        definitions.map((d) => ({ id: d.id, definition: d as unknown as JsonValue })),
      )
      await recordAudit(trx, { actorType: 'user', actorId: userId, waveId: wave.id, action, details: { count: definitions.length } })
      return {
        indicators: definitions as unknown as IndicatorDefinitionInput[],
        questions: questionsForEditor(questions),
        releasedIds: releasedIds(released),
      }
    })
  }

  app.get(
    '/api/waves/:id/indicator-definitions',
    { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: IndicatorDefinitionsSchema } } },
    async (request) => editorView(app.db, await requireWave(app.db, request.params.id)),
  )

  app.put(
    '/api/waves/:id/indicator-definitions',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: IndicatorDefinitionsBodySchema, response: { 200: IndicatorDefinitionsSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      return save(wave, request.user!.id, 'indicators.save', () => request.body.indicators)
    },
  )

  app.post(
    '/api/waves/:id/indicator-definitions/reset',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: IndicatorDefinitionsSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      return save(wave, request.user!.id, 'indicators.reset', defaultIndicatorsFor)
    },
  )
}

export default indicatorDefinitionRoutes
