import { z } from 'zod'
import { noNulCharacter } from './fields'

// The versions of a wave's questionnaire and the readable difference between two of them
// (`diffQuestionnaires` in @sonde/survey computes it).

/** Who saved a version: a staff account, its name being its e-mail address. Null for versions the system made (a new wave, a copy) or whose author was deleted. */
export const QuestionnaireAuthorSchema = z.object({ id: z.string(), name: z.string() })
export type QuestionnaireAuthor = z.infer<typeof QuestionnaireAuthorSchema>

/** The change note staff may write when saving (`PUT …/questionnaire?note=`). */
export const QUESTIONNAIRE_NOTE_MAX_LENGTH = 500

/** A version number in a path or a query string: digits, from 1. */
const VersionNumberSchema = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, 'a version number: digits, from 1')
  .transform(Number)

/** `PUT /api/waves/{id}/questionnaire?note=…&baseVersion=…` */
export const SaveQuestionnaireQuerySchema = z.strictObject({
  note: z.string().trim().max(QUESTIONNAIRE_NOTE_MAX_LENGTH).refine(noNulCharacter, 'holds a NUL character').optional(),
  /** The version the edit started from: when another one was saved since, 409 `QUESTIONNAIRE_CHANGED` and nothing is written. */
  baseVersion: z
    .string()
    .regex(/^\d{1,9}$/, 'a version number: digits')
    .transform(Number)
    .optional(),
})

/** `POST /api/questionnaires/lint?waveId=…`: also check the questions the wave's indicators use. */
export const LintQuerySchema = z.strictObject({ waveId: z.string().max(100).optional() })

/** `/api/waves/{id}/questionnaire/versions/{version}` */
export const QuestionnaireVersionParamsSchema = z.object({ id: z.string().max(100), version: VersionNumberSchema })

/** `GET /api/waves/{id}/questionnaire/diff?from=N&to=M`: by default the previous version against the current one. */
export const VersionDiffQuerySchema = z.strictObject({ from: VersionNumberSchema.optional(), to: VersionNumberSchema.optional() })

/** `GET /api/questionnaires/diff?fromWave=<id>&toWave=<id>`: the current versions of two waves. */
export const WaveDiffQuerySchema = z.strictObject({ fromWave: z.string().max(100), toWave: z.string().max(100) })

/** One version in the history of a wave's questionnaire. */
export const QuestionnaireVersionSummarySchema = z.object({
  version: z.number().int(),
  savedAt: z.string(),
  author: QuestionnaireAuthorSchema.nullable(),
  note: z.string().nullable(),
  /** Questions people answer (html blocks and panels are not counted). */
  questions: z.number().int(),
})
export type QuestionnaireVersionSummary = z.infer<typeof QuestionnaireVersionSummarySchema>

/** The history, newest first. */
export const QuestionnaireVersionListSchema = z.object({ versions: z.array(QuestionnaireVersionSummarySchema) })
export type QuestionnaireVersionList = z.infer<typeof QuestionnaireVersionListSchema>

/** One version with its definition. */
export const QuestionnaireVersionSchema = QuestionnaireVersionSummarySchema.extend({ definition: z.record(z.string(), z.unknown()) })
export type QuestionnaireVersionDetail = z.infer<typeof QuestionnaireVersionSchema>

/** Where an element sits: its page, and its panel when it is inside one (null: on the page itself). */
export const ElementPlaceSchema = z.object({ page: z.string(), panel: z.string().nullable() })
export type ElementPlace = z.infer<typeof ElementPlaceSchema>

/** A question (or panel, html block) as a person recognises it: its name, type, French title and place. */
export const DiffElementSchema = ElementPlaceSchema.extend({ name: z.string(), type: z.string(), title: z.string() })
export type DiffElement = z.infer<typeof DiffElementSchema>

/** A text shown to people changed: which field (`title`, `choices[oui].text`, `validators[0].text`…), in which language, old → new. */
export const WordingChangeSchema = z.object({ field: z.string(), locale: z.enum(['fr', 'en']), before: z.string(), after: z.string() })
export type WordingChange = z.infer<typeof WordingChangeSchema>

/**
 * Anything else changed: a rule (`isRequired`, `inputType`, `min`, `visibleIf`, `validators`…), a
 * choice value added (`before` null) or removed (`after` null), an order. Values as text (JSON for
 * what is not a string); null where the property is absent.
 */
export const RuleChangeSchema = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })
export type RuleChange = z.infer<typeof RuleChangeSchema>

/** What changed on one element; `type` is `page` for a page and `survey` (name '') for the questionnaire's own properties. */
const ChangedElementSchema = z.object({ name: z.string(), type: z.string(), title: z.string() })

export const QuestionnaireDiffSchema = z.object({
  pagesAdded: z.array(z.object({ name: z.string(), title: z.string() })),
  pagesRemoved: z.array(z.object({ name: z.string(), title: z.string() })),
  added: z.array(DiffElementSchema),
  removed: z.array(DiffElementSchema),
  /** Moved to another page or panel, or out of order among the questions both versions share (`from` equals `to` then). */
  moved: z.array(DiffElementSchema.extend({ from: ElementPlaceSchema, to: ElementPlaceSchema })),
  reworded: z.array(ChangedElementSchema.extend({ changes: z.array(WordingChangeSchema) })),
  rulesChanged: z.array(ChangedElementSchema.extend({ changes: z.array(RuleChangeSchema) })),
})
export type QuestionnaireDiff = z.infer<typeof QuestionnaireDiffSchema>

/** A side of a comparison. */
const DiffSideSchema = z.object({ waveId: z.string(), version: z.number().int() })

/** The answer of both diff routes. */
export const QuestionnaireComparisonSchema = z.object({
  from: DiffSideSchema,
  to: DiffSideSchema,
  /** Only texts changed: what an open wave accepts. */
  wordingOnly: z.boolean(),
  diff: QuestionnaireDiffSchema,
})
export type QuestionnaireComparison = z.infer<typeof QuestionnaireComparisonSchema>
