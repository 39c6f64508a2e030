import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AuditEventSchema } from '@sonde/contracts'
import { listAudit } from '@sonde/db'

const AuditQuerySchema = z.strictObject({
  waveId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  // An audit event id: a bigint, so at most 2^63 - 1, which the database could not compare beyond.
  before: z
    .string()
    .refine((id) => /^\d{1,19}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n, 'an audit event id: digits, at most 2^63 - 1')
    .optional(),
  /** Days, inclusive, in UTC: `from=2025-03-01&to=2025-03-31`. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
const AuditSchema = z.object({ events: z.array(AuditEventSchema) })

/** The audit log for admins: read-only — Sonde has no route that changes or deletes it. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    { config: { access: ['admin'] }, schema: { querystring: AuditQuerySchema, response: { 200: AuditSchema } } },
    async (request) => {
      const { from, to, ...filter } = request.query
      const events = await listAudit(app.db, {
        ...filter,
        ...(from ? { from: new Date(`${from}T00:00:00Z`) } : {}),
        ...(to ? { to: new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
      })
      return { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) }
    },
  )
}

export default auditRoutes
