import { sql } from 'kysely'
import { API_TOKEN_DAYS, type ApiToken } from '@sonde/contracts'
import type { Db } from '../connection'
import { hashToken, newToken } from '../tokens'
import type { ApiTokenEndReason, ApiTokenRow } from '../types'
import type { SessionUser } from './users'

/** An API token as its owner and admins see it at `now`: never the token itself, and whether it still opens anything. */
export function toApiToken(row: ApiTokenRow, now = new Date()): ApiToken {
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

/**
 * Creates a personal API token that ends after `days` days (`API_TOKEN_DAYS`: 1 to 365; ASVS
 * 7.1.3 wants every credential to end); the token itself is returned once and only its SHA-256 is stored.
 */
export async function createApiToken(
  db: Db,
  userId: string,
  name: string,
  days: number = API_TOKEN_DAYS.default,
): Promise<{ token: string; row: ApiTokenRow }> {
  if (!Number.isInteger(days) || days < API_TOKEN_DAYS.min || days > API_TOKEN_DAYS.max) {
    throw new RangeError(`API token lifetime out of range: ${days}`)
  }
  const token = `sonde_${newToken()}`
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: hashToken(token), expires_at: new Date(Date.now() + days * 86_400_000) })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { token, row }
}

/** A user's API tokens, live and ended, newest first. */
export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute()
}

/** Ends one live token of a user; false when the user has no such live token. */
export async function revokeApiToken(
  db: Db,
  userId: string,
  id: string,
  reason: Extract<ApiTokenEndReason, 'revoked' | 'revoked_by_admin'> = 'revoked',
): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/**
 * Ends every live token of a user, for good: a password change, a reset or disabling the account
 * ends what the old credentials gave (ASVS 7.4.3), and enabling the account again does not bring
 * them back.
 */
export async function endApiTokens(db: Db, userId: string, reason: ApiTokenEndReason): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date(), revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * The user behind a live API token — not revoked, not expired, user not disabled — with the
 * token's id, so that routes can tell a script from a person. Records the use, at most once a
 * minute per token so that a busy script does not write on every request.
 */
export async function findApiTokenUser(db: Db, token: string): Promise<SessionUser | undefined> {
  const tokenHash = hashToken(token)
  const now = new Date()
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      'u.id',
      'u.email',
      'u.role',
      sql<boolean>`(u.role <> 'researcher' or u.microdata_access)`.as('microdataAccess'),
      't.id as apiTokenId',
      't.created_at as sessionCreatedAt',
      't.last_used_at',
      't.created_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.apiTokenId).execute()
  }
  const { last_used_at: lastUsedAt, created_at: createdAt, ...user } = row
  return { ...user, lastSeenAt: lastUsedAt ?? createdAt }
}
