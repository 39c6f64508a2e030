import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { createDb } from '@sonde/db'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { buildApp } from '../src/app'
import { createDatabaseRelay } from './database-relay'
import { inviteFactory, testConfig, waveFactory } from './support'

let database: TestDatabase
let relay: Awaited<ReturnType<typeof createDatabaseRelay>>
let app: FastifyInstance
const logLines: string[] = []

beforeAll(async () => {
  database = await createTestDatabase()
  relay = await createDatabaseRelay(database.url)
  app = await buildApp(testConfig(relay.url, { logLevel: 'info', logSink: { write: (line) => void logLines.push(line) } }))
})
afterAll(async () => {
  await app?.close()
  await relay?.stop()
  await database?.drop()
})

/**
 * Makes the database refuse writes as a read-only PostgreSQL does (SQLSTATE 25006): on a server,
 * for new sessions of this database (the others are ended, as a failover to a standby would); on
 * the embedded database, whose single session every connection shares, at once.
 */
async function setReadOnly(on: boolean): Promise<void> {
  // One connection: its session's settings hold from one statement to the next.
  const session = createDb(database.url, 1)
  try {
    await sql.raw(`set default_transaction_read_only = ${on ? 'on' : 'off'}`).execute(session)
    if (database.engine === 'postgres') {
      await sql.raw('set default_transaction_read_only = off').execute(session)
      await sql.raw(`alter database "${new URL(database.url).pathname.slice(1)}" set default_transaction_read_only = ${on ? 'on' : 'off'}`).execute(session)
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(session)
    }
  } finally {
    await session.destroy()
  }
  // Let the pools see their ended connections go.
  await new Promise((r) => setTimeout(r, 200))
}

describe('GET /api/health', () => {
  it('says ok, then 503 fast while the database is away, then ok again once it is back', async () => {
    const ok = await app.inject({ method: 'GET', url: '/api/health' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ status: 'ok', db: 'ok' })

    await relay.stop()
    const started = Date.now()
    const down = await app.inject({ method: 'GET', url: '/api/health' })
    expect(down.statusCode).toBe(503)
    expect(down.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', db: 'unreachable' })
    expect(Date.now() - started).toBeLessThan(5_000)

    // Any route touching the database answers the documented 503 too, and the process lives on.
    const other = await app.inject({ method: 'GET', url: `/api/r/${'x'.repeat(43)}` })
    expect(other.statusCode).toBe(503)
    expect(other.json().code).toBe('DATABASE_UNAVAILABLE')
    expect(other.headers['retry-after']).toBe('5')

    await relay.start()
    let back = await app.inject({ method: 'GET', url: '/api/health' })
    for (let i = 0; i < 20 && back.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250))
      back = await app.inject({ method: 'GET', url: '/api/health' })
    }
    expect(back.statusCode).toBe(200)
  })

  it('answers 503 STORAGE_READ_ONLY while the database takes no writes: saves are refused, reads go on, nothing is stored', async () => {
    const wave = await waveFactory(database)
    const { token } = await inviteFactory(database, wave.id)
    // The first opening of a link is recorded (a write): open it before the database turns read-only.
    expect((await app.inject({ method: 'GET', url: `/api/r/${token}` })).statusCode).toBe(200)
    const saved = await app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 0, answers: { benevoles_nombre: 12 } } })
    expect(saved.statusCode).toBe(200)

    await setReadOnly(true)
    try {
      const health = await app.inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(503)
      expect(health.json()).toMatchObject({ status: 'unavailable', db: 'read-only', code: 'STORAGE_READ_ONLY' })

      const refused = await app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 1, answers: { benevoles_nombre: 13 } } })
      expect(refused.statusCode).toBe(503)
      expect(refused.json()).toEqual({ code: 'STORAGE_READ_ONLY', message: expect.stringContaining('nothing was saved') })
      expect(refused.headers['retry-after']).toBe('30')
      expect(logLines.some((line) => /"level":50.*disk read-only: the database server takes no writes/.test(line))).toBe(true)

      const read = await app.inject({ method: 'GET', url: `/api/r/${token}` })
      expect(read.statusCode).toBe(200)
      expect(read.json().response.answers.benevoles_nombre).toBe(12)
    } finally {
      await setReadOnly(false)
    }
    const health = await app.inject({ method: 'GET', url: '/api/health' })
    expect(health.statusCode).toBe(200)
    const again = await app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 1, answers: { benevoles_nombre: 13 } } })
    expect(again.statusCode).toBe(200)
    expect(again.json().answers.benevoles_nombre).toBe(13)
  })
})
