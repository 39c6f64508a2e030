import { sql, type Kysely } from 'kysely'

// Releases: the one gate between the live computation (staff only, provisional) and everyone
// else. A release is a dated, numbered, immutable copy of a wave's protected cells — by family
// and crossed with each dimension — with the indicator definitions, rules and parameters used,
// and the list of submitted responses (at which submission) it was computed from: the microdata
// of a release and the check against earlier releases read that list.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('wave_id', 'uuid', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('min_cell_size', 'integer', (c) => c.notNull())
    .addColumn('p_percent', 'integer', (c) => c.notNull())
    .addColumn('questionnaire_version', 'integer')
    .addColumn('definitions', 'jsonb', (c) => c.notNull())
    .addColumn('indicators', 'jsonb', (c) => c.notNull())
    .addColumn('responses', 'integer', (c) => c.notNull())
    .addUniqueConstraint('releases_wave_number_key', ['wave_id', 'number'])
    .execute()

  // Staff cells (reasons kept) of one table of a release: `dimension` '' for the table by family.
  await db.schema
    .createTable('release_cells')
    .addColumn('release_id', 'uuid', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('dimension_values', 'jsonb', (c) => c.notNull())
    .addColumn('cells', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('release_cells_pkey', ['release_id', 'dimension'])
    .execute()

  // The responses a release was computed from. Erasing an organisation's data deletes its line
  // here too (cascade): its microdata leaves every release.
  await db.schema
    .createTable('release_responses')
    .addColumn('release_id', 'uuid', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('submission_id', 'uuid', (c) => c.references('submissions.id').onDelete('set null'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz')
    .addPrimaryKeyConstraint('release_responses_pkey', ['release_id', 'response_id'])
    .execute()

  // Immutable: nothing may rewrite a release once it is published.
  await sql`
    create function sonde_release_immutable() returns trigger
    language plpgsql as $$
    begin
      raise exception 'a release is immutable (%)', tg_table_name using errcode = 'check_violation';
    end
    $$`.execute(db)
  for (const table of ['releases', 'release_cells']) {
    await sql`create trigger ${sql.raw(`${table}_immutable`)} before update on ${sql.table(table)}
      for each row execute function sonde_release_immutable()`.execute(db)
  }

  await db.schema
    .alterTable('users')
    .addColumn('microdata_access', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('microdata_access').execute()
  await db.schema.dropTable('release_responses').execute()
  await db.schema.dropTable('release_cells').execute()
  await db.schema.dropTable('releases').execute()
  await sql`drop function sonde_release_immutable()`.execute(db)
}
