import type { Transaction } from 'kysely'
import type { Db } from '../connection'
import { hashToken, newTokenNonce, passwordResetToken } from '../tokens'
import type { Database } from '../types'

/**
 * Records a reset request for a user and returns its id (the link is rebuilt when the e-mail is
 * sent) — or null when the account already got `maxPerHour` links in the last hour, so that
 * nobody can flood a mailbox through the public form (ASVS 6.3.x). The account's row is locked
 * for the transaction: parallel requests for one account count one after the other.
 */
export async function createPasswordReset(
  trx: Transaction<Database>,
  linkSecret: string,
  userId: string,
  options: { validMinutes: number; maxPerHour: number },
): Promise<string | null> {
  await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst()
  const recent = await trx
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', new Date(Date.now() - 3_600_000))
    .executeTakeFirstOrThrow()
  if (Number(recent.n) >= options.maxPerHour) return null
  const nonce = newTokenNonce()
  const row = await trx
    .insertInto('password_resets')
    .values({
      user_id: userId,
      token_nonce: nonce,
      token_hash: hashToken(passwordResetToken(linkSecret, nonce)),
      expires_at: new Date(Date.now() + options.validMinutes * 60_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Whether a reset token is known, unused and not expired — without using it. */
export async function isPasswordResetUsable(db: Db, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('password_resets')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Uses a reset token once: returns the user id when the token is known, unused and not expired,
 * marking it used in the same statement (a second use finds nothing) — and ends every other
 * unused link of that account, older or newer, so that no link left in a mailbox can change the
 * password again.
 */
export async function consumePasswordReset(trx: Transaction<Database>, token: string): Promise<string | undefined> {
  const now = new Date()
  const row = await trx
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst()
  if (!row) return undefined
  await trx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', row.user_id).where('used_at', 'is', null).execute()
  return row.user_id
}
