import { Writable } from 'node:stream'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { intervalJob } from './interval-job'

/** A bare app whose log lines the test reads. */
function appWithLog() {
  const lines: { level: number; msg: string }[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string })
      done()
    },
  })
  return { app: Fastify({ logger: { level: 'error', stream } }), lines }
}

describe('intervalJob', () => {
  it('runs once when the app is ready, then every interval, and no more once the app is closed', async () => {
    const { app } = appWithLog()
    let runs = 0
    intervalJob(app, { name: 'test', intervalMs: 20, run: async () => (runs += 1) })
    expect(runs).toBe(0)
    await app.ready()
    expect(runs).toBe(1)
    await expect.poll(() => runs).toBeGreaterThanOrEqual(3)
    await app.close()
    const afterClose = runs
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(runs).toBe(afterClose)
  })

  it('runs only when asked with an interval of 0', async () => {
    const { app } = appWithLog()
    let runs = 0
    const runNow = intervalJob(app, { name: 'test', intervalMs: 0, run: async () => (runs += 1) })
    await app.ready()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(runs).toBe(0)
    expect(await runNow()).toBe(1)
    await app.close()
  })

  it('never overlaps itself: a call while a pass runs gets that pass, and its arguments are passed on', async () => {
    const { app } = appWithLog()
    let finish: (value: string) => void = () => undefined
    const calls: (string | undefined)[] = []
    const runNow = intervalJob<[label: string], string>(app, {
      name: 'test',
      intervalMs: 0,
      run: (label?: string) => {
        calls.push(label)
        return new Promise<string>((resolve) => (finish = resolve))
      },
    })
    const first = runNow('first')
    const second = runNow('second')
    finish('done')
    expect(await Promise.all([first, second])).toEqual(['done', 'done'])
    expect(calls).toEqual(['first'])
    const third = runNow('third')
    finish('again')
    expect(await third).toBe('again')
    expect(calls).toEqual(['first', 'third'])
    await app.close()
  })

  it('logs a failed pass with its name and tries again at the next one; closing waits for the pass under way', async () => {
    const { app, lines } = appWithLog()
    let runs = 0
    let finished = false
    intervalJob(app, {
      name: 'test',
      intervalMs: 20,
      run: async () => {
        runs += 1
        if (runs === 1) throw new Error('database away')
        await new Promise((resolve) => setTimeout(resolve, 30))
        finished = true
      },
    })
    await app.ready()
    await expect.poll(() => runs).toBeGreaterThanOrEqual(2)
    await app.close()
    expect(finished).toBe(true)
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: 'test pass failed; next try at the next pass' }))
  })
})
