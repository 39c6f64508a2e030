import { sql, type Kysely } from 'kysely'

/**
 * The microdata export reads a wave's submitted responses in id order, a page at a time (keyset
 * pagination): with (wave_id, status, id) it walks that wave's rows only, instead of the whole
 * table in id order — every wave of every year — filtering as it goes. It also serves every
 * look-up the (wave_id, status) index served, which it replaces.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index responses_wave_status_id_idx on responses (wave_id, status, id)`.execute(db)
  await sql`drop index responses_wave_status_idx`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index responses_wave_status_idx on responses (wave_id, status)`.execute(db)
  await sql`drop index responses_wave_status_id_idx`.execute(db)
}
