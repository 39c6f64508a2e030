import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { buildApp } from '../src/app'
import { testConfig } from './support'
import { createTcpProxy } from './tcp-proxy'

let database: TestDatabase
let proxy: Awaited<ReturnType<typeof createTcpProxy>>
let app: FastifyInstance

beforeAll(async () => {
  database = await createTestDatabase()
  proxy = await createTcpProxy(database.url)
  app = await buildApp(testConfig(proxy.url))
})
afterAll(async () => {
  await app?.close()
  await proxy?.stop()
  await database?.drop()
})

describe('GET /api/health', () => {
  it('says ok, then 503 fast while the database is away, then ok again once it is back', async () => {
    const ok = await app.inject({ method: 'GET', url: '/api/health' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ status: 'ok', db: 'ok' })

    await proxy.stop()
    const started = Date.now()
    const down = await app.inject({ method: 'GET', url: '/api/health' })
    expect(down.statusCode).toBe(503)
    expect(down.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', db: 'unreachable' })
    expect(Date.now() - started).toBeLessThan(5_000)

    // Any route touching the database answers the documented 503 too, and the process lives on.
    const other = await app.inject({ method: 'GET', url: `/api/r/${'x'.repeat(43)}` })
    expect(other.statusCode).toBe(503)
    expect(other.json().code).toBe('DATABASE_UNAVAILABLE')

    await proxy.start()
    let back = await app.inject({ method: 'GET', url: '/api/health' })
    for (let i = 0; i < 20 && back.statusCode !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250))
      back = await app.inject({ method: 'GET', url: '/api/health' })
    }
    expect(back.statusCode).toBe(200)
  })
})
