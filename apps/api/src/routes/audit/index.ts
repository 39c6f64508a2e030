import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { listAudit } from '@sonde/db'

const AuditQuerySchema = z.strictObject({
  waveId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
const AuditSchema = z.object({
  events: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorType: z.enum(['user', 'respondent', 'system']),
      actorId: z.string().nullable(),
      actorEmail: z.string().nullable(),
      waveId: z.string().nullable(),
      action: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
})

/** The audit log for admins: read-only — Sonde has no route that changes or deletes it. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    { config: { access: ['admin'] }, schema: { querystring: AuditQuerySchema, response: { 200: AuditSchema } } },
    async (request) => {
      const events = await listAudit(app.db, request.query)
      return { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) }
    },
  )
}

export default auditRoutes
