import { z } from 'zod'

const date = z.string()
const answers = z.record(z.string(), z.unknown())
const count = z.number().int()

/** What an erasure removed, with the pseudonym that now stands for the organisation in the wave's audit log. */
export const ErasureSchema = z.object({
  pseudonym: z.string(),
  responses: count,
  submissions: count,
  releases: count,
  messages: count,
  claims: count,
  auditEntries: count,
  registry: z.enum(['deleted', 'kept']),
})
export type Erasure = z.infer<typeof ErasureSchema>

/** The access export of one organisation (GDPR art. 15): everything Sonde holds about it, in every wave. */
export const PersonalDataSchema = z.object({
  exportedAt: date,
  organisation: z.object({
    id: z.string(),
    name: z.string(),
    siren: z.string().nullable(),
    region: z.string().nullable(),
    email: z.string().nullable(),
    familyKeys: z.array(z.string()),
    createdAt: date,
    anonymisedAt: date.nullable(),
  }),
  waves: z.array(
    z.object({
      wave: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
      invitation: z.object({ createdAt: date, openedAt: date.nullable(), revokedAt: date.nullable() }),
      response: z
        .object({
          status: z.string(),
          revision: z.number().int(),
          answers,
          createdAt: date,
          updatedAt: date,
          submittedAt: date.nullable(),
        })
        .nullable(),
      submissions: z.array(z.object({ revision: z.number().int(), submittedAt: date, answers })),
      messages: z.array(
        z.object({ kind: z.string(), to: z.string(), subject: z.string(), body: z.string(), status: z.string(), createdAt: date, sentAt: date.nullable() }),
      ),
      reviewRequests: z.array(z.object({ createdAt: date, status: z.string(), decidedAt: date.nullable() })),
    }),
  ),
  audit: z.array(z.object({ at: date, actorType: z.string(), waveId: z.string().nullable(), action: z.string(), details: answers })),
})
export type PersonalData = z.infer<typeof PersonalDataSchema>

/** A question whose answers retention removes, and why (the microdata's own rule). */
export const RetainedQuestionSchema = z.object({ name: z.string(), label: z.string(), reason: z.enum(['identifying', 'free_text', 'file']) })
export type RetainedQuestion = z.infer<typeof RetainedQuestionSchema>

/** What a retention pass removes (or would remove) in one wave, counted. */
export const RetentionCountsSchema = z.object({
  organisations: count,
  organisationsKept: count,
  responses: count,
  submissions: count,
  links: count,
  messages: count,
  auditEntries: count,
  claims: count,
})

/** The wave's retention as staff read it in its settings: when, what goes (counted), what stays. */
export const RetentionPreviewSchema = z.object({
  retentionUntil: z.string().nullable(),
  /** The instant the data go (the job's next hourly pass after it), or null without a date. */
  endsAt: z.string().nullable(),
  due: z.boolean(),
  lastPassAt: z.string().nullable(),
  /** What goes, counted now; after the date, what is still there to go (new data since the last pass). */
  removes: RetentionCountsSchema,
  questions: z.array(RetainedQuestionSchema),
  keeps: z.object({ releases: count, submittedResponses: count }),
})
export type RetentionPreview = z.infer<typeof RetentionPreviewSchema>
