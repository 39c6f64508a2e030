import { z } from 'zod'

/** `POST /api/r/{token}/submit` needs an `Idempotency-Key` header (checked by the route: 400 IDEMPOTENCY_KEY_REQUIRED). */
export const SubmitHeadersSchema = z.object({ 'idempotency-key': z.string().optional() })

/** `POST /api/r/{token}/reopen`: the submitted answers are open to changes again. */
export const ReopenResultSchema = z.object({ status: z.literal('in_progress'), revision: z.number().int() })
export type ReopenResult = z.infer<typeof ReopenResultSchema>

/** A questionnaire as sent to be saved or linted: SurveyJS JSON, checked by the server's lint. */
export const QuestionnaireDefinitionSchema = z.record(z.string(), z.unknown())
