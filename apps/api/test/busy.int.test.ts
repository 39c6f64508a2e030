import type { PoolClient } from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

// A server with more work than database connections is busy, not broken (issue 13, point 3): a
// request that waits too long for a connection of the pool gets 503 SERVER_BUSY with Retry-After
// and changes nothing, while /api/health, on a connection of its own, stays 200 — a load balancer
// must not drop a healthy server at its busiest moment.

let ctx: TestContext
let token: string

beforeAll(async () => {
  ctx = await startTestApp({ poolSize: 2 })
  const wave = await waveFactory(ctx.database)
  ;({ token } = await inviteFactory(ctx.database, wave.id))
})
afterAll(async () => {
  await ctx?.close()
})

const save = (baseRevision: number, text: string) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision, answers: { attentes: text } } })

describe('every connection of the pool busy', () => {
  it('a save gets 503 SERVER_BUSY with Retry-After and changes nothing; health stays 200; once free, saves go through', async () => {
    const first = await save(0, 'avant')
    expect(first.statusCode).toBe(200)
    const revision = first.json<{ revision: number }>().revision

    // Every connection of the request pool taken, as by long requests in flight.
    const held: PoolClient[] = [await ctx.app.pg.pool.connect(), await ctx.app.pg.pool.connect()]
    try {
      const started = Date.now()
      const busy = await save(revision, 'pendant')
      expect(busy.statusCode).toBe(503)
      expect(busy.json()).toMatchObject({ code: 'SERVER_BUSY' })
      expect(busy.headers['retry-after']).toBe('2')
      // Bounded: the pool's wait (3 s), not the statement timeout.
      expect(Date.now() - started).toBeLessThan(10_000)

      const health = await ctx.app.inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(200)
      expect(health.json()).toEqual({ status: 'ok', db: 'ok' })
    } finally {
      for (const client of held) client.release()
    }

    const view = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(view.json()).toMatchObject({ response: { revision, answers: { attentes: 'avant' } } })
    const after = await save(revision, 'après')
    expect(after.statusCode).toBe(200)
    expect(after.json<{ revision: number }>().revision).toBe(revision + 1)
  })
})
