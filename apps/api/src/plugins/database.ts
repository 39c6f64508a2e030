import fastifyPostgres from '@fastify/postgres'
import fp from 'fastify-plugin'
import { createKysely, guardPool, poolOptions, type Db } from '@sonde/db'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

/**
 * The pg pool (through @fastify/postgres, on a PostgreSQL server or the embedded database's
 * Unix socket) and Kysely on it, shared by every route as `app.db`. The plugin ends the
 * pool on close; Kysely must not end it a second time.
 */
export default fp(
  async function database(app, options: { databaseUrl: string; poolSize?: number }) {
    await app.register(fastifyPostgres, poolOptions(options.databaseUrl, options.poolSize ?? 10))
    guardPool(app.pg.pool, (err) => app.log.warn({ err }, 'database connection lost'))
    app.decorate('db', createKysely(app.pg.pool))
  },
  { name: 'database' },
)
