// pnpm bench — every benchmark, one after the other, each with its own output, then ONE table of
// their headline figures: each with its baseline and its target (issue 13, point 5).
//
// Each benchmark writes its figures to <name>.json in the `.results` folder beside it (bench/results.ts); this script
// reads them. `--run` runs the benchmarks first; without it (pnpm bench:summary), it prints the
// table of the last runs. A benchmark that fails is reported and its figures left out; the others
// still run, and the exit code is then 1. Never fails on timing: a target not met is a line of the
// table.
//
//   npx tsx bench/summary.ts --run      SONDE_BENCH_ONLY=autosave,writers npx tsx bench/summary.ts --run
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { resultsDir, type BenchResults } from './results.ts'

const repo = fileURLToPath(new URL('..', import.meta.url))
const BENCHES = ['analysis', 'export', 'writers', 'pages', 'durability', 'autosave']
const only = process.env.SONDE_BENCH_ONLY?.split(',')

const started = new Date()
const failed: string[] = []
if (process.argv.includes('--run')) {
  for (const bench of BENCHES.filter((name) => !only || only.includes(name))) {
    console.log(`\n=== bench/${bench}.ts ===`)
    const steps = [
      ...(bench === 'pages' ? [[path.join(repo, 'scripts', 'build-web-if-needed.mjs')]] : []),
      ['--import', 'tsx', path.join(repo, 'bench', `${bench}.ts`)],
    ]
    for (const args of steps) {
      const { status } = spawnSync(process.execPath, args, { cwd: repo, stdio: 'inherit' })
      if (status !== 0) {
        failed.push(bench)
        break
      }
    }
  }
}

const results = existsSync(resultsDir)
  ? readdirSync(resultsDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')) as BenchResults)
      .sort((a, b) => BENCHES.indexOf(a.bench) - BENCHES.indexOf(b.bench))
  : []

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2))
const header = ['figure', 'value', 'baseline', 'target', '']
const rows = results.flatMap((result) => {
  const stale = process.argv.includes('--run') && new Date(result.at) < started
  return result.figures.map((f) => [
    f.label,
    `${number(f.value)}${f.unit ? ` ${f.unit}` : ''}`,
    f.baseline ?? '—',
    f.target ?? '—',
    [f.met === null ? '' : f.met ? 'met' : 'NOT met', stale ? `(earlier run, ${result.at})` : ''].filter(Boolean).join(' '),
  ])
})
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)))
const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`

console.log(
  `\nSonde benchmarks — summary, ${new Date().toISOString()}, ${cpus().length} CPU, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
console.log('The machine may be shared: each figure is compared to a baseline measured in the same run; targets are from the issues that set them.\n')
console.log(line(header))
console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`)
for (const cells of rows) console.log(line(cells))
for (const result of results) console.log(`  ${result.bench}: run at ${result.at}, ${result.cpus} CPU, load ${result.load.map((l) => l.toFixed(2)).join(' ')}`)
const missing = BENCHES.filter((bench) => (!only || only.includes(bench)) && !results.some((r) => r.bench === bench))
if (missing.length > 0) console.log(`  no figures yet from: ${missing.join(', ')}`)
if (failed.length > 0) {
  console.log(`  FAILED (not a timing: the benchmark stopped with an error): ${failed.join(', ')}`)
  process.exitCode = 1
}
