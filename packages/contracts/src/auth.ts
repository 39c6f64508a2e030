import { z } from 'zod'
import { EmailSchema } from './fields'
import { PASSWORD_LENGTH } from './rules'

export const RoleSchema = z.enum(['admin', 'staff', 'researcher'])
export type Role = z.infer<typeof RoleSchema>

export const LoginBodySchema = z.strictObject({
  email: EmailSchema,
  // Any length up to the maximum: a login does not tell what the rule for new passwords is.
  password: z.string().min(1).max(PASSWORD_LENGTH.max),
})
export type LoginBody = z.infer<typeof LoginBodySchema>

export const CurrentUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  /** May download the protected microdata: staff and admins, and researchers an admin granted it to. */
  microdataAccess: z.boolean(),
})
export type CurrentUser = z.infer<typeof CurrentUserSchema>
