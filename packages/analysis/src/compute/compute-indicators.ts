import type { IndicatorCell } from '@sonde/contracts'
import { listAnalysisVariables, type Database, type Db } from '@sonde/db'
import { sql, type Transaction } from 'kysely'
import { ALL, NOT_STATED, type Dimension } from '../dimensions/dimensions'
import {
  applyDisclosureControl,
  disclosureLinks,
  effectiveMinCellSize,
  MEDIAN_MIN_COUNT,
  publishableMedianRanks,
  type CellCandidate,
} from '../disclosure/disclosure'
import type { IndicatorDefinition } from '../indicators/types'
import { orderStatistics, quantileRanks } from '../statistics/order-statistics'
import { ratioInterval } from '../statistics/ratio-interval'
import { wilsonInterval } from '../statistics/wilson'
import { groupsQuery, unpackFloat8, type GroupRow, type Slot } from './queries'

export interface ComputeOptions {
  /** The wave's minimum cell size; never applied below 3. */
  minCellSize: number
  /** The wave's family keys in display order; read from the `families` table when absent. */
  families?: readonly string[]
  /** An extra dimension crossed with the families (`dimensionFor`), or none. */
  dimension?: Dimension | null
}

/** The family keys of a wave, by position then key. */
export async function waveFamilyKeys(db: Db, waveId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('families')
    .select('key')
    .where('wave_id', '=', waveId)
    .orderBy('position')
    .orderBy('key')
    .execute()
  return rows.map((row) => row.key)
}

/** Most parts a computation is split into, whatever the server allows. */
const MAX_PARTS = 4

async function readOnly<T>(db: Db, run: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      // One long expression list: compiling it with LLVM (PostgreSQL's JIT) costs more than it
      // saves. A few hundred groups of wide rows: hashing them beats sorting every row first,
      // which the planner picks when it overestimates the number of groups.
      await sql`set local jit = off`.execute(trx)
      await sql`set local enable_sort = off`.execute(trx)
      await sql`set local work_mem = '64MB'`.execute(trx)
      return run(trx)
    })
}

/**
 * The groups of the wave's responses with their figures. PostgreSQL cannot run this query's
 * aggregation in parallel workers (its per-row layers are fenced), so it is split here instead:
 * into as many parts as the server's `max_parallel_workers_per_gather` allows (at most 4; 0 on the
 * embedded database, which has one backend), each on its own connection and read-only snapshot.
 * A response falls in exactly one part; groups add up across parts.
 */
async function readGroups(
  db: Db,
  waveId: string,
  definitions: readonly IndicatorDefinition[],
  dimension: Dimension | null,
): Promise<{ rows: GroupRow[]; slots: Slot[] }> {
  const { variables, workers } = await readOnly(db, async (trx) => ({
    variables: await listAnalysisVariables(trx, waveId),
    workers: Number(
      (await sql<{ workers: string }>`select current_setting('max_parallel_workers_per_gather') as workers`.execute(trx)).rows[0]
        ?.workers ?? 0,
    ),
  }))
  const parts = Math.min(MAX_PARTS, Math.max(1, Number.isFinite(workers) ? workers : 1))
  const queries = Array.from({ length: parts }, (_, part) =>
    groupsQuery(waveId, variables, definitions, dimension, parts > 1 ? { part, parts } : null),
  )
  const results = await Promise.all(queries.map(({ query }) => readOnly(db, async (trx) => (await query.execute(trx)).rows)))
  return { rows: results.flat(), slots: queries[0]!.slots }
}

/** The running figures of one cell while groups are added up. */
class Accumulator {
  readonly agg: number[]
  /** Values of a median, one sorted run per group. */
  readonly runs: Float64Array[] = []
  count = 0

  constructor(width: number) {
    this.agg = new Array<number>(width).fill(0)
  }

  add(row: GroupRow, slot: Slot, width: number, maxima: ReadonlySet<number>, run: Float64Array | null): void {
    for (let i = 0; i < width; i++) {
      const value = row.agg[slot.offset + i] ?? 0
      this.agg[i] = maxima.has(i) ? Math.max(this.agg[i]!, value) : this.agg[i]! + value
    }
    if (run && run.length > 0) {
      this.runs.push(run)
      this.count += run.length
    }
  }
}

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return a < b ? -1 : 1
}

/** Width of a definition's slot in `agg`, and which of its entries are maxima (the rest add up). */
function slotShape(definition: IndicatorDefinition): { width: number; maxima: ReadonlySet<number> } {
  switch (definition.aggregation) {
    case 'sum':
    case 'derived_sum':
      return { width: 4, maxima: new Set([2]) }
    case 'pooled_ratio':
      return { width: 10, maxima: new Set([2, 5]) }
    case 'share':
      return { width: 2, maxima: new Set() }
    case 'distribution':
      return { width: 1 + definition.categories.length, maxima: new Set() }
    case 'median':
    case 'median_ratio':
      return { width: 0, maxima: new Set() }
  }
}

function candidatesOf(
  definition: IndicatorDefinition,
  family: string,
  dimensionValue: string | null,
  acc: Accumulator | undefined,
  k: number,
): CellCandidate[] {
  const empty = (category: string | null): CellCandidate => ({
    indicator: definition.id,
    family,
    dimensionValue,
    category,
    aggregation: definition.aggregation,
    n: 0,
    value: null,
    ciLow: null,
    ciHigh: null,
    q1: null,
    q3: null,
    count: category === null ? null : 0,
    contributions: [],
    partition: definition.aggregation === 'distribution' && !definition.multiple,
  })
  const a = acc?.agg ?? []
  switch (definition.aggregation) {
    case 'sum':
    case 'derived_sum': {
      const n = a[0] ?? 0
      if (n === 0) return [empty(null)]
      return [{ ...empty(null), n, value: a[1]!, contributions: [{ largest: a[2]!, total: a[3]! }] }]
    }
    case 'pooled_ratio': {
      const n = a[0] ?? 0
      if (n === 0) return [empty(null)]
      const [, sumY, maxY, absY, sumX, maxX, absX, sumYY, sumXX, sumXY] = a as number[]
      const ci = ratioInterval({ n, sumX: sumX!, sumY: sumY!, sumXX: sumXX!, sumYY: sumYY!, sumXY: sumXY! })
      return [
        {
          ...empty(null),
          n,
          value: sumX === 0 ? null : sumY! / sumX!,
          ciLow: ci?.low ?? null,
          ciHigh: ci?.high ?? null,
          contributions: [
            { largest: maxY!, total: absY! },
            { largest: maxX!, total: absX! },
          ],
        },
      ]
    }
    case 'median':
    case 'median_ratio': {
      const n = acc?.count ?? 0
      // Quartiles and intervals only where they can be published.
      if (!acc || n < Math.max(k, MEDIAN_MIN_COUNT)) return [{ ...empty(null), n }]
      const quartiles = [0.25, 0.5, 0.75].map((p) => quantileRanks(n, p))
      const interval = publishableMedianRanks(n)
      const wanted = [...quartiles.flatMap((q) => [q.below, q.above]), ...(interval ? [interval.lower, interval.upper] : [])]
      const values = new Map<number, number>()
      const found = orderStatistics(acc.runs, [...new Set(wanted)])
      ;[...new Set(wanted)].forEach((rank, i) => values.set(rank, found[i]!))
      const [q1, median, q3] = quartiles.map((q) => {
        const low = values.get(q.below)!
        return low + q.weight * (values.get(q.above)! - low)
      })
      return [
        {
          ...empty(null),
          n,
          value: median!,
          q1: q1!,
          q3: q3!,
          ciLow: interval ? values.get(interval.lower)! : null,
          ciHigh: interval ? values.get(interval.upper)! : null,
        },
      ]
    }
    case 'share': {
      const [n = 0, x = 0] = a
      const ci = wilsonInterval(x, n)
      return [{ ...empty(null), n, value: n === 0 ? null : x / n, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null }]
    }
    case 'distribution': {
      const n = a[0] ?? 0
      return definition.categories.map((category, c) => {
        if (n === 0) return empty(category)
        const count = a[1 + c] ?? 0
        const ci = wilsonInterval(count, n)
        return { ...empty(category), n, count, value: count / n, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null }
      })
    }
  }
}

/**
 * Computes indicator cells for one wave over its submitted responses, read from the typed
 * projection the database keeps (`response_values`): for every definition, every family of the
 * wave it applies to, and the overall margin `_all` (every organisation in at least one of those
 * families, counted once) when it applies to two families or more; with a `dimension`, each
 * family and the margin again per value of the dimension (region, legal form, size class, and
 * `_none`) and for the dimension's margin `_all`; × category for a distribution. A response
 * belongs to each wave family listed in its `familles` answer (none: it is in no cell). Only JSON
 * numbers count as numeric answers; n is the number of organisations with a valid answer.
 *
 * One query over one repeatable-read snapshot returns decomposable figures (counts, sums, maxima,
 * sums of squares and products, category counts) per group of responses sharing a family set and
 * a dimension value, and the values of medians; groups are added up here. Statistics follow
 * domain/indicators.md: sums without interval; medians with percentile_cont quartiles and the
 * distribution-free interval [x₍L₎, x₍U₎]; shares and categories with the Wilson interval; pooled
 * ratios with Cochran's linearised interval where valid. Disclosure control
 * (`applyDisclosureControl`, with `disclosureLinks`) is applied before returning: suppressed cells
 * have null figures. Call it on a `Db`, not inside a transaction: it opens its own.
 */
export async function computeIndicators(
  db: Db,
  waveId: string,
  definitions: readonly IndicatorDefinition[],
  options: ComputeOptions,
): Promise<IndicatorCell[]> {
  const k = effectiveMinCellSize(options.minCellSize)
  const families = options.families ?? (await waveFamilyKeys(db, waveId))
  const dimension = options.dimension ?? null
  if (definitions.length === 0 || families.length === 0) return []

  const { rows, slots } = await readGroups(db, waveId, definitions, dimension)
  const familySet = new Set(families)
  const dimensionKeys = dimension ? new Set(dimension.values.map((v) => v.key)) : null
  const applicable = definitions.map((d) => (d.families === null ? [...families] : families.filter((f) => d.families!.includes(f))))
  const shapes = definitions.map(slotShape)
  const accumulators = definitions.map(() => new Map<string, Accumulator>())
  const cellOf = (family: string, value: string | null) => `${family}\u0000${value ?? ''}`

  // Groups in a fixed order, so that a cell's figures are added up the same way in every request.
  const ordered = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => compareText(a.row.families, b.row.families) || compareText(a.row.dimension, b.row.dimension) || a.index - b.index)
  for (const { row } of ordered) {
    const rowFamilies = [...new Set((row.families ?? '').split('\u001f'))].filter((f) => familySet.has(f))
    if (rowFamilies.length === 0) continue
    const values = !dimension ? [null] : row.margin ? [ALL] : [dimensionKeys!.has(row.dimension ?? '') ? row.dimension! : NOT_STATED]
    const runs = new Map<number, Float64Array>()
    for (const slot of slots) {
      if (slot.median !== null) runs.set(slot.median, unpackFloat8(row[`m${slot.median}`] ?? null).sort())
    }
    definitions.forEach((_, d) => {
      const targets = applicable[d]!.filter((f) => rowFamilies.includes(f))
      if (targets.length === 0) return
      if (applicable[d]!.length >= 2) targets.push(ALL)
      const { width, maxima } = shapes[d]!
      for (const family of targets) {
        for (const v of values) {
          const key = cellOf(family, v)
          let acc = accumulators[d]!.get(key)
          if (!acc) accumulators[d]!.set(key, (acc = new Accumulator(width)))
          acc.add(row, slots[d]!, width, maxima, slots[d]!.median === null ? null : runs.get(slots[d]!.median!)!)
        }
      }
    })
  }

  const candidates: CellCandidate[] = []
  definitions.forEach((definition, d) => {
    const rowsOfTable = applicable[d]!.length >= 2 ? [...applicable[d]!, ALL] : applicable[d]!
    const columns = dimension ? [...dimension.values.map((v) => v.key), ALL] : [null]
    for (const family of rowsOfTable) {
      for (const v of columns) {
        candidates.push(...candidatesOf(definition, family, v, accumulators[d]!.get(cellOf(family, v)), k))
      }
    }
  })
  const links = disclosureLinks(definitions)
  if (!dimension) return applyDisclosureControl(candidates, { minCellSize: k, links })
  // The dimension's margins are the cells by family: they get exactly the outcome they have
  // there, and keep it while the crossed cells are protected.
  const margins = candidates.flatMap((cell, i) => (cell.dimensionValue === ALL ? [i] : []))
  const byFamily = applyDisclosureControl(
    margins.map((i) => ({ ...candidates[i]!, dimensionValue: null })),
    { minCellSize: k, links },
  )
  const fixed = new Map(margins.map((i, j) => [i, byFamily[j]!.reason]))
  return applyDisclosureControl(candidates, { minCellSize: k, links, fixed })
}
