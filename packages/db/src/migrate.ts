import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely'
import type { Db } from './connection'

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url))

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: MigrationResultSet['results'],
  ) {
    super(message)
    this.name = 'MigrationError'
  }
}

/**
 * Brings the schema to the newest migration of top-level `migrations/`.
 * Kysely's migrator reports failure in its result instead of throwing: this throws a
 * MigrationError naming the failed migration, so that start-up and the CLI exit non-zero.
 */
export async function migrateToLatest(db: Db, folder = migrationsFolder): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: folder }),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    const cause = error instanceof Error ? error.message : String(error)
    throw new MigrationError(
      failed ? `migration ${failed.migrationName} failed: ${cause}` : `migrations failed: ${cause}`,
      results,
    )
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
