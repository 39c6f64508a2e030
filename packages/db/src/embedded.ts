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
    db: keepExtendedQueriesTogether(pglite),
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

// Extended-protocol messages that leave a statement or portal half done until the next Sync.
const extendedMessages = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'F'].map((c) => c.charCodeAt(0)))
const syncMessage = 'S'.charCodeAt(0)

/**
 * The socket server queues each protocol message on its own and lets another connection's
 * message run whenever PGlite is not inside a transaction. A pg client sends a query as
 * Parse/Bind/Describe/Execute/Sync: if two connections interleave there, one overwrites the
 * other's unnamed statement and both get the wrong answer. The server already keeps a
 * transaction's messages together (it only serves the connection that opened it while
 * `isInTransaction()`), so this view of the database reports a half-sent extended query as
 * "in a transaction" until its Sync — the same pinning, one level down.
 */
function keepExtendedQueriesTogether(pglite: PGlite): PGlite {
  let midQuery = false
  const view = {
    waitReady: pglite.waitReady,
    isInTransaction: () => midQuery || pglite.isInTransaction(),
    runExclusive: <T>(fn: () => Promise<T>) => pglite.runExclusive(fn),
    execProtocolRawStream: (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
      const type = message[0]
      if (type === syncMessage) midQuery = false
      else if (type !== undefined && extendedMessages.has(type)) midQuery = true
      return pglite.execProtocolRawStream(message, options)
    },
    exec: (query: string) => {
      // Only called to roll back the transaction of a client that went away mid-way.
      midQuery = false
      return pglite.exec(query)
    },
  }
  return view as unknown as PGlite
}
