// The headline figures of each benchmark, for `pnpm bench`'s one summary table (bench/summary.ts).
//
// Each benchmark keeps its own output and also writes <name>.json in the gitignored folder `.results` beside it:
// its figures, each with the baseline it is compared to (measured in the same run when there is
// one) and the target of the issue that set it. A later run of the same benchmark replaces it.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const resultsDir = fileURLToPath(new URL('.results/', import.meta.url))

export interface Figure {
  /** What is measured, e.g. "PostgreSQL, 50 clients: real / naive saves/s". */
  label: string
  value: number
  unit: string
  /** What the figure is compared to, in words with its value ("naive route 2 900 saves/s"), or null. */
  baseline: string | null
  /** The target in words ("≥ 1.0"), or null when there is none. */
  target: string | null
  /** Whether the target holds; null when there is no target. */
  met: boolean | null
}

export interface BenchResults {
  bench: string
  at: string
  cpus: number
  /** The load average (1, 5, 15 min) when the benchmark ended: the machine may be shared. */
  load: number[]
  figures: Figure[]
}

/** Writes <bench>.json into the `.results` folder beside this file. */
export function writeResults(bench: string, figures: Figure[]): void {
  mkdirSync(resultsDir, { recursive: true })
  const results: BenchResults = { bench, at: new Date().toISOString(), cpus: cpus().length, load: loadavg(), figures }
  writeFileSync(path.join(resultsDir, `${bench}.json`), `${JSON.stringify(results, null, 2)}\n`)
}
