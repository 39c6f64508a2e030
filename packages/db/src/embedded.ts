import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedDatabase {
  /** A postgres:// URL on loopback for the same pg pool as a real server. */
  url: string
  stop(): Promise<void>
}

/**
 * Starts the embedded PostgreSQL (PGlite, persisted in `dataDir`, or in memory for
 * `memory://`) and serves it on a loopback port so that the application talks to it
 * through the same pg pool, Kysely queries and migrations as a PostgreSQL server.
 * PGlite has a single backend: the socket server multiplexes connections and keeps a
 * transaction's statements together, so transactions are serialised, never interleaved.
 */
export async function startEmbedded(options: {
  dataDir: string
  maxConnections?: number
  port?: number
}): Promise<EmbeddedDatabase> {
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true })
  const pglite = await PGlite.create(options.dataDir)
  const server = new PGLiteSocketServer({
    db: pglite,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 24,
  })
  await server.start()
  const address = server.getServerConn()
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop()
      await pglite.close()
    },
  }
}
