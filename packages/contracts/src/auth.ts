import { z } from 'zod'

export const RoleSchema = z.enum(['admin', 'staff', 'researcher'])
export type Role = z.infer<typeof RoleSchema>

export const LoginBodySchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(1).max(128),
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
