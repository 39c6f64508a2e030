import { sql } from 'kysely'
import type { Db } from '../connection'
import type { Role, User } from '../types'
import { endApiTokens } from './api-tokens'

/** Whether a user may download protected microdata: staff and admins always, researchers when an admin granted it. */
export function hasMicrodataAccess(user: Pick<User, 'role' | 'microdata_access'>): boolean {
  return user.role !== 'researcher' || user.microdata_access
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function createUser(
  db: Db,
  user: { email: string; passwordHash: string; role: Role },
): Promise<User> {
  return db
    .insertInto('users')
    .values({ email: user.email.toLowerCase(), password_hash: user.passwordHash, role: user.role })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Sets a user's password and role, creating the user when the e-mail is new. An existing user's
 * sessions and API tokens end: they were opened with the password that this one replaces.
 */
export async function upsertUser(
  db: Db,
  user: { email: string; passwordHash: string; role: Role },
): Promise<{ user: User; created: boolean }> {
  const row = await db
    .insertInto('users')
    .values({ email: user.email.toLowerCase(), password_hash: user.passwordHash, role: user.role })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({ password_hash: user.passwordHash, role: user.role, disabled_at: null }),
    )
    .returningAll()
    // xmax = 0 only on a freshly inserted row: tells an insert from an update in one statement.
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow()
  const { created, ...rest } = row
  if (!created) await endUserAccess(db, rest.id, 'password_changed')
  return { user: rest, created }
}

export interface SessionUser {
  id: string
  email: string
  role: Role
  /** May download protected microdata: staff and admins, and researchers granted it. */
  microdataAccess: boolean
  sessionCreatedAt: Date
  lastSeenAt: Date
  /** The API token the request came with; null for a browser session. */
  apiTokenId: string | null
}

export async function createSession(
  db: Db,
  session: { idHash: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id_hash: session.idHash, user_id: session.userId, expires_at: session.expiresAt })
    .execute()
}

/** The user behind a live session: not expired, not idle too long, user not disabled. */
export async function findSessionUser(
  db: Db,
  idHash: string,
  idleSince: Date,
): Promise<SessionUser | undefined> {
  const user = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.email',
      'users.role',
      sql<boolean>`(users.role <> 'researcher' or users.microdata_access)`.as('microdataAccess'),
      'sessions.created_at as sessionCreatedAt',
      'sessions.last_seen_at as lastSeenAt',
    ])
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', new Date())
    .where('sessions.last_seen_at', '>', idleSince)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
  return user && { ...user, apiTokenId: null }
}

export async function touchSession(db: Db, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id_hash', '=', idHash).execute()
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

export async function listUsers(db: Db): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute()
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * Changes a user; disabling one or changing its password ends all its sessions, API tokens and
 * unused reset links (ASVS 7.4.3), and enabling it again revives none of them.
 */
export async function updateUser(
  db: Db,
  id: string,
  changes: { role?: Role; disabled?: boolean; passwordHash?: string; microdataAccess?: boolean },
): Promise<User> {
  const user = await db
    .updateTable('users')
    .set({
      ...(changes.role ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled_at: changes.disabled ? new Date() : null } : {}),
      ...(changes.passwordHash ? { password_hash: changes.passwordHash } : {}),
      ...(changes.microdataAccess !== undefined ? { microdata_access: changes.microdataAccess } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  if (changes.disabled) await endUserAccess(db, id, 'user_disabled')
  else if (changes.passwordHash) await endUserAccess(db, id, 'password_changed')
  return user
}

// Everything the old password, or the account while it was enabled, handed out: sessions, API
// tokens, and reset links still waiting in a mailbox (one would otherwise undo the new password).
async function endUserAccess(db: Db, userId: string, reason: 'user_disabled' | 'password_changed'): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  await endApiTokens(db, userId, reason)
  await db.updateTable('password_resets').set({ used_at: new Date() }).where('user_id', '=', userId).where('used_at', 'is', null).execute()
}
