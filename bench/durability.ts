// pnpm bench:durability — what durability costs the autosave on the embedded database (issue 9).
//
// Starts the embedded database (PGlite) on a folder of this machine's disk twice in the same run:
//  - baseline: PGlite's own start-up, fsync off (`-F`, what Sonde ran before issue 9): a commit is
//    acknowledged once it is in the operating system's cache, and a power cut can lose it;
//  - durable: Sonde's start-up (`durableStartParams`: fsync, full-page writes, synchronous commit,
//    the write-ahead log flushed by fsync through durable-fs.ts), what `pnpm start` runs.
// For each, the API (buildApp, in this process) listens on a loopback port and R respondents, each
// with its own invitation link, save one answer after another (PATCH /api/r/{token}/answers, the
// autosave) for T seconds over HTTP. Prints saves/s and the p50/p99 latency of a save, and the
// durable run against the baseline. Variants alternate (off, on, off, on…) so that a noisy neighbour
// weighs on both. Never fails on timing.
//
//   SONDE_BENCH_RESPONDENTS=16 SONDE_BENCH_SECONDS=8 SONDE_BENCH_ROUNDS=2 npx tsx bench/durability.ts
//   SONDE_BENCH_DIR=/var/lib/sonde-bench … puts the data folders on another disk (default: the OS temp folder).
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { buildApp } from '../apps/api/src/app.ts'
import { createWaveWithDefaults } from '../apps/api/src/waves/new-wave.ts'
import { createDb, createInvitation, createOrganisation, migrateToLatest, startEmbedded } from '../packages/db/src/index.ts'
import { writeResults } from './results.ts'

const RESPONDENTS = Number(process.env.SONDE_BENCH_RESPONDENTS ?? 16)
const SECONDS = Number(process.env.SONDE_BENCH_SECONDS ?? 8)
const ROUNDS = Number(process.env.SONDE_BENCH_ROUNDS ?? 2)
const BASE = process.env.SONDE_BENCH_DIR ?? tmpdir()
const LINK_SECRET = 'bench-link-secret-of-at-least-32-characters'

interface Run {
  saves: number
  seconds: number
  latencies: number[]
  errors: number
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN

/** One variant: a fresh data folder, a wave with R invited organisations, R respondents autosaving. */
async function measure(durable: boolean): Promise<Run> {
  const dataDir = mkdtempSync(path.join(BASE, 'sonde-durability-'))
  const embedded = await startEmbedded({ dataDir, benchmarkWithoutFsync: !durable })
  const setup = createDb(embedded.url, 2)
  try {
    await migrateToLatest(setup)
    const tokens = await setup.transaction().execute(async (trx) => {
      const wave = await createWaveWithDefaults(trx, { slug: 'bench', title: 'Bench', status: 'open' })
      const links: string[] = []
      for (let i = 0; i < RESPONDENTS; i++) {
        const organisation = await createOrganisation(trx, { name: `Organisation ${i}`, familyKeys: ['insertion'] })
        links.push((await createInvitation(trx, LINK_SECRET, wave.id, organisation.id)).token)
      }
      return links
    })
    const app = await buildApp({
      databaseUrl: embedded.url,
      baseUrl: 'http://127.0.0.1',
      linkSecret: LINK_SECRET,
      smtp: null,
      outboxIntervalMs: 0,
      retentionIntervalMs: 0,
      logLevel: 'silent',
      trustProxy: false,
      sessionIdleMinutes: 120,
      sessionMaxHours: 12,
      webDist: null,
      dataDir: embedded.dataDir,
    })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const latencies: number[] = []
    let errors = 0
    const started = performance.now()
    const deadline = started + SECONDS * 1000
    await Promise.all(
      tokens.map(async (token, i) => {
        let revision = 0
        for (let n = 0; performance.now() < deadline; n++) {
          const sent = performance.now()
          const res = await fetch(`${address}/api/r/${token}/answers`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ baseRevision: revision, answers: { benevoles_heures: n, ca_membres: i } }),
          })
          const body = (await res.json()) as { revision?: number }
          if (res.status === 200) {
            latencies.push(performance.now() - sent)
            revision = body.revision!
          } else {
            errors += 1
          }
        }
      }),
    )
    const seconds = (performance.now() - started) / 1000
    await app.close()
    return { saves: latencies.length, seconds, latencies, errors }
  } finally {
    await setup.destroy()
    await embedded.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function summary(runs: Run[]) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b)
  const saves = runs.reduce((sum, r) => sum + r.saves, 0)
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0)
  return {
    perSecond: saves / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    saves,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  }
}

console.log(`bench:durability — ${RESPONDENTS} respondents autosaving for ${SECONDS} s, ${ROUNDS} round(s) per variant`)
console.log(
  `  data folders in ${BASE}; ${cpus().length} CPU(s), load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
const results = { off: [] as Run[], on: [] as Run[] }
for (let round = 0; round < ROUNDS; round++) {
  results.off.push(await measure(false))
  results.on.push(await measure(true))
}
const off = summary(results.off)
const on = summary(results.on)
const line = (label: string, s: ReturnType<typeof summary>) =>
  `  ${label.padEnd(34)} ${s.perSecond.toFixed(0).padStart(6)} saves/s   p50 ${s.p50.toFixed(1).padStart(6)} ms   p99 ${s.p99.toFixed(1).padStart(6)} ms   (${s.saves} saves, ${s.errors} errors)`
console.log(line('baseline: fsync off (before)', off))
console.log(line('durable: fsync + full-page writes', on))
console.log(
  `  durable / baseline: ${(on.perSecond / off.perSecond).toFixed(2)} × the saves/s, p50 × ${(on.p50 / off.p50).toFixed(2)}, p99 × ${(on.p99 / off.p99).toFixed(2)}`,
)
writeResults('durability', [
  {
    label: `durability, embedded, ${RESPONDENTS} respondents: durable saves/s`,
    value: on.perSecond,
    unit: 'saves/s',
    baseline: `fsync off ${off.perSecond.toFixed(0)} saves/s (${(on.perSecond / off.perSecond).toFixed(2)} ×)`,
    target: null,
    met: null,
  },
  {
    label: `durability, embedded, ${RESPONDENTS} respondents: durable p99`,
    value: on.p99,
    unit: 'ms',
    baseline: `fsync off ${off.p99.toFixed(1)} ms`,
    target: null,
    met: null,
  },
])
