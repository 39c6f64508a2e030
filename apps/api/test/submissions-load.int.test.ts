import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeAnswers, inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

// Two hundred organisations sending their questionnaire at the same moment (issue 13, point 3):
// each submission's checks (tens of milliseconds) run in the check thread and before a database
// connection is taken, so that the saves of everyone still typing neither wait for the event loop
// nor for the pool.

let ctx: TestContext
beforeAll(async () => {
  ctx = await startTestApp()
})
afterAll(async () => {
  await ctx?.close()
})

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!

describe('200 simultaneous submissions', () => {
  it('are all accepted while the saves of others go on', async () => {
    const wave = await waveFactory(ctx.database)
    // One after the other: 210 set-up inserts at once would wait for the pool, which is not what this test measures.
    const invite = async (count: number) => {
      const invited: Awaited<ReturnType<typeof inviteFactory>>[] = []
      for (let i = 0; i < count; i++) invited.push(await inviteFactory(ctx.database, wave.id))
      return invited
    }
    const senders = await invite(200)
    const typists = await invite(10)
    for (const { token } of senders) {
      const saved = await ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 0, answers: completeAnswers() } })
      expect(saved.statusCode).toBe(200)
    }

    let submitting = true
    const latencies: number[] = []
    const typing = typists.map(async ({ token }) => {
      let revision = 0
      while (submitting) {
        const started = performance.now()
        const res = await ctx.app.inject({
          method: 'PATCH',
          url: `/api/r/${token}/answers`,
          payload: { baseRevision: revision, answers: { benevoles_nombre: latencies.length }, saveId: randomUUID(), reply: 'changes' },
        })
        latencies.push(performance.now() - started)
        expect(res.statusCode).toBe(200)
        revision = res.json<{ revision: number }>().revision
      }
    })
    const started = performance.now()
    const results = await Promise.all(
      senders.map(({ token }) =>
        ctx.app.inject({ method: 'POST', url: `/api/r/${token}/submit`, payload: { revision: 1 }, headers: { 'idempotency-key': randomUUID() } }),
      ),
    )
    const submitTime = performance.now() - started
    submitting = false
    await Promise.all(typing)

    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 200))
    expect(results.every((r) => r.json<{ status: string }>().status === 'submitted')).toBe(true)
    const p50 = percentile(latencies, 50)
    const p99 = percentile(latencies, 99)
    console.info(
      `200 submissions in ${(submitTime / 1000).toFixed(1)} s; ${latencies.length} saves meanwhile, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${ctx.database.engine})`,
    )
    // Saves went on while the submissions were checked, and none waited for all of them (a
    // generous bound: the machine running the tests may be busy with others).
    expect(latencies.length).toBeGreaterThan(20)
    expect(p99).toBeLessThan(Math.max(3_000, submitTime / 3))
  }, 600_000)
})
