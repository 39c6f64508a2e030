import { z } from 'zod'

/** Every error the API answers: a stable code, a French-or-English message, optional details. */
export const ErrorBodySchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  details: z.unknown().optional(),
})
export type ErrorBody = z.infer<typeof ErrorBodySchema>
