import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { startEmbedded } from './embedded'
import { createDb, type Db } from './connection'
import { migrateToLatest } from './migrate'

export interface TestDatabase {
  url: string
  /** Kysely on the test database, for factories and assertions. */
  db: Db
  engine: 'embedded' | 'postgres'
  drop(): Promise<void>
}

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server
 * named by TEST_DATABASE_URL, or else a new in-memory embedded database (PGlite).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const name = `sonde_test_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    const db = createDb(url.toString())
    await migrateToLatest(db)
    return {
      url: url.toString(),
      db,
      engine: 'postgres',
      async drop() {
        await db.destroy()
        const client = new pg.Client({ connectionString: serverUrl })
        await client.connect()
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await client.end()
      },
    }
  }
  const embedded = await startEmbedded({ dataDir: 'memory://' })
  const db = createDb(embedded.url, 4)
  await migrateToLatest(db)
  return {
    url: embedded.url,
    db,
    engine: 'embedded',
    async drop() {
      await db.destroy()
      await embedded.stop()
    },
  }
}
