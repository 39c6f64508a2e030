import { z } from 'zod'
import type { ApiToken } from '@sonde/db'

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
  /** Why it was revoked: by its owner, by an admin, by a password change or reset, by disabling the account. */
  revokedReason: z.enum(['revoked', 'revoked_by_admin', 'password_changed', 'user_disabled']).nullable(),
})

export function apiTokenBody(row: ApiToken, now = new Date()): z.infer<typeof ApiTokenSchema> {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    status: row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active',
    revoked: row.revoked_at !== null,
    revokedReason: row.revoked_reason,
  }
}
