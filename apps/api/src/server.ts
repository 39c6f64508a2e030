import type { ServerResponse } from 'node:http'
import { createServer } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { createDb, migrateToLatest, resolveLinkSecret, startEmbedded, type EmbeddedDatabase, type EmbeddedEvent } from '@sonde/db'
import { buildApp } from './app'
import { ConfigError, parseEnv, resolveBaseUrl, type Env } from './config'
import { demoInvitationLink, seedIfEmpty } from './demo/seed'
import { lockDataDir } from './embedded-lock'

const shutdownGraceMs = 10_000

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** The embedded database's stops and restarts, in the server's log once it has one. */
function reportEmbedded(event: EmbeddedEvent, app: FastifyInstance | null): void {
  if (event.type === 'restarted') {
    const message = `embedded database restarted after ${Math.round(event.afterMs / 1000)} s: the disk takes writes again`
    if (app) app.log.warn({ afterMs: event.afterMs }, message)
    else console.error(message)
    return
  }
  const { problem, postgres } = event
  const message = problem
    ? `embedded database stopped: ${problem.reason}; writes get 503 ${problem.code} until it restarts by itself, once the disk takes writes again`
    : `embedded database stopped (${postgres ?? 'unknown cause'}); restarting`
  if (app) app.log.error({ code: problem?.code, folder: problem?.folder, postgres }, message)
  else console.error(message)
}

async function main(env: Readonly<Env>): Promise<void> {
  let embedded: EmbeddedDatabase | null = null
  let unlock = () => {}
  let app: FastifyInstance | null = null
  if (!env.DATABASE_URL) {
    const lock = lockDataDir(env.SONDE_DATA_DIR)
    unlock = lock.unlock
    try {
      embedded = await startEmbedded({ dataDir: env.SONDE_DATA_DIR, onEvent: (event) => reportEmbedded(event, app) })
    } catch (error) {
      unlock()
      throw error
    }
    // The CLI (create-user, migrate) reaches the database through this server while it runs.
    lock.publish(embedded.url)
  }
  const databaseUrl = env.DATABASE_URL ?? embedded!.url
  const port = env.PORT === 0 ? await freePort(env.HOST) : env.PORT
  const baseUrl = resolveBaseUrl(env, port)

  const setup = createDb(databaseUrl, 2)
  const applied = await migrateToLatest(setup)
  const linkSecret = await resolveLinkSecret(setup, env.SONDE_SECRET)
  const seeded = await seedIfEmpty(setup, {
    adminEmail: env.SONDE_ADMIN_EMAIL,
    adminPassword: env.SONDE_ADMIN_PASSWORD,
    demo: env.SONDE_DEMO,
    linkSecret,
  })
  const demoLink = await demoInvitationLink(setup, { baseUrl, linkSecret })
  await setup.destroy()

  app = await buildApp(
    Object.freeze({
      databaseUrl,
      baseUrl,
      linkSecret,
      smtp: env.SONDE_SMTP_URL ? { url: env.SONDE_SMTP_URL, from: env.SONDE_MAIL_FROM } : null,
      outboxIntervalMs: 5_000,
      logLevel: env.SONDE_LOG_LEVEL,
      trustProxy: env.SONDE_TRUST_PROXY,
      sessionIdleMinutes: env.SONDE_SESSION_IDLE_MINUTES,
      sessionMaxHours: env.SONDE_SESSION_MAX_HOURS,
      webDist: env.SONDE_WEB_DIST,
      dataDir: embedded?.dataDir ?? null,
    }),
  )
  const server = app
  // Requests that had started when SIGTERM came: they finish before the server stops listening.
  const inFlight = new Set<ServerResponse>()
  let stopping = false
  server.server.on('request', (_request, response: ServerResponse) => {
    if (stopping) return
    inFlight.add(response)
    response.once('close', () => inFlight.delete(response))
  })
  await server.listen({ port, host: env.HOST })

  if (applied.length > 0) server.log.info({ migrations: applied }, 'database migrated')
  console.log(`Database: ${embedded ? `embedded (PGlite) in ${embedded.dataDir}` : 'PostgreSQL server (DATABASE_URL)'}`)
  console.log(`Address: ${baseUrl}`)
  if (seeded.admin?.generatedPassword) {
    console.log(`Admin login: ${seeded.admin.email} / ${seeded.admin.generatedPassword}`)
  } else {
    console.log(`Admin login: ${env.SONDE_ADMIN_EMAIL.toLowerCase()} (password from SONDE_ADMIN_PASSWORD or printed at first start)`)
  }
  if (demoLink) console.log(`Demo invitation link: ${demoLink}`)

  // SIGTERM: the port stays open and answers every new request 503 SHUTTING_DOWN (with
  // Retry-After) while the requests in flight finish; only then does the server stop listening,
  // close its pools and the embedded database, and exit — within the grace period in any case.
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    server.beginClosing()
    server.log.info({ signal, inFlight: inFlight.size }, 'shutting down: finishing requests in flight, new ones get 503')
    const timer = setTimeout(() => {
      server.log.error({ inFlight: inFlight.size }, 'grace period over: exiting with requests still open')
      process.exit(1)
    }, shutdownGraceMs)
    timer.unref()
    while (inFlight.size > 0) await new Promise((resolve) => setTimeout(resolve, 20))
    await server.close()
    await embedded?.stop()
    unlock()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

/** One line for people: never `[object Object]` (PGlite's start-up throws plain objects too). */
function describe(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'object' && err !== null) return JSON.stringify(err)
  return String(err)
}

let env: Readonly<Env>
try {
  env = parseEnv(process.env)
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
}
main(env).catch((err: unknown) => {
  console.error(`Sonde could not start: ${describe(err)}`)
  process.exit(1)
})
