// The server side of bench/autosave.ts, in a process of its own so that its CPU time is the
// server's alone (the clients run in the parent process).
//
// Started by bench/autosave.ts with its settings in SONDE_BENCH_HOST (JSON, `HostSettings`):
//  - on PostgreSQL, the database exists; the first host migrates and seeds it, a second one (point
//    6 of issue 13: two API processes on one database) only starts Sonde on it;
//  - on the embedded engine, the host starts the database itself in its data folder, durable, as
//    `pnpm start` does (the database then runs in this process: its CPU is the server's).
// Serves Sonde (buildApp, the whole API) and, if asked, the naive route: a bare Fastify route doing
// one durable `UPDATE … answers = answers || $1, revision = revision + 1` per save, on a pool of
// Sonde's size. Answers the parent's messages: `cpu` (this process's CPU time) and `stop`.
import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import { sql } from 'kysely'
import { buildApp } from '../apps/api/src/app.ts'
import { createWaveWithDefaults } from '../apps/api/src/waves/new-wave.ts'
import {
  createDb,
  createInvitation,
  createOrganisation,
  migrateToLatest,
  startEmbedded,
  type Db,
  type EmbeddedDatabase,
  type JsonValue,
} from '../packages/db/src/index.ts'
import { randomGenerator, syntheticAnswers } from './seed.ts'

export interface HostSettings {
  engine: 'postgresql' | 'embedded'
  /** The PostgreSQL database, or the embedded engine's data folder. */
  databaseUrl?: string
  dataDir?: string
  /** Respondents to create (each with its own link for Sonde and its own response for the naive route); 0 = the database is already seeded. */
  seed: number
  naive: boolean
  linkSecret: string
}

export type HostMessage =
  { type: 'ready'; sonde: string; naive: string | null; tokens: string[]; responseIds: string[]; database: string } | { type: 'cpu'; usage: NodeJS.CpuUsage }

/** Sonde's default pool (AppConfig.poolSize): the naive route gets as many connections. */
const POOL_SIZE = 10

/** An open wave with the 2025 questionnaire and `count` × 2 invited organisations whose responses hold a realistic answer set. */
async function seed(db: Db, linkSecret: string, count: number): Promise<{ tokens: string[]; responseIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    const wave = await createWaveWithDefaults(trx, { slug: `bench-${randomBytes(3).toString('hex')}`, title: 'Banc d’essai', status: 'open' })
    const random = randomGenerator(2025)
    const tokens: string[] = []
    for (let i = 0; i < 2 * count; i++) {
      const organisation = await createOrganisation(trx, { name: `Organisation ${i}`, familyKeys: ['insertion'] })
      tokens.push((await createInvitation(trx, linkSecret, wave.id, organisation.id)).token)
    }
    // A response being filled in, not an empty one: the UPDATE rewrites a row of a realistic size.
    const { rows } = await sql<{ id: string }>`
      update responses set status = 'in_progress', revision = 1, answers = ${JSON.stringify(syntheticAnswers(random, 0))}::jsonb
      where wave_id = ${wave.id} returning id`.execute(trx)
    return { tokens: tokens.slice(0, count), responseIds: rows.slice(0, count).map((r) => r.id) }
  })
}

async function main(settings: HostSettings): Promise<void> {
  let embedded: EmbeddedDatabase | null = null
  if (settings.engine === 'embedded') embedded = await startEmbedded({ dataDir: settings.dataDir! })
  const databaseUrl = embedded?.url ?? settings.databaseUrl!
  let seeded = { tokens: [] as string[], responseIds: [] as string[] }
  if (settings.seed > 0) {
    const setup = createDb(databaseUrl, 1)
    await migrateToLatest(setup)
    seeded = await seed(setup, settings.linkSecret, settings.seed)
    await setup.destroy()
  }

  const sonde = await buildApp({
    databaseUrl,
    baseUrl: 'http://127.0.0.1',
    linkSecret: settings.linkSecret,
    smtp: null,
    outboxIntervalMs: 0,
    retentionIntervalMs: 0,
    logLevel: 'silent',
    trustProxy: false,
    sessionIdleMinutes: 120,
    sessionMaxHours: 12,
    webDist: null,
    dataDir: embedded?.dataDir ?? null,
  })
  const sondeAddress = await sonde.listen({ port: 0, host: '127.0.0.1' })

  const naiveDb = settings.naive ? createDb(databaseUrl, POOL_SIZE) : null
  const naive = Fastify({ logger: false })
  naive.patch<{ Params: { id: string }; Body: { answers: Record<string, JsonValue> } }>('/naive/:id', async (request) => {
    const { rows } = await sql<{ revision: number }>`
      update responses set answers = answers || ${JSON.stringify(request.body.answers)}::jsonb, revision = revision + 1
      where id = ${request.params.id} returning revision`.execute(naiveDb!)
    return { revision: rows[0]!.revision }
  })
  const naiveAddress = naiveDb ? await naive.listen({ port: 0, host: '127.0.0.1' }) : null

  const { rows } = await sql<{ version: string }>`select version()`.execute(sonde.db)
  const database = embedded ? `embedded (PGlite, ${rows[0]!.version.split(' ')[1]}) in ${embedded.dataDir}` : rows[0]!.version.split(',')[0]!
  process.send!({ type: 'ready', sonde: sondeAddress, naive: naiveAddress, database, ...seeded } satisfies HostMessage)

  process.on('message', (message: { type: 'cpu' | 'stop' }) => {
    if (message.type === 'cpu') {
      process.send!({ type: 'cpu', usage: process.cpuUsage() } satisfies HostMessage)
      return
    }
    void (async () => {
      await naive.close()
      await naiveDb?.destroy()
      await sonde.close()
      await embedded?.stop()
      process.exit(0)
    })()
  })
}

await main(JSON.parse(process.env.SONDE_BENCH_HOST!) as HostSettings)
