import fastifyPostgres from '@fastify/postgres'
import fp from 'fastify-plugin'
import { createKysely, guardPool, poolOptions, type Db } from '@sonde/db'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /** A connection of its own for `/api/health`, so that a pool busy with requests never reads as a database that is down. */
    healthDb: Db
  }
}

/**
 * The pg pool (through @fastify/postgres, on a PostgreSQL server or the embedded database's
 * Unix socket) and Kysely on it, shared by every route as `app.db`; and a pool of one connection
 * kept for the health check (`app.healthDb`). The plugin ends the pools on close; Kysely must not
 * end them a second time.
 */
export default fp(
  async function database(app, options: { databaseUrl: string; poolSize?: number }) {
    await app.register(fastifyPostgres, poolOptions(options.databaseUrl, options.poolSize ?? 10))
    await app.register(fastifyPostgres, { ...poolOptions(options.databaseUrl, 1), name: 'health' })
    guardPool(app.pg.pool, (err) => app.log.warn({ err }, 'database connection lost'))
    guardPool(app.pg.health!.pool, (err) => app.log.warn({ err }, 'health check connection lost'))
    app.decorate('db', createKysely(app.pg.pool))
    app.decorate('healthDb', createKysely(app.pg.health!.pool))
  },
  { name: 'database' },
)
