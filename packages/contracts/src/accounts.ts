import { z } from 'zod'
import { CurrentUserSchema, RoleSchema } from './auth'
import { ApiTokenDaysSchema, EmailSchema, PasswordSchema } from './fields'
import { API_TOKEN_DAYS } from './rules'
import { UserSchema } from './staff'

/** What login and `GET /api/auth/me` answer. */
export const SessionSchema = z.object({ user: CurrentUserSchema })
export type Session = z.infer<typeof SessionSchema>

/** `POST /api/auth/password-reset/request`: the answer is the same whether the address is known or not. */
export const PasswordResetRequestBodySchema = z.strictObject({ email: EmailSchema })
export type PasswordResetRequestBody = z.infer<typeof PasswordResetRequestBodySchema>
export const PasswordResetRequestResultSchema = z.object({ status: z.literal('sent_if_known') })

/** `POST /api/auth/password-reset`: the token of the e-mailed link and the new password. */
export const PasswordResetBodySchema = z.strictObject({ token: z.string().min(1).max(200), password: PasswordSchema })
export type PasswordResetBody = z.infer<typeof PasswordResetBodySchema>

export const UserListSchema = z.object({ users: z.array(UserSchema) })
export type UserList = z.infer<typeof UserListSchema>

export const CreateUserBodySchema = z.strictObject({ email: EmailSchema, role: RoleSchema, password: PasswordSchema })
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>

export const UpdateUserBodySchema = z.strictObject({
  role: RoleSchema.optional(),
  disabled: z.boolean().optional(),
  password: PasswordSchema.optional(),
  /** A researcher may download protected microdata (staff and admins always may). */
  microdataAccess: z.boolean().optional(),
})
export type UpdateUserBody = z.infer<typeof UpdateUserBodySchema>

/** Why an API token no longer opens anything: revoked by its owner, by an admin, by a password change or reset, by disabling the account. */
export const ApiTokenEndReasonSchema = z.enum(['revoked', 'revoked_by_admin', 'password_changed', 'user_disabled'])
export type ApiTokenEndReason = z.infer<typeof ApiTokenEndReasonSchema>

/** An API token as its owner and admins see it: never the token itself, which is shown once. */
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** `active`, or why it no longer opens anything. */
  status: z.enum(['active', 'expired', 'revoked']),
  revoked: z.boolean(),
  revokedReason: ApiTokenEndReasonSchema.nullable(),
})
export type ApiToken = z.infer<typeof ApiTokenSchema>

export const ApiTokenListSchema = z.object({ tokens: z.array(ApiTokenSchema) })
export type ApiTokenList = z.infer<typeof ApiTokenListSchema>

export const CreateApiTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: ApiTokenDaysSchema.default(API_TOKEN_DAYS.default),
})
export type CreateApiTokenBody = z.input<typeof CreateApiTokenBodySchema>

/** A token just created: the only time the token itself is shown. */
export const CreatedApiTokenSchema = ApiTokenSchema.extend({ token: z.string() })
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>
