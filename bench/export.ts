// pnpm bench:export — streaming `responses.csv` (pseudonymised microdata) for 100 000 responses.
//
// Creates a fresh PostgreSQL database (TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test),
// seeds synthetic submitted responses to the default 2025 questionnaire (bench/seed.ts), then:
//  - baseline: PostgreSQL's own `COPY (select id, answers …) TO STDOUT WITH CSV` of the same
//    responses, through psql, its output counted and thrown away;
//  - the export: the real server as `pnpm start` runs it (apps/api/dist/server.mjs, built by
//    scripts/build-server.mjs), in its own process, serves GET /api/waves/{id}/exports/responses.csv
//    of the wave's release to a researcher allowed the microdata, read here as a stream — the
//    protected file (issue 8): a first pass over the responses plans k-anonymity and top-coding,
//    the second writes them in a new random order (fetched by shuffled ids).
// Prints rows/s, the server's resident memory (before the exports, and its peak during them, read
// from /proc every 5 ms), and the ratio of the export's time to COPY's. Targets (issue 5): peak
// RSS ≤ 200 MB, ≤ 3 × the COPY time.
//
//   SONDE_BENCH_N=100000 SONDE_BENCH_RUNS=3 npx tsx bench/export.ts
//   SONDE_BENCH_SERVER=tsx … runs the server from its TypeScript sources through tsx instead (as the
//   tests do), for comparison.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { hashPassword } from '../apps/api/src/accounts/password.ts'
import { publishRelease } from '../packages/analysis/src/index.ts'
import { createDb, createUser, findWaveById, migrateToLatest, saveQuestionnaire, type JsonValue } from '../packages/db/src/index.ts'
import { defaultQuestionnaire } from '../packages/survey/src/index.ts'
import { serverCommand } from '../scripts/server-command.ts'
import { writeResults } from './results.ts'
import { seedResponses } from './seed.ts'

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const N = Number(process.env.SONDE_BENCH_N ?? 100_000)
const RUNS = Number(process.env.SONDE_BENCH_RUNS ?? 3)
const EMAIL = 'bench-researcher@example.org'
const PASSWORD = 'bench-password-0123456789'
const repo = fileURLToPath(new URL('..', import.meta.url))

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** The server's resident memory now, from /proc (Linux). */
function residentMemory(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) * 1024
}

/** The server as `pnpm start` runs it, on a free port; resolves with its address once it listens. */
async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; address: string }> {
  const fromSources = process.env.SONDE_BENCH_SERVER === 'tsx'
  if (!fromSources) execFileSync(process.execPath, [path.join(repo, 'scripts', 'build-server.mjs')], { stdio: 'inherit' })
  const { command, args } = fromSources
    ? { command: process.execPath, args: ['--import', 'tsx', path.join(repo, 'apps', 'api', 'src', 'server.ts')] }
    : serverCommand()
  const child = spawn(command, args, {
    cwd: repo,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      SONDE_DEMO: 'false',
      SONDE_LOG_LEVEL: 'warn',
      SONDE_ADMIN_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  for await (const chunk of child.stdout!) {
    out += String(chunk)
    const address = /^Address: (\S+)/m.exec(out)?.[1]
    if (address) {
      console.log(
        `  server: node ${args
          .map((arg) => path.relative(repo, arg) || arg)
          .join(' ')
          .replaceAll('../', '')} (pid ${child.pid})`,
      )
      return { child, address }
    }
  }
  throw new Error(`the server stopped before listening:\n${out}`)
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
  console.log(
    `Sonde export benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPU, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
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
    await db.updateTable('users').set({ microdata_access: true }).where('email', '=', EMAIL).execute()
    const seeded = await seedResponses(db, waveId, N)
    await sql`vacuum analyze`.execute(db)
    console.log(`  ${N.toLocaleString('fr-FR')} submitted responses seeded in ${(seeded / 1000).toFixed(1)} s`)
    const releasing = performance.now()
    await publishRelease(db, (await findWaveById(db, waveId))!, { publishedBy: null, note: 'bench', hideDifferences: false })
    console.log(
      `  release published in ${((performance.now() - releasing) / 1000).toFixed(1)} s (four tables: by family, × region, × legal form, × size class)`,
    )

    const started = await startServer(databaseUrl)
    server = started.child
    const { address } = started
    const login = await fetch(`${address}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    if (!login.ok || !cookie) throw new Error(`login: HTTP ${login.status}`)

    await copyBaseline(databaseUrl, waveId)
    await new Promise((r) => setTimeout(r, 1000))
    const startRss = residentMemory(server.pid!)
    let peak = startRss
    const sampler = setInterval(() => (peak = Math.max(peak, residentMemory(server!.pid!))), 5)
    const copies: { ms: number; bytes: number }[] = []
    const exports: { ms: number; bytes: number; rows: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      copies.push(await copyBaseline(databaseUrl, waveId))
      exports.push(await download(address, cookie, waveId))
    }
    clearInterval(sampler)
    const lifetimePeak = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]) * 1024

    const copyMs = median(copies.map((c) => c.ms))
    const exportMs = median(exports.map((e) => e.ms))
    const rows = exports[0]!.rows
    console.log(
      `  COPY (select id, answers …) TO STDOUT WITH CSV: median ${Math.round(copyMs)} ms, ${mb(copies[0]!.bytes)} (runs: ${copies.map((c) => Math.round(c.ms)).join(', ')} ms)`,
    )
    console.log(
      `  GET …/exports/responses.csv: median ${Math.round(exportMs)} ms, ${rows.toLocaleString('fr-FR')} rows, ${mb(exports[0]!.bytes)} (runs: ${exports.map((e) => Math.round(e.ms)).join(', ')} ms)`,
    )
    console.log(`  rows/s: ${Math.round(rows / (exportMs / 1000)).toLocaleString('fr-FR')}`)
    console.log(
      `  server resident memory: ${mb(startRss)} before the exports, peak ${mb(peak)} during them (sampled every 5 ms; the process's own maximum, start-up included: ${mb(lifetimePeak)})`,
    )
    console.log(`  ratio to COPY: ${(exportMs / copyMs).toFixed(2)} ×`)
    console.log(`  targets peak RSS ≤ 200 MB → ${peak <= 200 * 1024 * 1024 ? 'met' : 'NOT met'}; ≤ 3 × COPY → ${exportMs <= 3 * copyMs ? 'met' : 'NOT met'}`)
    if (rows !== N) throw new Error(`the export has ${rows} rows, not ${N}`)
    // Issue 13 tightened issue 5's targets (3 ×, 200 MB): it measured 2.54 × and 189 MB.
    writeResults('export', [
      {
        label: `export, responses.csv of ${N} responses: ratio to COPY`,
        value: exportMs / copyMs,
        unit: '×',
        baseline: `COPY ${Math.round(copyMs)} ms (issue 13 found 2.54 ×)`,
        target: '≤ 2 ×',
        met: exportMs <= 2 * copyMs,
      },
      {
        label: `export, responses.csv of ${N} responses: server peak RSS`,
        value: peak / 1024 / 1024,
        unit: 'MB',
        baseline: `${mb(startRss)} before the exports (issue 13 found 189 MB)`,
        target: '≤ 160 MB',
        met: peak <= 160 * 1024 * 1024,
      },
    ])
  } finally {
    server?.kill()
    await db.destroy()
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin)
    await admin.destroy()
    console.log(
      `load at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    )
  }
}

await main()
