// pnpm bench:autosave — what one autosave costs, against a bare UPDATE, in the same run (issue 13).
//
// On the PostgreSQL server (TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test; a fresh
// database `sonde_bench_autosave`, dropped at the end) and on the embedded engine (PGlite, durable,
// in a folder of this machine's disk), a host process (bench/autosave-host.ts) serves:
//  - naive: a bare Fastify route doing one durable `UPDATE responses SET answers = answers || $1,
//    revision = revision + 1 WHERE id = $2` per save, on a pool of Sonde's size (10);
//  - real: Sonde's `PATCH /api/r/{token}/answers` (buildApp), with a new `saveId` and
//    `reply: 'changes'` on each save, as the web client sends them.
// This process runs 1 / 50 / 200 closed-loop clients over HTTP (each its own response, saving a
// changing number of the 2025 questionnaire, `benevoles_heures`), for SONDE_BENCH_SECONDS each
// after a warm-up, and prints saves/s, p50/p99, the server's CPU per save (the host process's
// process.cpuUsage; on PostgreSQL, the CPU of the database's backends is read from /proc apart),
// and the ratio real / naive, beside the issue's targets. On PostgreSQL, Sonde also runs in two
// processes on the one database with the clients spread across both (point 6).
// Never fails on timing.
//
//   SONDE_BENCH_CLIENTS=1,50,200 SONDE_BENCH_SECONDS=4 SONDE_BENCH_WARMUP=1 npx tsx bench/autosave.ts
//   SONDE_BENCH_ENGINES=postgresql,embedded   SONDE_BENCH_DIR=/var/lib/sonde-bench (embedded data folder; default: the OS temp folder)
//   SONDE_BENCH_PROFILE=/tmp/profiles (a CPU profile of each host process)
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { createDb } from '../packages/db/src/index.ts'
import type { HostMessage, HostSettings } from './autosave-host.ts'
import { writeResults, type Figure } from './results.ts'

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const DATABASE = 'sonde_bench_autosave'
const CLIENTS = (process.env.SONDE_BENCH_CLIENTS ?? '1,50,200').split(',').map(Number)
const SECONDS = Number(process.env.SONDE_BENCH_SECONDS ?? 4)
const WARMUP = Number(process.env.SONDE_BENCH_WARMUP ?? 1)
const ENGINES = (process.env.SONDE_BENCH_ENGINES ?? 'postgresql,embedded').split(',') as HostSettings['engine'][]
const BASE = process.env.SONDE_BENCH_DIR ?? tmpdir()
const PROFILE = process.env.SONDE_BENCH_PROFILE
const LINK_SECRET = 'bench-link-secret-of-at-least-32-characters'
const MAX_CLIENTS = Math.max(...CLIENTS)
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

// ---- host processes -------------------------------------------------------------------------

interface Host {
  child: ChildProcess
  ready: Extract<HostMessage, { type: 'ready' }>
  cpu(): Promise<number>
  stop(): Promise<void>
}

/** Starts a host process and waits for it to listen. */
async function startHost(settings: HostSettings): Promise<Host> {
  const child = fork(fileURLToPath(new URL('autosave-host.ts', import.meta.url)), [], {
    // SONDE_BENCH_PROFILE=<folder>: each host writes a V8 CPU profile there as it exits (open it in Chrome's DevTools).
    execArgv: ['--import', 'tsx', ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [])],
    env: { ...process.env, SONDE_BENCH_HOST: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the host process exited (${code})`))))
  const next = <T extends HostMessage['type']>(type: T) =>
    Promise.race([
      exited,
      new Promise<Extract<HostMessage, { type: T }>>((resolve) => child.once('message', (m: HostMessage) => m.type === type && resolve(m as never))),
    ])
  const ready = await next('ready')
  return {
    child,
    ready,
    /** CPU time of the host process so far, in milliseconds (user + system). */
    async cpu() {
      const reply = next('cpu')
      child.send({ type: 'cpu' })
      const { usage } = await reply
      return (usage.user + usage.system) / 1000
    },
    async stop() {
      exited.catch(() => {})
      const done = new Promise((resolve) => child.once('exit', resolve))
      child.send({ type: 'stop' })
      await done
    },
  }
}

/** CPU time (ms) of the PostgreSQL backends serving `database`, read from /proc (their command line names the database). */
function databaseCpu(database: string): number {
  let ticks = 0
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) continue
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return (ticks * 1000) / CLOCK_TICKS
}

// ---- clients --------------------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: Infinity })

function patch(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PATCH', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** One respondent saving one answer after another; resolves with the HTTP status of the save. */
type Client = (n: number) => Promise<number>

function naiveClient(address: string, responseId: string): Client {
  return async (n) => (await patch(`${address}/naive/${responseId}`, JSON.stringify({ answers: { benevoles_heures: n } }))).status
}

/** The revision each link's browser last saw, kept across runs (a run's saves are the next run's base). */
const revisions = new Map<string, number>()

function realClient(address: string, token: string): Client {
  return async (n) => {
    const baseRevision = revisions.get(token) ?? 1
    const body = JSON.stringify({ baseRevision, answers: { benevoles_heures: n }, saveId: randomUUID(), reply: 'changes' })
    const res = await patch(`${address}/api/r/${token}/answers`, body)
    const parsed = JSON.parse(res.body) as { revision?: number; details?: { revision?: number } }
    const revision = parsed.revision ?? parsed.details?.revision
    if (revision !== undefined) revisions.set(token, revision)
    return res.status
  }
}

interface Measure {
  saves: number
  perSecond: number
  p50: number
  p99: number
  errors: number
  /** The statuses of the failed saves and their counts (0: no answer at all). */
  failures: Map<number, number>
  /** Host CPU per save (ms); the database's backends apart, on PostgreSQL. */
  cpuPerSave: number
  dbCpuPerSave: number | null
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** Closed loop: each client sends its next save once the last one is answered; WARMUP s, then SECONDS s measured. */
async function measure(clients: Client[], hosts: Host[], database: string | null): Promise<Measure> {
  const latencies: number[] = []
  const failures = new Map<number, number>()
  const start = performance.now() + WARMUP * 1000
  const deadline = start + SECONDS * 1000
  let cpuAtStart: Promise<number> | null = null
  let dbAtStart = 0
  const marks = setTimeout(() => {
    cpuAtStart = Promise.all(hosts.map((h) => h.cpu())).then((all) => all.reduce((a, b) => a + b, 0))
    dbAtStart = database ? databaseCpu(database) : 0
  }, WARMUP * 1000)
  await Promise.all(
    clients.map(async (save) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const sent = performance.now()
        const status = await save(n).catch(() => 0)
        if (sent < start) continue
        if (status === 200) latencies.push(performance.now() - sent)
        else failures.set(status, (failures.get(status) ?? 0) + 1)
      }
    }),
  )
  clearTimeout(marks)
  const ended = performance.now()
  const cpu = (await Promise.all(hosts.map((h) => h.cpu()))).reduce((a, b) => a + b, 0) - (await cpuAtStart!)
  const dbCpu = database ? databaseCpu(database) - dbAtStart : null
  latencies.sort((a, b) => a - b)
  const saves = latencies.length
  return {
    saves,
    perSecond: saves / ((ended - start) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: [...failures.values()].reduce((a, b) => a + b, 0),
    failures,
    cpuPerSave: cpu / saves,
    dbCpuPerSave: dbCpu === null ? null : dbCpu / saves,
  }
}

// ---- the run --------------------------------------------------------------------------------

interface Row {
  engine: string
  route: 'naive' | 'real'
  processes: number
  clients: number
  m: Measure
}

const rows: Row[] = []
const line = (row: Row) => {
  const naive = rows.find((r) => r.engine === row.engine && r.route === 'naive' && r.clients === row.clients)
  const ratio = row.route === 'real' && naive ? (row.m.perSecond / naive.m.perSecond).toFixed(2) : ''
  return [
    row.engine.padEnd(10),
    `${row.route}${row.processes > 1 ? ` ×${row.processes} proc.` : ''}`.padEnd(14),
    String(row.clients).padStart(7),
    row.m.perSecond.toFixed(0).padStart(8),
    row.m.p50.toFixed(1).padStart(7),
    row.m.p99.toFixed(1).padStart(7),
    String(row.m.errors).padStart(6),
    row.m.cpuPerSave.toFixed(2).padStart(12),
    (row.m.dbCpuPerSave === null ? '(in server)' : row.m.dbCpuPerSave.toFixed(2)).padStart(11),
    ratio.padStart(11),
    [...row.m.failures].map(([status, count]) => `${count} × HTTP ${status || '(no answer)'}`).join(', '),
  ].join('  ')
}
const header = [
  'engine'.padEnd(10),
  'route'.padEnd(14),
  'clients',
  'saves/s'.padStart(8),
  'p50 ms'.padStart(7),
  'p99 ms'.padStart(7),
  'errors',
  'server CPU/save ms'.padStart(12),
  'db CPU/save ms'.padStart(11),
  'real / naive',
].join('  ')

async function runEngine(engine: HostSettings['engine']): Promise<void> {
  let dataDir: string | null = null
  let databaseUrl: string | undefined
  const admin = engine === 'postgresql' ? createDb(SERVER, 1) : null
  if (admin) {
    await sql`drop database if exists ${sql.id(DATABASE)} with (force)`.execute(admin)
    await sql`create database ${sql.id(DATABASE)}`.execute(admin)
    const url = new URL(SERVER)
    url.pathname = `/${DATABASE}`
    databaseUrl = url.toString()
  } else {
    dataDir = mkdtempSync(path.join(BASE, 'sonde-autosave-'))
  }
  const hosts: Host[] = []
  try {
    const host = await startHost({ engine, databaseUrl, dataDir: dataDir ?? undefined, seed: MAX_CLIENTS, naive: true, linkSecret: LINK_SECRET })
    hosts.push(host)
    const { tokens, responseIds } = host.ready
    console.log(`\n${engine}: ${host.ready.database}`)
    if (admin) {
      const { rows: settings } = await sql<{ name: string; setting: string }>`
        select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'max_connections') order by name`.execute(admin)
      console.log(`  durability on: ${settings.map((s) => `${s.name} = ${s.setting}`).join(', ')}`)
    }
    const database = admin ? DATABASE : null
    for (const count of CLIENTS) {
      // Alternate naive and real at each client count, so that a noisy neighbour weighs on both.
      const naive = await measure(
        responseIds.slice(0, count).map((id) => naiveClient(host.ready.naive!, id)),
        [host],
        database,
      )
      rows.push({ engine, route: 'naive', processes: 1, clients: count, m: naive })
      console.log(`  ${line(rows.at(-1)!)}`)
      const real = await measure(
        tokens.slice(0, count).map((token) => realClient(host.ready.sonde, token)),
        [host],
        database,
      )
      rows.push({ engine, route: 'real', processes: 1, clients: count, m: real })
      console.log(`  ${line(rows.at(-1)!)}`)
    }
    if (engine === 'postgresql') {
      // Point 6: a second API process on the same database; clients alternate between the two.
      const second = await startHost({ engine, databaseUrl, seed: 0, naive: false, linkSecret: LINK_SECRET })
      hosts.push(second)
      for (const count of CLIENTS.filter((c) => c > 1)) {
        const real = await measure(
          tokens.slice(0, count).map((token, i) => realClient((i % 2 ? second : host).ready.sonde, token)),
          [host, second],
          database,
        )
        rows.push({ engine, route: 'real', processes: 2, clients: count, m: real })
        console.log(`  ${line(rows.at(-1)!)}`)
      }
    }
  } finally {
    for (const host of hosts) await host.stop().catch(() => {})
    if (admin) {
      await sql`drop database if exists ${sql.id(DATABASE)} with (force)`.execute(admin)
      await admin.destroy()
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
console.log(
  `Sonde autosave benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPU, load ${load()} (1, 5, 15 min)` +
    `\n  This machine is shared with other work: compare the real route to the naive one of the same run, not to another day's figures.` +
    `\n  ${CLIENTS.join(' / ')} closed-loop clients, ${WARMUP} s warm-up then ${SECONDS} s each; clients in this process, each server in a process of its own.`,
)
console.log(`  ${header}`)
for (const engine of ENGINES) await runEngine(engine)
agent.destroy()

console.log(`\nAll runs (server CPU = the host process's CPU time per save; on PostgreSQL the database's own CPU is apart, from /proc of its backends):`)
console.log(`  ${header}`)
for (const row of rows) console.log(`  ${line(row)}`)

const find = (engine: string, route: Row['route'], clients: number, processes = 1) =>
  rows.find((r) => r.engine === engine && r.route === route && r.clients === clients && r.processes === processes)?.m
const figures: Figure[] = []
const pgNaive50 = find('postgresql', 'naive', 50)
const pgReal50 = find('postgresql', 'real', 50)
if (pgNaive50 && pgReal50) {
  const ratio = pgReal50.perSecond / pgNaive50.perSecond
  figures.push(
    {
      label: 'autosave, PostgreSQL, 50 clients: real / naive saves/s',
      value: ratio,
      unit: '×',
      baseline: `naive UPDATE route ${pgNaive50.perSecond.toFixed(0)} saves/s; real ${pgReal50.perSecond.toFixed(0)} (issue 13 found 0.09 ×)`,
      target: '≥ 1.0',
      met: ratio >= 1,
    },
    {
      label: 'autosave, PostgreSQL, 50 clients: real p99',
      value: pgReal50.p99,
      unit: 'ms',
      baseline: `naive p99 ${pgNaive50.p99.toFixed(1)} ms`,
      target: '≤ 100 ms',
      met: pgReal50.p99 <= 100,
    },
  )
}
const pgReal1 = find('postgresql', 'real', 1)
if (pgReal1) {
  figures.push({
    label: 'autosave, PostgreSQL, 1 client: real p50',
    value: pgReal1.p50,
    unit: 'ms',
    baseline: `naive p50 ${find('postgresql', 'naive', 1)?.p50.toFixed(1) ?? '?'} ms (issue 13 found 6.3 ms against 0.9)`,
    target: '≤ 2 ms',
    met: pgReal1.p50 <= 2,
  })
}
const embeddedReal1 = find('embedded', 'real', 1)
if (embeddedReal1) {
  figures.push({
    label: 'autosave, embedded, 1 client: real saves/s',
    value: embeddedReal1.perSecond,
    unit: 'saves/s',
    baseline: `naive ${find('embedded', 'naive', 1)?.perSecond.toFixed(0) ?? '?'} saves/s; server CPU ${embeddedReal1.cpuPerSave.toFixed(2)} ms/save (issue 13 found 8–15 ms)`,
    target: '≥ 500 saves/s',
    met: embeddedReal1.perSecond >= 500,
  })
}
for (const count of CLIENTS.filter((c) => c > 1)) {
  const two = find('postgresql', 'real', count, 2)
  const one = find('postgresql', 'real', count)
  if (two && one) {
    figures.push({
      label: `autosave, PostgreSQL, ${count} clients, two API processes: saves/s`,
      value: two.perSecond,
      unit: 'saves/s',
      baseline: `one process ${one.perSecond.toFixed(0)} saves/s`,
      target: null,
      met: null,
    })
  }
}

console.log(`\nTargets (issue 13; durability stays on):`)
for (const f of figures.filter((f) => f.target)) {
  console.log(`  ${f.met ? 'met    ' : 'NOT met'}  ${f.label.padEnd(55)} ${f.value.toFixed(2)} ${f.unit}, target ${f.target}  (${f.baseline})`)
}
console.log(`load at the end ${load()}`)
writeResults('autosave', figures)
