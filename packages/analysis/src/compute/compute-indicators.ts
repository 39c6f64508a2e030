import type { IndicatorCell, SuppressionReason } from '@sonde/contracts'
import { listAnalysisVariables, type Database, type Db } from '@sonde/db'
import { sql, type Transaction } from 'kysely'
import { ALL, NOT_STATED, type Dimension } from '../dimensions/dimensions'
import {
  applyDisclosureControl,
  cellKey,
  disclosureLinks,
  effectiveMinCellSize,
  MEDIAN_MIN_COUNT,
  publishableMedianRanks,
  type CellCandidate,
  type FixedOutcome,
  type SuppressionLink,
} from '../disclosure/disclosure'
import { contributionLowerBound, indicatorFilters, type DisclosureQuestion } from '../disclosure/filters'
import { DEFAULT_P_PERCENT } from '../disclosure/p-percent'
import type { IndicatorDefinition } from '../indicators/types'
import { orderStatistics, quantileRanks } from '../statistics/order-statistics'
import { ratioInterval } from '../statistics/ratio-interval'
import { wilsonInterval } from '../statistics/wilson'
import { groupsQuery, unpackFloat8, type GroupRow, type Slot } from './queries'

export { cellKey }

export interface ComputeOptions {
  /** The wave's minimum cell size; never applied below 3. */
  minCellSize: number
  /** The p of the p % rule (the wave's `pPercent`); 15 when absent. */
  pPercent?: number
  /** The wave's family keys in display order; read from the `families` table when absent. */
  families?: readonly string[]
  /** An extra dimension crossed with the families (`dimensionFor`), or none. */
  dimension?: Dimension | null
  /**
   * The questions of the wave's questionnaire (`listQuestions`): their visibility conditions make
   * the filter rule, their declared minima the attacker's lower bound. When absent, no question is
   * filtered and every lower bound is 0.
   */
  questions?: readonly DisclosureQuestion[]
  /** Only these responses (of the wave's submitted ones) count: the organisations that changed since a release. */
  responseIds?: readonly string[]
}

/**
 * The cells of a computation before disclosure control (`computeCellCandidates`), with what
 * `protectCells` needs to protect them: the links between indicators, whether a dimension is
 * crossed (margins `_all`), and the rules' parameters.
 */
export interface CellCandidates {
  candidates: CellCandidate[]
  links: SuppressionLink[]
  dimension: boolean
  minCellSize: number
  pPercent: number
}

/** The family keys of a wave, by position then key. */
export async function waveFamilyKeys(db: Db, waveId: string): Promise<string[]> {
  const rows = await db.selectFrom('families').select('key').where('wave_id', '=', waveId).orderBy('position').orderBy('key').execute()
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
  options: { answered: readonly string[]; responseIds?: readonly string[] },
): Promise<{ rows: GroupRow[]; slots: Slot[]; answered: Map<string, number> }> {
  const { variables, workers } = await readOnly(db, async (trx) => ({
    variables: await listAnalysisVariables(trx, waveId),
    workers: Number((await sql<{ workers: string }>`select current_setting('max_parallel_workers_per_gather') as workers`.execute(trx)).rows[0]?.workers ?? 0),
  }))
  const parts = Math.min(MAX_PARTS, Math.max(1, Number.isFinite(workers) ? workers : 1))
  const queries = Array.from({ length: parts }, (_, part) =>
    groupsQuery(waveId, variables, definitions, dimension, parts > 1 ? { part, parts } : null, options),
  )
  const results = await Promise.all(queries.map(({ query }) => readOnly(db, async (trx) => (await query.execute(trx)).rows)))
  return { rows: results.flat(), slots: queries[0]!.slots, answered: queries[0]!.answered }
}

/** The running figures of one cell while groups are added up. */
class Accumulator {
  readonly agg: number[]
  /** Values of a median, one sorted run per group. */
  readonly runs: Float64Array[] = []
  /** Organisations that answered each filter question of the indicator. */
  readonly answered: number[]
  count = 0

  constructor(width: number, filters: number) {
    this.agg = new Array<number>(width).fill(0)
    this.answered = new Array<number>(filters).fill(0)
  }

  add(row: GroupRow, slot: Slot, shape: SlotShape, run: Float64Array | null, answered: readonly number[]): void {
    const at = (i: number) => row.agg[slot.offset + i] ?? 0
    // The two largest of a cell are the two largest of its groups' two largest (absolute values: 0 is neutral).
    for (const [largest, second] of shape.topTwo) {
      const [first, next] = [this.agg[largest]!, this.agg[second]!, at(largest), at(second)].sort((a, b) => b - a)
      this.agg[largest] = first!
      this.agg[second] = next!
    }
    for (let i = 0; i < shape.width; i++) {
      if (shape.seconds.has(i) || shape.maxima.has(i)) continue
      this.agg[i] = this.agg[i]! + at(i)
    }
    answered.forEach((offset, f) => (this.answered[f] = this.answered[f]! + (row.agg[offset] ?? 0)))
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

/**
 * Width of a definition's slot in `agg`, which of its entries are maxima, and the (largest,
 * second largest) pairs among them; the rest add up.
 */
interface SlotShape {
  width: number
  maxima: ReadonlySet<number>
  seconds: ReadonlySet<number>
  topTwo: readonly (readonly [number, number])[]
}

function slotShape(definition: IndicatorDefinition): SlotShape {
  const shape = (width: number, topTwo: [number, number][] = []): SlotShape => ({
    width,
    maxima: new Set(topTwo.map(([largest]) => largest)),
    seconds: new Set(topTwo.map(([, second]) => second)),
    topTwo,
  })
  switch (definition.aggregation) {
    case 'sum':
    case 'derived_sum':
      return shape(5, [[2, 4]])
    case 'pooled_ratio':
      return shape(12, [
        [2, 10],
        [5, 11],
      ])
    case 'share':
      return shape(2)
    case 'distribution':
      return shape(1 + definition.categories.length)
    case 'median':
    case 'median_ratio':
      return shape(0)
  }
}

function candidatesOf(
  definition: IndicatorDefinition,
  family: string,
  dimensionValue: string | null,
  acc: Accumulator | undefined,
  k: number,
  context: { filtered: boolean; lowerBound: number },
): CellCandidate[] {
  const filterN = context.filtered ? (acc && acc.answered.length > 0 ? Math.min(...acc.answered) : 0) : null
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
    filterN,
    question: definition.aggregation === 'sum' || definition.aggregation === 'median' ? definition.question : null,
  })
  const a = acc?.agg ?? []
  switch (definition.aggregation) {
    case 'sum':
    case 'derived_sum': {
      const n = a[0] ?? 0
      if (n === 0) return [empty(null)]
      const contribution = { largest: a[2]!, second: a[4]!, total: a[3]!, lowerBound: context.lowerBound }
      return [{ ...empty(null), n, value: a[1]!, contributions: [contribution] }]
    }
    case 'pooled_ratio': {
      const n = a[0] ?? 0
      if (n === 0) return [empty(null)]
      const [, sumY, maxY, absY, sumX, maxX, absX, sumYY, sumXX, sumXY, secondY, secondX] = a as number[]
      const ci = ratioInterval({ n, sumX: sumX!, sumY: sumY!, sumXX: sumXX!, sumYY: sumYY!, sumXY: sumXY! })
      return [
        {
          ...empty(null),
          n,
          value: sumX === 0 ? null : sumY! / sumX!,
          ciLow: ci?.low ?? null,
          ciHigh: ci?.high ?? null,
          contributions: [
            { largest: maxY!, second: secondY!, total: absY!, lowerBound: 0 },
            { largest: maxX!, second: secondX!, total: absX!, lowerBound: 0 },
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
      return [{ ...empty(null), n, count: x, value: n === 0 ? null : x / n, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null }]
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
 * The cells of one wave before disclosure control, read from the typed projection the database
 * keeps of its submitted responses (`response_values`): for every definition, every family of the
 * wave it applies to, and the overall margin `_all` (every organisation in at least one of those
 * families, counted once) when it applies to two families or more; with a `dimension`, each
 * family and the margin again per value of the dimension (region, legal form, size class, and
 * `_none`) and for the dimension's margin `_all`; × category for a distribution. A response
 * belongs to each wave family listed in its `familles` answer (none: it is in no cell). Only JSON
 * numbers count as numeric answers; n is the number of organisations with a valid answer.
 *
 * One query over one repeatable-read snapshot returns decomposable figures (counts, sums, maxima
 * and second largest values, sums of squares and products, category counts, and the count of
 * organisations answering each filter question of the indicators — `questions`) per group of
 * responses sharing a family set and a dimension value, and the values of medians; groups are
 * added up here. Statistics follow docs/indicators.md ("Statistics per group"): sums without interval; medians with
 * percentile_cont quartiles and the distribution-free interval [x₍L₎, x₍U₎]; shares and
 * categories with the Wilson interval; pooled ratios with Cochran's linearised interval where
 * valid. With `responseIds`, only those responses count. Call it on a `Db`, not inside a
 * transaction: it opens its own.
 */
export async function computeCellCandidates(
  db: Db,
  waveId: string,
  definitions: readonly IndicatorDefinition[],
  options: ComputeOptions,
): Promise<CellCandidates> {
  const k = effectiveMinCellSize(options.minCellSize)
  const pPercent = options.pPercent ?? DEFAULT_P_PERCENT
  const dimension = options.dimension ?? null
  const questions = options.questions ?? []
  const filters = indicatorFilters(definitions, questions)
  const links = disclosureLinks(definitions, filters)
  const result: CellCandidates = { candidates: [], links, dimension: dimension !== null, minCellSize: k, pPercent }
  if (options.responseIds && options.responseIds.length === 0) return result
  const families = options.families ?? (await waveFamilyKeys(db, waveId))
  if (definitions.length === 0 || families.length === 0) return result

  const filterQuestions = [...new Set([...filters.values()].flatMap((f) => f.questions))]
  const { rows, slots, answered } = await readGroups(db, waveId, definitions, dimension, {
    answered: filterQuestions,
    ...(options.responseIds ? { responseIds: options.responseIds } : {}),
  })
  const familySet = new Set(families)
  const dimensionKeys = dimension ? new Set(dimension.values.map((v) => v.key)) : null
  const applicable = definitions.map((d) => (d.families === null ? [...families] : families.filter((f) => d.families!.includes(f))))
  const shapes = definitions.map(slotShape)
  const answeredOffsets = definitions.map((d) => (filters.get(d.id)?.questions ?? []).map((q) => answered.get(q)!))
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
      const shape = shapes[d]!
      for (const family of targets) {
        for (const v of values) {
          const key = cellOf(family, v)
          let acc = accumulators[d]!.get(key)
          if (!acc) accumulators[d]!.set(key, (acc = new Accumulator(shape.width, answeredOffsets[d]!.length)))
          acc.add(row, slots[d]!, shape, slots[d]!.median === null ? null : runs.get(slots[d]!.median!)!, answeredOffsets[d]!)
        }
      }
    })
  }

  definitions.forEach((definition, d) => {
    const rowsOfTable = applicable[d]!.length >= 2 ? [...applicable[d]!, ALL] : applicable[d]!
    const columns = dimension ? [...dimension.values.map((v) => v.key), ALL] : [null]
    const context = { filtered: filters.has(definition.id), lowerBound: contributionLowerBound(definition, questions) }
    // A distribution of the question the table is crossed by: its categories are the columns.
    const crossedBySelf = dimension !== null && !dimension.classes && definition.aggregation === 'distribution' && definition.question === dimension.question
    for (const family of rowsOfTable) {
      for (const v of columns) {
        const cells = candidatesOf(definition, family, v, accumulators[d]!.get(cellOf(family, v)), k, context)
        for (const cell of cells) {
          if (crossedBySelf && v !== ALL && cell.category !== v) cell.impossible = true
        }
        result.candidates.push(...cells)
      }
    }
  })
  return result
}

/** Options of `protectCells`: the computation's own parameters unless given. */
export interface ProtectOptions {
  minCellSize?: number
  pPercent?: number
  /** Cells hidden whatever the rules say, by `cellKey`, as primary suppressions with the reason given. */
  hide?: ReadonlyMap<string, SuppressionReason>
  /** Cells whose outcome is decided already, by `cellKey`: hidden with this reason, or published (null). */
  fixed?: ReadonlyMap<string, FixedOutcome>
}

/**
 * Disclosure control of computed cells (`applyDisclosureControl`, with `disclosureLinks`): the
 * staff view of the cells — reasons kept, figures of hidden cells null, every figure rounded to
 * 15 significant digits; `publicCells` gives everyone else's. `hide` forces primary suppressions
 * (e.g. `release_difference`) and secondary suppression protects them like any other; `fixed`
 * keeps outcomes decided elsewhere. With a dimension, the margins `_all` are exactly the cells of
 * the table by family — computed first from the margins (a `hide` or `fixed` key with the
 * dimension value `_all` or null applies to them) — and keep that outcome while the crossed cells
 * are protected, or one table would undo the other's protection. Pure: compute once, protect as
 * often as needed.
 */
export function protectCells(computed: CellCandidates, options: ProtectOptions = {}): IndicatorCell[] {
  const minCellSize = options.minCellSize ?? computed.minCellSize
  const pPercent = options.pPercent ?? computed.pPercent
  const { candidates, links } = computed
  const keyOf = (cell: CellCandidate, dimensionValue = cell.dimensionValue) => cellKey(cell.indicator, cell.family, dimensionValue, cell.category)
  const fixedOf = (cells: readonly CellCandidate[], alias: boolean) => {
    const fixed = new Map<number, FixedOutcome>()
    if (!options.fixed) return fixed
    cells.forEach((cell, i) => {
      for (const key of alias ? [keyOf(cell), keyOf(cell, ALL)] : [keyOf(cell)]) {
        if (options.fixed!.has(key)) {
          fixed.set(i, options.fixed!.get(key) ?? null)
          break
        }
      }
    })
    return fixed
  }
  const rules = { minCellSize, pPercent, links }
  if (!computed.dimension)
    return applyDisclosureControl(candidates, { ...rules, fixed: fixedOf(candidates, false), ...(options.hide ? { hide: options.hide } : {}) })

  const margins = candidates.flatMap((cell, i) => (cell.dimensionValue === ALL ? [i] : []))
  const byFamilyCells = margins.map((i) => ({ ...candidates[i]!, dimensionValue: null }))
  let byFamilyHide: Map<string, SuppressionReason> | undefined
  if (options.hide) {
    byFamilyHide = new Map()
    for (const i of margins) {
      const reason = options.hide.get(keyOf(candidates[i]!, null)) ?? options.hide.get(keyOf(candidates[i]!))
      if (reason) byFamilyHide.set(keyOf(candidates[i]!, null), reason)
    }
  }
  const byFamily = applyDisclosureControl(byFamilyCells, { ...rules, fixed: fixedOf(byFamilyCells, true), ...(byFamilyHide ? { hide: byFamilyHide } : {}) })
  const fixed = fixedOf(candidates, false)
  margins.forEach((i, j) => fixed.set(i, byFamily[j]!.reason === null || !byFamily[j]!.suppressed ? null : byFamily[j]!.reason))
  const crossed = applyDisclosureControl(candidates, { ...rules, fixed, ...(options.hide ? { hide: options.hide } : {}) })
  margins.forEach((i, j) => (crossed[i] = { ...byFamily[j]!, dimensionValue: ALL }))
  return crossed
}

/**
 * Computes the protected indicator cells of one wave: `computeCellCandidates`, then
 * `protectCells` — the staff view (reasons kept, figures of hidden cells null); everyone else
 * reads `publicCells` of it. Call it on a `Db`, not inside a transaction: it opens its own.
 */
export async function computeIndicators(
  db: Db,
  waveId: string,
  definitions: readonly IndicatorDefinition[],
  options: ComputeOptions,
): Promise<IndicatorCell[]> {
  return protectCells(await computeCellCandidates(db, waveId, definitions, options))
}
