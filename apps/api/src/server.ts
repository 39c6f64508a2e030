import { createServer } from 'node:net'
import { createDb, migrateToLatest, resolveLinkSecret, startEmbedded, type EmbeddedDatabase } from '@sonde/db'
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

async function main(env: Readonly<Env>): Promise<void> {
  let embedded: EmbeddedDatabase | null = null
  let unlock = () => {}
  if (!env.DATABASE_URL) {
    const lock = lockDataDir(env.SONDE_DATA_DIR)
    unlock = lock.unlock
    embedded = await startEmbedded({ dataDir: env.SONDE_DATA_DIR })
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
  const demoLink = await demoInvitationLink(setup, baseUrl, linkSecret)
  await setup.destroy()

  const app = await buildApp(
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
    }),
  )
  await app.listen({ port, host: env.HOST })

  if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated')
  console.log(`Database: ${embedded ? `embedded (PGlite) in ${env.SONDE_DATA_DIR}` : 'PostgreSQL server (DATABASE_URL)'}`)
  console.log(`Address: ${baseUrl}`)
  if (seeded.admin?.generatedPassword) {
    console.log(`Admin login: ${seeded.admin.email} / ${seeded.admin.generatedPassword}`)
  } else {
    console.log(`Admin login: ${env.SONDE_ADMIN_EMAIL.toLowerCase()} (password from SONDE_ADMIN_PASSWORD or printed at first start)`)
  }
  if (demoLink) console.log(`Demo invitation link: ${demoLink}`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down: finishing requests in flight')
    const timer = setTimeout(() => {
      app.log.error('grace period over: exiting with requests still open')
      process.exit(1)
    }, shutdownGraceMs)
    timer.unref()
    await app.close()
    await embedded?.stop()
    unlock()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

let env: Readonly<Env>
try {
  env = parseEnv(process.env)
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
}
main(env).catch((err: unknown) => {
  console.error(`Sonde could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
