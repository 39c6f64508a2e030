import { sql } from 'kysely'
import type { Db } from '../connection'
import type { OutboxKind, OutboxMessage } from '../types'

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

/**
 * Takes up to `limit` due messages for sending. They are leased (status `sending`, next attempt
 * pushed back by `leaseSeconds`) in one statement with SKIP LOCKED, so several processes never
 * take the same message, and a process that dies mid-send leaves them to be retried after the lease.
 */
export type ClaimedMessage = OutboxMessage & { token_nonce: string | null; reset_nonce: string | null }

export async function claimDueMessages(db: Db, limit: number, leaseSeconds = 300): Promise<ClaimedMessage[]> {
  const { rows } = await sql<ClaimedMessage>`
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
  return rows
}

export async function markMessageSent(db: Db, id: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', sent_at: new Date(), last_error: null }).where('id', '=', id).execute()
}

/** Schedules a retry with exponential backoff, or gives up (`failed`) after `maxAttempts`. */
export async function markMessageFailed(
  db: Db,
  message: Pick<OutboxMessage, 'id' | 'attempts'>,
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

export async function listOutbox(db: Db, waveId: string, limit = 500): Promise<OutboxMessage[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('wave_id', '=', waveId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
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
