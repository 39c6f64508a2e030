import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Migrator, NO_MIGRATIONS, sql } from 'kysely'
import { createTestDatabase, type TestDatabase } from './testing'
import { FolderMigrationProvider, migrateToLatest, migrationsFolder } from './migrate'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => database?.drop())

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
    order by table_name`.execute(database.db)
  return rows.map((r) => r.table_name)
}

describe('migrations', () => {
  it('build the whole schema on an empty database', async () => {
    expect(await tables()).toEqual([
      'analysis_variables',
      'api_tokens',
      'audit_events',
      'families',
      'indicators',
      'instance_settings',
      'invitations',
      'open_link_claims',
      'organisations',
      'outbox',
      'password_resets',
      'public_pages',
      'questionnaires',
      'release_cells',
      'release_responses',
      'releases',
      'response_presence',
      'response_values',
      'responses',
      'scheduled_reminders',
      'sessions',
      'submissions',
      'users',
      'waves',
    ])
  })

  it('keep the analysis projection off the draft saves: the UPDATE trigger is per row, called only around `submitted`', async () => {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_triggerdef(t.oid) as definition from pg_trigger t
      where t.tgrelid = 'responses'::regclass and not t.tgisinternal order by t.tgname`.execute(database.db)
    const updated = rows.map((r) => r.definition).find((d) => d.includes('responses_index_updated'))
    expect(updated).toMatch(/AFTER UPDATE ON .*responses FOR EACH ROW WHEN/)
    expect(updated).toContain("'submitted'")
  })

  it('apply nothing the second time', async () => {
    expect(await migrateToLatest(database.db)).toEqual([])
  })

  it('go all the way down and up again', async () => {
    const built = await tables()
    const migrator = new Migrator({ db: database.db, provider: new FolderMigrationProvider(migrationsFolder) })
    const down = await migrator.migrateTo(NO_MIGRATIONS)
    expect(down.error).toBeUndefined()
    expect(await tables()).toEqual([])
    expect((await migrateToLatest(database.db)).length).toBeGreaterThan(0)
    expect(await tables()).toEqual(built)
  })
})
