// pnpm bench:export — streaming `responses.csv` (pseudonymised microdata) for 100 000 responses.
//
// Creates a fresh PostgreSQL database (TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test),
// seeds synthetic submitted responses to the default 2025 questionnaire (bench/seed.ts), then:
//  - baseline: PostgreSQL's own `COPY (select id, answers …) TO STDOUT WITH CSV` of the same
//    responses, through psql, its output counted and thrown away;
//  - the export: the real server (buildApp, in a child process so that its memory is its own)
//    serves GET /api/waves/{id}/exports/responses.csv to a researcher, read here as a stream.
// Prints rows/s, the server's peak resident memory (and before the export), and the ratio of the
// export's time to COPY's. Targets (issue 5): peak RSS ≤ 200 MB, ≤ 3 × the COPY time.
//
//   SONDE_BENCH_N=100000 SONDE_BENCH_RUNS=3 npx tsx bench/export.ts
//   SONDE_BENCH_SERVER_FLAGS=--max-old-space-size=64 … runs the server with a capped heap: the export
//   then shows its working set rather than the garbage V8 lets accumulate before collecting.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { buildApp } from '../apps/api/src/app.ts'
import { hashPassword } from '../apps/api/src/routes/auth/password.ts'
import { createDb, createUser, migrateToLatest, saveQuestionnaire, type JsonValue } from '../packages/db/src/index.ts'
import { defaultQuestionnaire } from '../packages/survey/src/index.ts'
import { seedResponses } from './seed.ts'

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const N = Number(process.env.SONDE_BENCH_N ?? 100_000)
const RUNS = Number(process.env.SONDE_BENCH_RUNS ?? 3)
const EMAIL = 'bench-researcher@example.org'
const PASSWORD = 'bench-password-0123456789'

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** The child: the real server on a free port; prints its address, then its memory when told. */
async function serve(databaseUrl: string): Promise<void> {
  const app = await buildApp({
    databaseUrl,
    baseUrl: 'http://127.0.0.1',
    linkSecret: randomBytes(32).toString('hex'),
    smtp: null,
    outboxIntervalMs: 0,
    logLevel: 'silent',
    trustProxy: false,
    sessionIdleMinutes: 120,
    sessionMaxHours: 12,
    webDist: null,
  })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  console.log(JSON.stringify({ address, rss: before }))
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'memory') console.log(JSON.stringify({ peak, lifetimePeak: process.resourceUsage().maxRSS * 1024 }))
    if (line === 'stop') break
  }
  clearInterval(sampler)
  await app.close()
  process.exit(0)
}

/** COPY … TO STDOUT of the same responses, through psql; returns ms and bytes. */
function copyBaseline(databaseUrl: string, waveId: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    let bytes = 0
    const child = spawn('psql', [
      databaseUrl,
      '-X',
      '-q',
      '-c',
      `COPY (select id, answers from responses where wave_id = '${waveId}' and status = 'submitted' order by id) TO STDOUT WITH CSV`,
    ])
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length))
    let error = ''
    child.stderr.on('data', (chunk: Buffer) => (error += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - started, bytes }) : reject(new Error(`psql: ${error}`))))
  })
}

async function download(address: string, cookie: string, waveId: string): Promise<{ ms: number; bytes: number; rows: number }> {
  const started = performance.now()
  const res = await fetch(`${address}/api/waves/${waveId}/exports/responses.csv`, { headers: { cookie, 'accept-encoding': 'identity' } })
  if (!res.ok || !res.body) throw new Error(`export: HTTP ${res.status}`)
  let bytes = 0
  let rows = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++
  }
  return { ms: performance.now() - started, bytes, rows: rows - 1 }
}

async function main(): Promise<void> {
  console.log(`Sonde export benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPU, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  const name = `sonde_bench_${randomBytes(6).toString('hex')}`
  const admin = createDb(SERVER, 1)
  await sql`create database ${sql.id(name)}`.execute(admin)
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  const databaseUrl = url.toString()
  const db = createDb(databaseUrl, 4)
  let server: ReturnType<typeof spawn> | undefined
  try {
    await migrateToLatest(db)
    const { id: waveId } = await db
      .insertInto('waves')
      .values({ slug: 'bench-export', title: 'Banc d’essai', status: 'closed', settings: { minCellSize: 5 } })
      .returning('id')
      .executeTakeFirstOrThrow()
    await saveQuestionnaire(db, waveId, defaultQuestionnaire as JsonValue)
    await createUser(db, { email: EMAIL, passwordHash: await hashPassword(PASSWORD), role: 'researcher' })
    const seeded = await seedResponses(db, waveId, N)
    await sql`vacuum analyze`.execute(db)
    console.log(`  ${N.toLocaleString('fr-FR')} submitted responses seeded in ${(seeded / 1000).toFixed(1)} s`)

    const flags = (process.env.SONDE_BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)
    if (flags.length > 0) console.log(`  server started with ${flags.join(' ')}`)
    server = spawn(process.execPath, [...flags, ...process.execArgv, fileURLToPath(import.meta.url), '--serve', databaseUrl], { stdio: ['pipe', 'pipe', 'inherit'] })
    const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]()
    const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>
    const { address, rss: startRss } = (await next()) as { address: string; rss: number }
    const login = await fetch(`${address}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    if (!login.ok || !cookie) throw new Error(`login: HTTP ${login.status}`)

    await copyBaseline(databaseUrl, waveId)
    const copies: { ms: number; bytes: number }[] = []
    const exports: { ms: number; bytes: number; rows: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      copies.push(await copyBaseline(databaseUrl, waveId))
      exports.push(await download(address, cookie, waveId))
    }
    server.stdin!.write('memory\n')
    const { peak, lifetimePeak } = (await next()) as { peak: number; lifetimePeak: number }
    server.stdin!.write('stop\n')

    const copyMs = median(copies.map((c) => c.ms))
    const exportMs = median(exports.map((e) => e.ms))
    const rows = exports[0]!.rows
    console.log(`  COPY (select id, answers …) TO STDOUT WITH CSV: median ${Math.round(copyMs)} ms, ${mb(copies[0]!.bytes)} (runs: ${copies.map((c) => Math.round(c.ms)).join(', ')} ms)`)
    console.log(`  GET …/exports/responses.csv: median ${Math.round(exportMs)} ms, ${rows.toLocaleString('fr-FR')} rows, ${mb(exports[0]!.bytes)} (runs: ${exports.map((e) => Math.round(e.ms)).join(', ')} ms)`)
    console.log(`  rows/s: ${Math.round(rows / (exportMs / 1000)).toLocaleString('fr-FR')}`)
    console.log(`  server resident memory: ${mb(startRss)} before the exports, peak ${mb(peak)} during them (sampled every 5 ms; the process's own maximum, start-up included: ${mb(lifetimePeak)})`)
    console.log(`  ratio to COPY: ${(exportMs / copyMs).toFixed(2)} ×`)
    console.log(`  targets peak RSS ≤ 200 MB → ${peak <= 200 * 1024 * 1024 ? 'met' : 'NOT met'}; ≤ 3 × COPY → ${exportMs <= 3 * copyMs ? 'met' : 'NOT met'}`)
    if (rows !== N) throw new Error(`the export has ${rows} rows, not ${N}`)
  } finally {
    server?.kill()
    await db.destroy()
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin)
    await admin.destroy()
    console.log(`load at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]!)
else await main()
