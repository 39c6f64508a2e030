import type { Transaction } from 'kysely'
import type { Db } from '../connection'
import { hashToken, newTokenNonce, passwordResetToken } from '../tokens'
import type { Database } from '../types'

/** Records a reset request for a user; returns its id (the link is rebuilt when the e-mail is sent). */
export async function createPasswordReset(
  trx: Transaction<Database>,
  linkSecret: string,
  userId: string,
  validMinutes: number,
): Promise<string> {
  const nonce = newTokenNonce()
  const row = await trx
    .insertInto('password_resets')
    .values({
      user_id: userId,
      token_nonce: nonce,
      token_hash: hashToken(passwordResetToken(linkSecret, nonce)),
      expires_at: new Date(Date.now() + validMinutes * 60_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Uses a reset token once: returns the user id when the token is known, unused and not expired,
 * and marks it used in the same statement (a second use finds nothing).
 */
export async function consumePasswordReset(db: Db, token: string): Promise<string | undefined> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('user_id')
    .executeTakeFirst()
  return row?.user_id
}
