import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely'
import type { Db } from './connection'

// From the sources, the repository's migrations/ folder; from the bundle that scripts/build-server.mjs
// writes (apps/api/dist/*.mjs), the migrations it compiled next to it.
const bundled = import.meta.url.endsWith('.mjs')
export const migrationsFolder = fileURLToPath(new URL(bundled ? './migrations' : '../../../migrations', import.meta.url))

/**
 * Kysely's FileMigrationProvider imports from inside node_modules, where the TypeScript loader
 * of the test runner does not reach: importing from here works under tsx and Vitest alike.
 */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((file) => /\.(ts|js|mjs)$/.test(file) && !file.endsWith('.d.ts')).sort()
    const migrations: Record<string, Migration> = {}
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(this.folder, file)).href)) as Migration
      migrations[file.replace(/\.(ts|js|mjs)$/, '')] = module
    }
    return migrations
  }
}

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
    provider: new FolderMigrationProvider(folder),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    const cause = error instanceof Error ? error.message : String(error)
    throw new MigrationError(failed ? `migration ${failed.migrationName} failed: ${cause}` : `migrations failed: ${cause}`, results)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
