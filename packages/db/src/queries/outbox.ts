import { sql } from 'kysely'
import type { OutboxMessage } from '@sonde/contracts'
import type { Db } from '../connection'
import type { OutboxKind, OutboxRow } from '../types'

export async function enqueueMessages(
  db: Db,
  messages: {
    kind: OutboxKind
    waveId: string | null
    invitationId: string | null
    passwordResetId?: string | null
    to: string
    subject: string
    body: string
  }[],
): Promise<number> {
  if (messages.length === 0) return 0
  await db
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        kind: m.kind,
        wave_id: m.waveId,
        invitation_id: m.invitationId,
        password_reset_id: m.passwordResetId ?? null,
        to_address: m.to,
        subject: m.subject,
        body: m.body,
      })),
    )
    .execute()
  return messages.length
}

/** A message taken for sending, with the nonce its link is rebuilt from (an invitation's, or a password reset's). */
export interface DueMessage {
  id: string
  attempts: number
  to: string
  subject: string
  body: string
  invitationNonce: string | null
  resetNonce: string | null
}

/**
 * Takes up to `limit` due messages for sending. They are leased (status `sending`, next attempt
 * pushed back by `leaseSeconds`) in one statement with SKIP LOCKED, so several processes never
 * take the same message, and a process that dies mid-send leaves them to be retried after the lease.
 */
export async function claimDueMessages(db: Db, limit: number, leaseSeconds = 300): Promise<DueMessage[]> {
  const { rows } = await sql<OutboxRow & { token_nonce: string | null; reset_nonce: string | null }>`
    with due as (
      select id from outbox
      where status in ('pending', 'sending') and next_attempt_at <= now()
      order by next_attempt_at
      limit ${limit}
      for update skip locked
    )
    update outbox o
    set status = 'sending', next_attempt_at = now() + make_interval(secs => ${leaseSeconds}), attempts = o.attempts + 1
    from due
    where o.id = due.id
    returning o.*,
      (select token_nonce from invitations i where i.id = o.invitation_id) as token_nonce,
      (select token_nonce from password_resets p where p.id = o.password_reset_id) as reset_nonce`.execute(db)
  return rows.map((row) => ({
    id: row.id,
    attempts: row.attempts,
    to: row.to_address,
    subject: row.subject,
    body: row.body,
    invitationNonce: row.token_nonce,
    resetNonce: row.reset_nonce,
  }))
}

export async function markMessageSent(db: Db, id: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', sent_at: new Date(), last_error: null }).where('id', '=', id).execute()
}

/** Schedules a retry with exponential backoff, or gives up (`failed`) after `maxAttempts`. */
export async function markMessageFailed(
  db: Db,
  message: Pick<DueMessage, 'id' | 'attempts'>,
  error: string,
  options: { maxAttempts: number; baseDelaySeconds: number },
): Promise<void> {
  const giveUp = message.attempts >= options.maxAttempts
  const delay = Math.min(options.baseDelaySeconds * 2 ** (message.attempts - 1), 6 * 3600)
  await db
    .updateTable('outbox')
    .set({
      status: giveUp ? 'failed' : 'pending',
      last_error: error.slice(0, 1000),
      next_attempt_at: new Date(Date.now() + delay * 1000),
    })
    .where('id', '=', message.id)
    .execute()
}

/** A message of a wave's outbox, with the name of the organisation it went to (null for none). */
export type OutboxListRow = OutboxRow & { organisation_name: string | null }

/** The newest messages of a wave's outbox, newest first. */
export async function listOutbox(db: Db, waveId: string, limit = 500): Promise<OutboxListRow[]> {
  return db
    .selectFrom('outbox as m')
    .leftJoin('invitations as i', 'i.id', 'm.invitation_id')
    .leftJoin('organisations as org', 'org.id', 'i.organisation_id')
    .selectAll('m')
    .select('org.name as organisation_name')
    .where('m.wave_id', '=', waveId)
    .orderBy('m.created_at', 'desc')
    .limit(limit)
    .execute()
}

/** A message of the outbox as staff follow it: never its body, which may hold a link once sent. */
export function toOutboxMessage(message: OutboxListRow): OutboxMessage {
  return {
    id: message.id,
    kind: message.kind,
    to: message.to_address,
    subject: message.subject,
    status: message.status,
    attempts: message.attempts,
    lastError: message.last_error,
    createdAt: message.created_at.toISOString(),
    sentAt: message.sent_at?.toISOString() ?? null,
    organisationName: message.organisation_name || null,
  }
}

/** Invitation ids of a wave that were already sent (or queued) an invitation e-mail. */
export async function invitationIdsAlreadyMailed(db: Db, waveId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('outbox')
    .select('invitation_id')
    .where('wave_id', '=', waveId)
    .where('kind', '=', 'invitation')
    .where('status', '!=', 'failed')
    .execute()
  return new Set(rows.flatMap((r) => (r.invitation_id ? [r.invitation_id] : [])))
}
