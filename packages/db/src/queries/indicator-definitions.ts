import { sql, type Transaction } from 'kysely'
import type { Db } from '../connection'
import type { Database, JsonValue } from '../types'

/**
 * Serialises the changes to one wave's indicator definitions (a transaction-scoped advisory lock):
 * two saves at once would otherwise both delete, then both insert the same keys.
 */
export async function lockWaveIndicators(trx: Transaction<Database>, waveId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`sonde.indicators:${waveId}`}, 0))`.execute(trx)
}

/** The definitions each release of a wave was computed with, newest release first. */
export async function listReleasedDefinitions(db: Db, waveId: string): Promise<{ number: number; definitions: JsonValue }[]> {
  return db.selectFrom('releases').select(['number', 'definitions']).where('wave_id', '=', waveId).orderBy('number', 'desc').execute()
}
