import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { sql } from 'kysely'
import { z } from 'zod'

const HealthSchema = z.object({ status: z.literal('ok'), db: z.literal('ok') })
const UnhealthySchema = z.object({
  status: z.literal('unavailable'),
  db: z.literal('unreachable'),
  code: z.literal('DATABASE_UNAVAILABLE'),
  message: z.string(),
})

/** Liveness and database reachability, for load balancers and people. */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    { config: { access: 'public' }, schema: { response: { 200: HealthSchema, 503: UnhealthySchema } } },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.db)
        return { status: 'ok' as const, db: 'ok' as const }
      } catch (err) {
        app.log.warn({ err }, 'health check: database unreachable')
        return reply.code(503).send({
          status: 'unavailable' as const,
          db: 'unreachable' as const,
          code: 'DATABASE_UNAVAILABLE' as const,
          message: 'The database is unreachable.',
        })
      }
    },
  )
}

export default healthRoutes
