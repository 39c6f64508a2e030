import { z } from 'zod'
import { UNACKNOWLEDGED_SAVES_MAX } from './rules'

/** An answer as JSON: whatever SurveyJS stores for a question. `null` in a PATCH clears it. */
export const AnswerValueSchema: z.ZodType<unknown> = z.unknown()

export const ResponseStatusSchema = z.enum(['not_started', 'in_progress', 'submitted'])
export type ResponseStatus = z.infer<typeof ResponseStatusSchema>

export const WaveStatusSchema = z.enum(['draft', 'open', 'closed', 'archived'])
export type WaveStatus = z.infer<typeof WaveStatusSchema>

export const FamilySchema = z.object({
  key: z.string(),
  labelFr: z.string(),
  labelEn: z.string(),
})
export type Family = z.infer<typeof FamilySchema>

export const RespondentViewSchema = z.object({
  wave: z.object({
    slug: z.string(),
    title: z.string(),
    status: WaveStatusSchema,
    closesAt: z.string().nullable(),
    editAfterSubmit: z.boolean(),
    families: z.array(FamilySchema),
  }),
  organisation: z.object({
    name: z.string(),
    familyKeys: z.array(z.string()),
  }),
  questionnaire: z.record(z.string(), z.unknown()),
  response: z.object({
    status: ResponseStatusSchema,
    revision: z.number().int(),
    answers: z.record(z.string(), z.unknown()),
    submittedAt: z.string().nullable(),
  }),
})
export type RespondentView = z.infer<typeof RespondentViewSchema>

export const PatchAnswersBodySchema = z.strictObject({
  baseRevision: z.number().int().min(0),
  answers: z.record(z.string(), z.unknown()),
  /** This save's id, made by the browser: the same save sent twice is applied once. */
  saveId: z.uuid().optional(),
  /** Earlier saves of this browser that got no answer (timeout, lost connection): what they changed is not a colleague's. */
  unacknowledged: z.array(z.uuid()).max(UNACKNOWLEDGED_SAVES_MAX).optional(),
  /**
   * What the 200 answer carries: `answers`, the whole merged set (the default), or `changes`, only
   * the answers changed after `baseRevision` — by colleagues and by this save — null where cleared.
   */
  reply: z.enum(['answers', 'changes']).optional(),
})
export type PatchAnswersBody = z.infer<typeof PatchAnswersBodySchema>

export const PatchAnswersResultSchema = z.union([
  z.object({ revision: z.number().int(), answers: z.record(z.string(), z.unknown()) }),
  z.object({ revision: z.number().int(), changes: z.record(z.string(), z.unknown()) }),
])
export type PatchAnswersResult = z.infer<typeof PatchAnswersResultSchema>

export const AnswerConflictSchema = z.object({
  name: z.string(),
  yours: z.unknown(),
  theirs: z.unknown(),
})
export type AnswerConflict = z.infer<typeof AnswerConflictSchema>

/** `details` of a 409 ANSWER_CONFLICT. */
export const AnswerConflictDetailsSchema = z.object({
  revision: z.number().int(),
  conflicts: z.array(AnswerConflictSchema),
})
export type AnswerConflictDetails = z.infer<typeof AnswerConflictDetailsSchema>

export const SubmitBodySchema = z.strictObject({
  revision: z.number().int().min(0),
})
export type SubmitBody = z.infer<typeof SubmitBodySchema>

export const SubmitResultSchema = z.object({
  status: z.literal('submitted'),
  submittedAt: z.string(),
  revision: z.number().int(),
})
export type SubmitResult = z.infer<typeof SubmitResultSchema>

const PresenceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, "-" or "_"')

/**
 * A browser tab says it shows a response: its own random id (kept for the tab's life), its
 * browser's random id (shared by the browser's tabs, kept across visits) and the page it shows.
 */
export const PresenceBodySchema = z.strictObject({
  clientId: PresenceIdSchema,
  browserId: PresenceIdSchema.optional(),
  page: z.string().min(1).max(200).nullable(),
})
export type PresenceBody = z.infer<typeof PresenceBodySchema>

/** A tab says it goes (closed, reloaded or hidden), sent with `navigator.sendBeacon`. */
export const PresenceLeaveBodySchema = z.strictObject({ clientId: PresenceIdSchema })
export type PresenceLeaveBody = z.infer<typeof PresenceLeaveBodySchema>

/** The other browsers on the same response seen in the last minute or so, most recent first; nobody is named. */
export const PresenceResultSchema = z.object({
  others: z.array(z.object({ page: z.string().nullable(), seenAt: z.string() })),
})
export type PresenceResult = z.infer<typeof PresenceResultSchema>

export const ValidationErrorSchema = z.object({ name: z.string(), message: z.string() })
export type ValidationError = z.infer<typeof ValidationErrorSchema>

/** `details` of a 422 VALIDATION_FAILED: the answers that fail the questionnaire's own rules. */
export const ValidationFailedDetailsSchema = z.object({ errors: z.array(ValidationErrorSchema) })
export type ValidationFailedDetails = z.infer<typeof ValidationFailedDetailsSchema>
