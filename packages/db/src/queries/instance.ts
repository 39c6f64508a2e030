import { randomBytes } from 'node:crypto'
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
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', 'link_secret')
    .executeTakeFirstOrThrow()
  return row.value
}
