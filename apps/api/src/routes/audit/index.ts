import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AuditListSchema, AuditQuerySchema } from '@sonde/contracts'
import { listAudit, toAuditEvent } from '@sonde/db'

/** The audit log for admins: read-only — Sonde has no route that changes or deletes it. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/audit', { config: { access: ['admin'] }, schema: { querystring: AuditQuerySchema, response: { 200: AuditListSchema } } }, async (request) => {
    const { from, to, ...filter } = request.query
    const events = await listAudit(app.db, {
      ...filter,
      ...(from ? { from: new Date(`${from}T00:00:00Z`) } : {}),
      ...(to ? { to: new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
    })
    return { events: events.map(toAuditEvent) }
  })
}

export default auditRoutes
