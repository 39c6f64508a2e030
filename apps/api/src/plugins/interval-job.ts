import type { FastifyInstance } from 'fastify'

/** A job; its pass takes arguments `A` when asked (a test's clock), none when the timer runs it. */
export interface IntervalJob<A extends unknown[], T> {
  /** What the log calls it ("schedule", "retention"). */
  name: string
  /** How often it runs (ms), and once when the app is ready; 0 = only when asked (tests call the function returned). */
  intervalMs: number
  run: (...args: A | []) => Promise<T>
}

/**
 * A job the app runs by itself: once when it is ready, then every `intervalMs`, and stopped
 * when it closes (the pass under way is awaited). Passes never overlap in one process: a call
 * while one runs gets that pass's result. A failed pass is logged and the next one tries again.
 * Returns the function that runs a pass now.
 */
export function intervalJob<A extends unknown[], T>(app: FastifyInstance, job: IntervalJob<A, T>): (...args: A | []) => Promise<T> {
  let running: Promise<T> | null = null
  const runNow = (...args: A | []) => {
    running ??= job.run(...args).finally(() => {
      running = null
    })
    return running
  }
  if (job.intervalMs > 0) {
    let timer: NodeJS.Timeout | undefined
    const pass = () => void runNow().catch((err: unknown) => app.log.error({ err }, `${job.name} pass failed; next try at the next pass`))
    app.addHook('onReady', async () => {
      pass()
      timer = setInterval(pass, job.intervalMs)
      timer.unref()
    })
    app.addHook('onClose', async () => {
      clearInterval(timer)
      await running?.catch(() => undefined)
    })
  }
  return runNow
}
