import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { HealthSchema, UnhealthySchema } from '@sonde/contracts'
import { checkStorage, isDatabaseReadOnly, storageCodeOf, type StorageCode } from '@sonde/db'
import { errorTable } from '../../errors'

/**
 * Liveness, and whether the database can take writes now, for load balancers and people: 503
 * while the database is unreachable, while the disk of the embedded database's folder is full or
 * read-only, and while a PostgreSQL server takes no writes (`transaction_read_only`: a standby, or
 * a database set read-only). A save would fail then; the balancer should send it elsewhere.
 */
const healthRoutes: FastifyPluginAsyncZod<{ dataDir: string | null }> = async (app, options) => {
  app.get('/api/health', { config: { access: 'public' }, schema: { response: { 200: HealthSchema, 503: UnhealthySchema } } }, async (_request, reply) => {
    // The message is the public one: the folder is named in the server's log, not to anyone asking.
    const unhealthy = (code: StorageCode | 'DATABASE_UNAVAILABLE') =>
      reply
        .code(503)
        .header('Retry-After', code === 'DATABASE_UNAVAILABLE' ? '5' : '30')
        .send({
          status: 'unavailable' as const,
          db: code === 'STORAGE_FULL' ? ('full' as const) : code === 'STORAGE_READ_ONLY' ? ('read-only' as const) : ('unreachable' as const),
          code,
          message: errorTable[code].message,
        })

    let readOnly: boolean
    try {
      readOnly = await isDatabaseReadOnly(app.healthDb)
    } catch (err) {
      const storage = storageCodeOf(err) ?? (options.dataDir ? checkStorage(options.dataDir)?.code : undefined)
      if (storage) return unhealthy(storage)
      app.log.warn({ err }, 'health check: database unreachable')
      return unhealthy('DATABASE_UNAVAILABLE')
    }
    const disk = options.dataDir ? checkStorage(options.dataDir) : null
    if (disk) return unhealthy(disk.code)
    if (readOnly) return unhealthy('STORAGE_READ_ONLY')
    return { status: 'ok' as const, db: 'ok' as const }
  })
}

export default healthRoutes
