import { createServer, connect, type Server, type Socket } from 'node:net'
import path from 'node:path'

/**
 * A loopback TCP relay to a database — a PostgreSQL server's TCP port, or the embedded database's
 * Unix socket (`?host=/folder`) — to cut the database away from the app and bring it back on the
 * same address: a PostgreSQL restart as the app sees it, on either engine.
 */
export async function createDatabaseRelay(databaseUrl: string) {
  const target = new URL(databaseUrl)
  const socketFolder = target.searchParams.get('host')
  const port = Number(target.port || 5432)
  const dial = () => (socketFolder ? connect(path.join(socketFolder, `.s.PGSQL.${port}`)) : connect(port, target.hostname))
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let relayPort = 0

  async function listen(): Promise<void> {
    server = createServer((client) => {
      const upstream = dial()
      for (const s of [client, upstream]) {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
        s.on('error', () => s.destroy())
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server!.listen(relayPort, '127.0.0.1', resolve))
    const address = server.address()
    if (address && typeof address === 'object') relayPort = address.port
  }

  await listen()
  const url = new URL(databaseUrl)
  url.searchParams.delete('host')
  url.hostname = '127.0.0.1'
  url.port = String(relayPort)
  return {
    url: url.toString(),
    /** Refuses new connections and drops every open one. */
    async stop() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
      server = null
    },
    start: listen,
  }
}
