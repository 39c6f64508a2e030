import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from './types'

export type Db = Kysely<Database>

// Dates stay Date objects; bigint counts come back as strings unless parsed here (counts fit in a double).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value))

/**
 * Options for every pg pool Sonde opens, on a PostgreSQL server or on the embedded database.
 * Short connection timeout so that requests fail fast (503) while the database is away,
 * and a statement timeout so that no query is left running for ever.
 */
export function poolOptions(connectionString: string, max = 10): pg.PoolConfig {
  return {
    connectionString,
    max,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 60_000,
    query_timeout: 65_000,
  }
}

/**
 * Without an 'error' listener, pg re-throws a client's connection error (a PostgreSQL
 * restart, a network cut) as an uncaught exception that kills the process: the pool listens
 * only while a client is idle, so each client also gets a listener of its own for the time
 * it is checked out. The failed query still rejects, and the pool drops the dead client.
 */
export function guardPool(pool: pg.Pool, onError: (err: Error) => void): pg.Pool {
  pool.on('error', onError)
  pool.on('connect', (client) => client.on('error', onError))
  return pool
}

/** Kysely on an existing pool; the pool's owner ends it (do not call `destroy()` twice). */
export function createKysely(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/** A pool and its Kysely instance, for the CLI, benchmarks and tests; `destroy()` ends the pool. */
export function createDb(connectionString: string, max = 10): Db {
  const pool = guardPool(new pg.Pool(poolOptions(connectionString, max)), () => {})
  return createKysely(pool)
}
