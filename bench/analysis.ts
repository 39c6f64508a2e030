// pnpm bench:analysis — the whole indicator catalogue at 100 000 submitted responses.
//
// On PostgreSQL (TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test): creates a fresh
// database, migrates it, seeds synthetic responses through the database's own projection
// triggers (bench/seed.ts), then times, alternately and several times, (1) the baseline — a full
// scan of the responses, `select count(*), sum(length(answers::text)) from responses` — and (2)
// `computeIndicators` of the default catalogue by family (with the overall margins and disclosure
// control), and prints the medians and their ratio. Also times the three extra dimensions, and
// the same on the embedded database (PGlite) for a smaller n. Drops what it created.
//
// Targets (issue 5): ≤ 1.5 s and ≤ 5 × the scan. Timings depend on the machine and its load:
// the ratio to the scan measured in the same run is the figure to compare.
//
//   SONDE_BENCH_N=100000 SONDE_BENCH_EMBEDDED_N=10000 SONDE_BENCH_RUNS=5 npx tsx bench/analysis.ts
import { randomBytes } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { sql } from 'kysely'
import { computeIndicators, defaultIndicators, DIMENSION_KEYS, dimensionFor } from '../packages/analysis/src/index.ts'
import { createDb, migrateToLatest, startEmbedded, type Db } from '../packages/db/src/index.ts'
import { defaultQuestionnaire, listQuestions } from '../packages/survey/src/index.ts'
import { writeResults, type Figure } from './results.ts'
import { seedResponses } from './seed.ts'

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const N = Number(process.env.SONDE_BENCH_N ?? 100_000)
const EMBEDDED_N = Number(process.env.SONDE_BENCH_EMBEDDED_N ?? 10_000)
const RUNS = Number(process.env.SONDE_BENCH_RUNS ?? 5)
const FAMILIES = ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure']
const MIN_CELL_SIZE = 5
const figures: Figure[] = []

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
const ms = (value: number) => `${Math.round(value)} ms`
const time = async (run: () => Promise<unknown>) => {
  const started = performance.now()
  await run()
  return performance.now() - started
}

async function prepare(db: Db, n: number, label: string): Promise<string> {
  await migrateToLatest(db)
  const { id } = await db
    .insertInto('waves')
    .values({ slug: `bench-${randomBytes(3).toString('hex')}`, title: 'Banc d’essai', status: 'open', settings: { minCellSize: MIN_CELL_SIZE } })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('families')
    .values(FAMILIES.map((key, position) => ({ wave_id: id, key, label_fr: key, label_en: key, position })))
    .execute()
  const seeded = await seedResponses(db, id, n)
  console.log(
    `  ${label}: ${n.toLocaleString('fr-FR')} submitted responses seeded in ${(seeded / 1000).toFixed(1)} s (INSERT into responses; the triggers write the typed projection)`,
  )
  await sql`vacuum analyze`.execute(db)
  return id
}

async function measure(db: Db, waveId: string, label: string, runs: number): Promise<{ scan: number; compute: number }> {
  const scanOnce = () => sql`select count(*), sum(length(answers::text)) from responses`.execute(db)
  const computeOnce = () => computeIndicators(db, waveId, defaultIndicators, { minCellSize: MIN_CELL_SIZE, families: FAMILIES })
  // Warm-up: caches, plans, JIT of the JavaScript.
  await scanOnce()
  const cells = await computeOnce()
  const scans: number[] = []
  const computes: number[] = []
  for (let i = 0; i < runs; i++) {
    scans.push(await time(scanOnce))
    computes.push(await time(computeOnce))
  }
  const scan = median(scans)
  const compute = median(computes)
  const suppressed = cells.filter((c) => c.suppressed).length
  console.log(
    `  ${label}: catalogue of ${defaultIndicators.length} indicators × ${FAMILIES.length} families + overall = ${cells.length} cells (${suppressed} suppressed)`,
  )
  console.log(`  ${label}: full scan of the responses   median ${ms(scan)}   (runs: ${scans.map(ms).join(', ')})`)
  console.log(`  ${label}: computeIndicators by family  median ${ms(compute)}   (runs: ${computes.map(ms).join(', ')})`)
  console.log(`  ${label}: ratio to the scan            ${(compute / scan).toFixed(2)} ×`)
  return { scan, compute }
}

async function dimensions(db: Db, waveId: string, label: string): Promise<void> {
  const questions = listQuestions(defaultQuestionnaire)
  for (const key of DIMENSION_KEYS) {
    const dimension = dimensionFor(key, questions)
    const run = () => computeIndicators(db, waveId, defaultIndicators, { minCellSize: MIN_CELL_SIZE, families: FAMILIES, dimension })
    await run()
    const runs = [await time(run), await time(run)]
    const cells = await run()
    console.log(
      `  ${label}: by family × ${key.padEnd(10)} median ${ms(median(runs))}   (${cells.length} cells, ${cells.filter((c) => c.suppressed).length} suppressed)`,
    )
  }
}

async function onServer(): Promise<void> {
  const name = `sonde_bench_${randomBytes(6).toString('hex')}`
  const admin = createDb(SERVER, 1)
  await sql`create database ${sql.id(name)}`.execute(admin)
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  const db = createDb(url.toString(), 6)
  try {
    const { rows } = await sql<{ version: string; workers: string }>`select version(), current_setting('max_parallel_workers_per_gather') as workers`.execute(
      db,
    )
    console.log(`PostgreSQL server: ${rows[0]!.version.split(',')[0]} (max_parallel_workers_per_gather = ${rows[0]!.workers})`)
    const waveId = await prepare(db, N, 'server')
    const { compute, scan } = await measure(db, waveId, 'server', RUNS)
    console.log(
      `  server: targets ≤ 1500 ms and ≤ 5 × the scan → ${compute <= 1500 ? 'met' : 'NOT met'} (${ms(compute)}), ${compute <= 5 * scan ? 'met' : 'NOT met'} (${(compute / scan).toFixed(2)} ×)`,
    )
    figures.push(
      {
        label: `analysis, PostgreSQL, n = ${N}: catalogue by family`,
        value: compute,
        unit: 'ms',
        baseline: `full scan ${ms(scan)}`,
        target: '≤ 1500 ms',
        met: compute <= 1500,
      },
      {
        label: `analysis, PostgreSQL, n = ${N}: ratio to the scan`,
        value: compute / scan,
        unit: '×',
        baseline: `full scan ${ms(scan)}`,
        target: '≤ 5 ×',
        met: compute <= 5 * scan,
      },
    )
    await dimensions(db, waveId, 'server')
  } finally {
    await db.destroy()
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin)
    await admin.destroy()
  }
}

async function embedded(): Promise<void> {
  const database = await startEmbedded({ dataDir: 'memory://' })
  const db = createDb(database.url, 2)
  try {
    console.log(`Embedded database (PGlite), n = ${EMBEDDED_N.toLocaleString('fr-FR')}`)
    const waveId = await prepare(db, EMBEDDED_N, 'embedded')
    const { compute, scan } = await measure(db, waveId, 'embedded', Math.min(RUNS, 3))
    figures.push({
      label: `analysis, embedded, n = ${EMBEDDED_N}: ratio to the scan`,
      value: compute / scan,
      unit: '×',
      baseline: `full scan ${ms(scan)}`,
      target: null,
      met: null,
    })
  } finally {
    await db.destroy()
    await database.stop()
  }
}

console.log(
  `Sonde analysis benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPU, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
await onServer()
if (EMBEDDED_N > 0) await embedded()
writeResults('analysis', figures)
console.log(
  `load at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
