import fp from 'fastify-plugin'

export interface AfterReply {
  /**
   * Starts work that must not delay an answer already sent — call it from a route's `onResponse`
   * hook — so that how long the answer took says nothing about what the work found (whether an
   * address is known). A failure is logged as `what`.
   */
  run(what: string, work: () => Promise<unknown>): void
  /** Resolves once every piece of work started so far has finished (tests, and closing). */
  settled(): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    afterReply: AfterReply
  }
}

/** Work that runs once its answer has left; the server waits for it before closing. */
export default fp(
  async function afterReply(app) {
    const pending = new Set<Promise<unknown>>()
    const settled = async () => {
      while (pending.size > 0) await Promise.allSettled([...pending])
    }
    app.decorate('afterReply', {
      run(what: string, work: () => Promise<unknown>) {
        const running = work()
          .catch((err: unknown) => app.log.warn({ err }, `${what} failed`))
          .finally(() => pending.delete(running))
        pending.add(running)
      },
      settled,
    } satisfies AfterReply)
    app.addHook('onClose', settled)
  },
  { name: 'after-reply' },
)
