import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../connection'

/**
 * The secret that link tokens are derived from: the configured one (SONDE_SECRET), or else one
 * generated at the first start and kept in the database. Several processes on one database
 * agree on it: the first insert wins and everyone reads that row.
 */
export async function resolveLinkSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured
  await db
    .insertInto('instance_settings')
    .values({ key: 'link_secret', value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const row = await db.selectFrom('instance_settings').select('value').where('key', '=', 'link_secret').executeTakeFirstOrThrow()
  return row.value
}

/**
 * Whether the database takes no writes now (`transaction_read_only`: a standby, or a database set
 * read-only); a query that fails throws, which tells a database that cannot be reached.
 */
export async function isDatabaseReadOnly(db: Db): Promise<boolean> {
  const { rows } = await sql<{ readOnly: string }>`select current_setting('transaction_read_only') as "readOnly"`.execute(db)
  return rows[0]?.readOnly === 'on'
}
