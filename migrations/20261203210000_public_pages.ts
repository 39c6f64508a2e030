import { sql, type Kysely } from 'kysely'

// The public observatory: a wave's page at /resultats/<slug>, readable without a login, shows one
// release chosen by staff under an open licence they chose. One row per published page; deleting
// the row unpublishes it (the release itself stays, immutable).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('public_pages')
    .addColumn('wave_id', 'uuid', (c) => c.primaryKey().references('waves.id').onDelete('cascade'))
    .addColumn('release_id', 'uuid', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('licence', 'text', (c) => c.notNull().check(sql`licence in ('etalab-2.0', 'cc-by-4.0')`))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('public_pages').execute()
}
