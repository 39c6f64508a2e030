import { createServer, connect, type Server, type Socket } from 'node:net'

/**
 * A loopback TCP relay to a database, to cut the database away from the app and bring it
 * back on the same address — a PostgreSQL restart as the app sees it, on either engine.
 */
export async function createTcpProxy(databaseUrl: string) {
  const target = new URL(databaseUrl)
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let port = 0

  async function listen(): Promise<void> {
    server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname)
      for (const s of [client, upstream]) {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
        s.on('error', () => s.destroy())
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    const address = server.address()
    if (address && typeof address === 'object') port = address.port
  }

  await listen()
  const url = new URL(databaseUrl)
  url.hostname = '127.0.0.1'
  url.port = String(port)
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
