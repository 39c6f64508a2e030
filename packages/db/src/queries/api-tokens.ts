import { sql } from 'kysely'
import type { Db } from '../connection'
import { hashToken, newToken } from '../tokens'
import type { ApiToken } from '../types'
import type { SessionUser } from './users'

/** Creates a personal API token; the token itself is returned once and never stored. */
export async function createApiToken(db: Db, userId: string, name: string): Promise<{ token: string; row: ApiToken }> {
  const token = `sonde_${newToken()}`
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: userId, name, token_hash: hashToken(token) })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { token, row }
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute()
}

export async function revokeApiToken(db: Db, userId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The user behind a live API token (not revoked, user not disabled); records its use. */
export async function findApiTokenUser(db: Db, token: string): Promise<SessionUser | undefined> {
  const tokenHash = hashToken(token)
  const user = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      'u.id',
      'u.email',
      'u.role',
      sql<boolean>`(u.role <> 'researcher' or u.microdata_access)`.as('microdataAccess'),
      't.created_at as sessionCreatedAt',
      't.created_at as lastSeenAt',
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst()
  if (user) await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('token_hash', '=', tokenHash).execute()
  return user
}
