import { sql } from 'kysely'
import type { CurrentUser, User } from '@sonde/contracts'
import type { Db } from '../connection'
import type { Role, UserRow } from '../types'
import { endApiTokens } from './api-tokens'

/** Whether a user may download protected microdata: staff and admins always, researchers when an admin granted it. */
function hasMicrodataAccess(user: Pick<UserRow, 'role' | 'microdata_access'>): boolean {
  return user.role !== 'researcher' || user.microdata_access
}

/** Whether an admin granted the account the protected microdata (the stored permission; staff and admins need none). */
export function microdataGranted(user: UserRow): boolean {
  return user.microdata_access
}

/** An account as admins see it. */
export function toUser(user: UserRow): User {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabled: user.disabled_at !== null,
    microdataAccess: hasMicrodataAccess(user),
    createdAt: user.created_at.toISOString(),
  }
}

/** The logged-in person as the API tells them who they are. */
export function toCurrentUser(user: Pick<SessionUser, 'id' | 'email' | 'role' | 'microdataAccess'>): CurrentUser {
  return { id: user.id, email: user.email, role: user.role, microdataAccess: user.microdataAccess }
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

/** What a login checks of an account: its password's hash and whether it is disabled. */
export interface UserCredentials {
  id: string
  email: string
  role: Role
  microdataAccess: boolean
  passwordHash: string
  disabled: boolean
}

/** The account a login or a password reset names, by e-mail (case-insensitive). */
export async function findCredentials(db: Db, email: string): Promise<UserCredentials | undefined> {
  const user = await findUserByEmail(db, email)
  return (
    user && {
      id: user.id,
      email: user.email,
      role: user.role,
      microdataAccess: hasMicrodataAccess(user),
      passwordHash: user.password_hash,
      disabled: user.disabled_at !== null,
    }
  )
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function createUser(db: Db, user: { email: string; passwordHash: string; role: Role }): Promise<UserRow> {
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
export async function upsertUser(db: Db, user: { email: string; passwordHash: string; role: Role }): Promise<{ user: UserRow; created: boolean }> {
  const row = await db
    .insertInto('users')
    .values({ email: user.email.toLowerCase(), password_hash: user.passwordHash, role: user.role })
    .onConflict((oc) => oc.column('email').doUpdateSet({ password_hash: user.passwordHash, role: user.role, disabled_at: null }))
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

export async function createSession(db: Db, session: { idHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('sessions').values({ id_hash: session.idHash, user_id: session.userId, expires_at: session.expiresAt }).execute()
}

/** The user behind a live session: not expired, not idle too long, user not disabled. */
export async function findSessionUser(db: Db, idHash: string, idleSince: Date): Promise<SessionUser | undefined> {
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

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute()
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
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
): Promise<UserRow> {
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
