import { z } from 'zod'
import { RoleSchema } from './auth'

export const SendInvitationsBodySchema = z.strictObject({
  kind: z.enum(['invitation', 'reminder']),
  organisationIds: z.array(z.uuid()).max(20_000).optional(),
})
export type SendInvitationsBody = z.infer<typeof SendInvitationsBodySchema>

export const SendInvitationsResultSchema = z.object({
  queued: z.number().int(),
  skipped: z.array(
    z.object({
      organisationId: z.string(),
      name: z.string(),
      reason: z.enum(['no_email', 'already_invited', 'submitted', 'revoked']),
    }),
  ),
})
export type SendInvitationsResult = z.infer<typeof SendInvitationsResultSchema>

export const OutboxMessageSchema = z.object({
  id: z.string(),
  kind: z.enum(['invitation', 'reminder', 'password_reset']),
  to: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  organisationName: z.string().nullable(),
})
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>

export const OutboxSchema = z.object({ smtpConfigured: z.boolean(), messages: z.array(OutboxMessageSchema) })
export type Outbox = z.infer<typeof OutboxSchema>

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  disabled: z.boolean(),
  /** A researcher may download the protected microdata (granted by an admin; staff and admins always may). */
  microdataAccess: z.boolean(),
  createdAt: z.string(),
})
export type User = z.infer<typeof UserSchema>

export const AuditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actorType: z.enum(['user', 'respondent', 'system']),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  waveId: z.string().nullable(),
  /** The organisation the event is about (its respondent, or `details.organisationId`), by its current name. */
  organisationName: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
})
export type AuditEvent = z.infer<typeof AuditEventSchema>
