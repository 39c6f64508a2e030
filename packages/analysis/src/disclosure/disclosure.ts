import type { Aggregation, IndicatorCell, SuppressionReason } from '@sonde/contracts'
import { ALL } from '../dimensions/dimensions'
import { indicatorQuestions } from '../indicators/meta'
import type { IndicatorDefinition } from '../indicators/types'
import { medianIntervalRanks, type MedianIntervalRanks } from '../statistics/median-interval'
import { findBridges } from './bridges'
import { determinedUnknowns, type SparseRow } from './linear-audit'

/** No published cell ever rests on fewer organisations (INSEE frequency rule). */
export const MIN_CELL_SIZE_FLOOR = 3
/** A median (and its quartiles) needs this many organisations, whatever the wave's minimum. */
export const MEDIAN_MIN_COUNT = 5
/** NK(1, 85): one contributor above this share of a total suppresses it. */
export const DOMINANCE_SHARE = 0.85

/** The largest single contribution to a total, and the total of the absolute contributions. */
export interface Contribution {
  largest: number
  total: number
}

/**
 * A cell as computed, before disclosure control: the figures of an `IndicatorCell` plus what the
 * rules need and never publish — the count of a distribution category, the contributions to each
 * total (NK rule), whether the categories of a distribution partition its respondents.
 */
export interface CellCandidate extends Omit<IndicatorCell, 'suppressed' | 'reason'> {
  aggregation: Aggregation
  /** Distribution category: organisations that chose it; null otherwise. */
  count: number | null
  /** One entry per total the value is made of (a sum: one; a pooled ratio: two). */
  contributions: readonly Contribution[]
  /** Distribution: true for a single-choice question, whose categories add up to n. */
  partition: boolean
}

/**
 * "If `source` (its `sourceCategory`) is suppressed in a cell, suppress `target` (its
 * `targetCategory`) in the same family and dimension value": how one indicator's figure can be
 * recomputed from another's (`disclosureLinks`).
 */
export interface SuppressionLink {
  source: string
  sourceCategory: string | null
  target: string
  targetCategory: string | null
}

/**
 * The minimum cell size actually applied: the wave's setting rounded up, never below
 * MIN_CELL_SIZE_FLOOR = 3 (INSEE: a published cell needs at least 3 organisations).
 */
export function effectiveMinCellSize(minCellSize: number): number {
  if (!Number.isFinite(minCellSize)) throw new RangeError(`minCellSize must be a finite number, got ${minCellSize}`)
  return Math.max(MIN_CELL_SIZE_FLOOR, Math.ceil(minCellSize))
}

/**
 * Ranks of a median interval that may be published: those of `medianIntervalRanks`, except when
 * the lower rank is 1, where the bounds would be the smallest and largest answers (n = 6…8 at
 * 95 %) — Sonde never publishes a minimum or a maximum.
 */
export function publishableMedianRanks(n: number, confidence = 0.95): MedianIntervalRanks | null {
  const ranks = medianIntervalRanks(n, confidence)
  return ranks && ranks.lower >= 2 ? ranks : null
}

/**
 * The primary rule that suppresses a cell, or null (domain/indicators.md, disclosure control):
 * frequency — fewer than k organisations with a valid answer (`min_count`); medians and
 * median ratios with fewer than 5 (`median_min_count`, even when k is lower); a distribution
 * category chosen by 1 to k−1 organisations (`min_count`; 0 is published as 0); dominance
 * NK(1,85) — for sums, derived sums and each total of a pooled ratio, one organisation
 * contributing more than 85 % (`dominance`; INSEE, τ-Argus `NK(1,85)`).
 */
export function primarySuppression(cell: CellCandidate, minCellSize: number): SuppressionReason | null {
  const k = effectiveMinCellSize(minCellSize)
  if (cell.n < k) return 'min_count'
  if ((cell.aggregation === 'median' || cell.aggregation === 'median_ratio') && cell.n < MEDIAN_MIN_COUNT) {
    return 'median_min_count'
  }
  if (cell.count !== null && cell.count > 0 && cell.count < k) return 'min_count'
  if (cell.contributions.some((c) => c.total > 0 && c.largest > DOMINANCE_SHARE * c.total)) return 'dominance'
  return null
}

/**
 * The links between indicators through which a suppressed figure could be recomputed from
 * published ones, for `applyDisclosureControl`:
 *  - a share "answer = v" and the category v of a distribution of the same question are the
 *    same count: each is suppressed with the other;
 *  - a sum of a question is a part of every pooled ratio and derived sum reading that question
 *    (e.g. a derived CO2e is Σ factor × the published device totals): those are suppressed where
 *    the sum is.
 */
export function disclosureLinks(definitions: readonly IndicatorDefinition[]): SuppressionLink[] {
  const links: SuppressionLink[] = []
  for (const share of definitions) {
    if (share.aggregation !== 'share' || !('equals' in share.when) || typeof share.when.equals !== 'string') continue
    const value = share.when.equals
    for (const distribution of definitions) {
      if (distribution.aggregation !== 'distribution' || distribution.question !== share.question) continue
      if (!distribution.categories.includes(value)) continue
      links.push({ source: share.id, sourceCategory: null, target: distribution.id, targetCategory: value })
      links.push({ source: distribution.id, sourceCategory: value, target: share.id, targetCategory: null })
    }
  }
  for (const sum of definitions) {
    if (sum.aggregation !== 'sum') continue
    for (const other of definitions) {
      if (other.aggregation !== 'pooled_ratio' && other.aggregation !== 'derived_sum') continue
      if (!indicatorQuestions(other).includes(sum.question)) continue
      links.push({ source: sum.id, sourceCategory: null, target: other.id, targetCategory: null })
    }
  }
  return links
}

/**
 * Applies disclosure control to computed cells and returns the cells to publish, in the same
 * order. A suppressed cell keeps its coordinates and n, and has value, ciLow, ciHigh, q1 and q3
 * null — never 0. Rules (domain/indicators.md):
 *
 * 1. `primarySuppression` for every cell.
 * 2. Secondary suppression, for the figures that add up — sums and derived sums (value), shares
 *    (organisations meeting the condition) and distribution categories (counts). The cells of one
 *    indicator form a table: families with their margin `_all`, dimension values with theirs,
 *    and for a single-choice distribution categories adding up to n (published). A cell whose n
 *    is 0 is known (its figure is 0) and protects nothing. Until none of these holds, a published
 *    cell sharing a line with the problem is suppressed (`secondary`) — the smallest holding k
 *    organisations or more, else the smallest:
 *    (a) a suppressed figure can be recomputed by subtraction along a line, repeatedly (each
 *        figure recovered helping to recover the next);
 *    (b) in a two-way table with margins, a suppressed figure is determined by combining lines:
 *        exactly when its cell is a bridge of the graph of suppressed cells (rows and columns as
 *        nodes; Gusfield 1988, "A graph theoretic approach to statistical data security");
 *    (c) the suppressed parts of a line with a published margin add up, by subtraction, to a
 *        figure made of small cells only (each known, by its reason, to hold 1…k−1
 *        organisations), or one dominated NK(1,85).
 * 3. `links` (see `disclosureLinks`) carry a suppression from one indicator to another, and 2
 *    runs again, until nothing changes.
 *
 * `fixed` cells keep the outcome they were given and are never chosen to protect another: the
 * margins of a table crossed with a dimension are the cells of the table by family, published
 * already — they must read the same in both, or one would undo the other's protection.
 *
 * (b) is exact for a table of two dimensions (Gusfield); a single-choice distribution crossed with
 * a dimension has three, where each two-way face is checked that way and then the whole table by
 * Gauss–Jordan elimination (`determinedUnknowns`). Minima and maxima are never part of a cell;
 * median intervals use ranks ≥ 2 only (`publishableMedianRanks`).
 */
export function applyDisclosureControl(
  candidates: readonly CellCandidate[],
  options: {
    minCellSize: number
    links?: readonly SuppressionLink[]
    /** Cells whose outcome is already published elsewhere (by index): kept as they are. */
    fixed?: ReadonlyMap<number, SuppressionReason | null>
  },
): IndicatorCell[] {
  const k = effectiveMinCellSize(options.minCellSize)
  const fixed = options.fixed ?? new Map<number, SuppressionReason | null>()
  const reasons: (SuppressionReason | null)[] = candidates.map((cell, i) =>
    fixed.has(i) ? (fixed.get(i) ?? null) : primarySuppression(cell, k),
  )

  const tables = new Map<string, number[]>()
  const position = new Map<string, number>()
  candidates.forEach((cell, index) => {
    const table = tables.get(cell.indicator)
    if (table) table.push(index)
    else tables.set(cell.indicator, [index])
    position.set(cellKey(cell.indicator, cell.family, cell.dimensionValue, cell.category), index)
  })

  // Cells suppressed through a link, which must stay so; cells published again after a useless
  // secondary suppression, which must stay published.
  const linked = new Set<number>()
  const released = new Set<number>()
  for (let changed = true; changed; ) {
    changed = false
    for (const indices of tables.values()) {
      const aggregation = candidates[indices[0]!]!.aggregation
      if (!ADDITIVE.has(aggregation)) continue
      if (protectTable(candidates, indices, reasons, k, { fixed, linked, released })) changed = true
    }
    for (const link of options.links ?? []) {
      for (const index of tables.get(link.source) ?? []) {
        const cell = candidates[index]!
        if (reasons[index] === null || cell.category !== link.sourceCategory) continue
        const target = position.get(cellKey(link.target, cell.family, cell.dimensionValue, link.targetCategory))
        if (target !== undefined && reasons[target] === null && !fixed.has(target)) {
          reasons[target] = 'secondary'
          linked.add(target)
          released.delete(target)
          changed = true
        }
      }
    }
  }

  return candidates.map((cell, index) => {
    const reason = reasons[index] ?? null
    const published: IndicatorCell = {
      indicator: cell.indicator,
      family: cell.family,
      dimensionValue: cell.dimensionValue,
      category: cell.category,
      n: cell.n,
      value: cell.value,
      ciLow: cell.ciLow,
      ciHigh: cell.ciHigh,
      q1: cell.q1,
      q3: cell.q3,
      suppressed: false,
      reason: null,
    }
    if (reason === null) return published
    return { ...published, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, suppressed: true, reason }
  })
}

/** Aggregations whose figures add up across families, dimension values or categories. */
const ADDITIVE: ReadonlySet<Aggregation> = new Set(['sum', 'derived_sum', 'share', 'distribution'])

const cellKey = (indicator: string, family: string, dimension: string | null, category: string | null) =>
  JSON.stringify([indicator, family, dimension, category])

/** A constraint: the parts add up to the margin (a cell, or a published total: `null`). */
interface Line {
  parts: number[]
  margin: number | null
}

/** Number of organisations behind a cell's additive figure. */
function sizeOf(cell: CellCandidate): number {
  return cell.count ?? cell.n
}

/**
 * Secondary suppression in one indicator's table (rule 2 of `applyDisclosureControl`). Mutates
 * `reasons`; true when it suppressed something.
 */
function protectTable(
  candidates: readonly CellCandidate[],
  indices: readonly number[],
  reasons: (SuppressionReason | null)[],
  k: number,
  state: { fixed: ReadonlyMap<number, SuppressionReason | null>; linked: ReadonlySet<number>; released: Set<number> },
): boolean {
  const { fixed, linked, released } = state
  const cells = indices.map((i) => candidates[i]!)
  const at = new Map(indices.map((i) => [cellKey('', candidates[i]!.family, candidates[i]!.dimensionValue, candidates[i]!.category), i]))
  const find = (family: string, dimension: string | null, category: string | null) => at.get(cellKey('', family, dimension, category))
  const families = unique(cells.map((c) => c.family))
  const dimensions = unique(cells.map((c) => c.dimensionValue))
  const categories = unique(cells.map((c) => c.category))
  const familyMargin = families.includes(ALL)
  const dimensionMargin = dimensions.includes(ALL)
  const partition = cells[0]!.partition
  const familyParts = families.filter((f) => f !== ALL)
  const dimensionParts = dimensions.filter((d) => d !== ALL)

  const lines: Line[] = []
  const defined = (items: (number | undefined)[]) => items.filter((i): i is number => i !== undefined)
  if (familyMargin) {
    for (const d of dimensions) for (const c of categories) {
      const margin = find(ALL, d, c)
      if (margin !== undefined) lines.push({ parts: defined(familyParts.map((f) => find(f, d, c))), margin })
    }
  }
  if (dimensionMargin) {
    for (const f of families) for (const c of categories) {
      const margin = find(f, ALL, c)
      if (margin !== undefined) lines.push({ parts: defined(dimensionParts.map((d) => find(f, d, c))), margin })
    }
  }
  if (partition) {
    for (const f of families) for (const d of dimensions) lines.push({ parts: defined(categories.map((c) => find(f, d, c))), margin: null })
  }
  if (lines.length === 0) return false

  // Two-way faces checked with bridges: rows × columns, each axis with its margin or known total.
  type Axis = 'family' | 'dimension' | 'category'
  const coordinate = (cell: CellCandidate, axis: Axis) =>
    axis === 'family' ? cell.family : axis === 'dimension' ? (cell.dimensionValue ?? '') : (cell.category ?? '')
  const faces: { rows: Axis; columns: Axis; fixed: Axis | null }[] = []
  const constrained = { family: familyMargin, dimension: dimensionMargin, category: partition }
  const present: Axis[] = (['family', 'dimension', 'category'] as const).filter(
    (axis) => (axis === 'family' ? true : axis === 'dimension' ? dimensions[0] !== null : categories[0] !== null),
  )
  for (let a = 0; a < present.length; a++) for (let b = a + 1; b < present.length; b++) {
    const rows = present[a]!
    const columns = present[b]!
    if (constrained[rows] && constrained[columns]) faces.push({ rows, columns, fixed: present.find((x) => x !== rows && x !== columns) ?? null })
  }

  const unknown = (i: number) => reasons[i] !== null && candidates[i]!.n > 0
  const publishable = (i: number) => reasons[i] === null && candidates[i]!.n > 0 && !fixed.has(i) && !released.has(i)
  const linesOf = new Map<number, Line[]>()
  for (const line of lines) {
    for (const i of line.margin === null ? line.parts : [...line.parts, line.margin]) {
      const list = linesOf.get(i)
      if (list) list.push(line)
      else linesOf.set(i, [line])
    }
  }

  // Problems are fixed in batches — one partner per problem found in a pass — then looked for
  // again, until a pass finds none. A cell that nothing can protect (every other member of its
  // lines is published or empty) and that was hidden only to protect another is published again:
  // hiding it protected nothing, and its figure breaks no rule.
  let changed = false
  for (;;) {
    const problems = findProblems()
    if (problems.length === 0) return changed
    let progress = false
    for (const { lines: problem, recheck, cell } of problems) {
      // A partner chosen for an earlier problem of this pass may have fixed a line's problem.
      if (recheck && problem.every((line) => !stillBroken(line))) continue
      const chosen = pickPartner(problem)
      if (chosen !== null) {
        reasons[chosen] = 'secondary'
        progress = changed = true
      } else if (cell !== null && reasons[cell] === 'secondary' && !linked.has(cell) && !fixed.has(cell)) {
        reasons[cell] = null
        released.add(cell)
        progress = changed = true
      } else {
        const anywhere = smallestOf(indices.filter(publishable))
        if (anywhere === null) continue
        reasons[anywhere] = 'secondary'
        progress = changed = true
      }
    }
    if (!progress) return changed
  }

  function hiddenIn(line: Line): number[] {
    const members = line.margin === null ? line.parts : [...line.parts, line.margin]
    return members.filter(unknown)
  }

  function stillBroken(line: Line): boolean {
    const hidden = hiddenIn(line)
    return hidden.length === 1 || unsafeUnion(line)
  }

  // (c) The suppressed parts of a line with a published margin, added up by subtraction: their
  // total must not rest on small cells only (each small cell is known to hold 1…k−1
  // organisations, its reason being published), nor be dominated by one organisation. Only
  // worth reporting while the line has a part left to suppress.
  function unsafeUnion(line: Line): boolean {
    if (line.margin !== null && reasons[line.margin] !== null) return false
    const hidden = line.parts.filter(unknown)
    if (hidden.length === 0 || !line.parts.some(publishable)) return false
    if (!hidden.some((i) => sizeOf(candidates[i]!) >= k)) return true
    let total = 0
    let largest = 0
    for (const i of hidden) {
      const c = candidates[i]!.contributions[0]
      if (!c) continue
      total += c.total
      largest = Math.max(largest, c.largest)
    }
    return total > 0 && largest > DOMINANCE_SHARE * total
  }

  /**
   * Each problem as the lines a partner may be taken from, and whether the lines alone tell when
   * it is fixed (a line's own problem) or not (a figure found by combining lines).
   */
  function findProblems(): { lines: Line[]; recheck: boolean; cell: number | null }[] {
    // (a) a line with one suppressed figure gives it by subtraction.
    const direct = lines.flatMap((line) => {
      const hidden = hiddenIn(line)
      return hidden.length === 1 ? [{ lines: [line], recheck: true, cell: hidden[0]! }] : []
    })
    if (direct.length > 0) return direct
    // (a) again, repeatedly: each figure recovered helps to recover the next.
    const recovered = new Set<number>()
    for (let progress = true; progress; ) {
      progress = false
      for (const line of lines) {
        const hidden = hiddenIn(line).filter((i) => !recovered.has(i))
        if (hidden.length === 1) {
          recovered.add(hidden[0]!)
          progress = true
        }
      }
    }
    if (recovered.size > 0) {
      const cell = Math.min(...recovered)
      return [{ lines: linesOf.get(cell) ?? [], recheck: false, cell }]
    }
    // (b) bridges of the suppressed cells in each two-way face.
    const bridged: { lines: Line[]; recheck: boolean; cell: number | null }[] = []
    for (const face of faces) {
      const slices = new Map<string, number[]>()
      for (const i of indices) {
        if (!unknown(i)) continue
        const key = face.fixed ? coordinate(candidates[i]!, face.fixed) : ''
        const slice = slices.get(key)
        if (slice) slice.push(i)
        else slices.set(key, [i])
      }
      for (const members of slices.values()) {
        const edges = members.map((i) => ({
          id: i,
          a: `r:${coordinate(candidates[i]!, face.rows)}`,
          b: `c:${coordinate(candidates[i]!, face.columns)}`,
        }))
        // One bridge at a time: a partner for one often puts its neighbours on a cycle too.
        const [bridge] = findBridges(edges).sort((a, b) => a - b)
        if (bridge !== undefined) bridged.push({ lines: linesOf.get(bridge) ?? [], recheck: false, cell: bridge })
      }
    }
    if (bridged.length > 0) return bridged
    // (c)
    const unions = lines.filter(unsafeUnion).map((line) => ({ lines: [line], recheck: true, cell: null }))
    if (unions.length > 0) return unions
    // (b) again, exactly, where faces do not tell everything: a three-way table.
    if (faces.length === 3) {
      const rows = lines.map((line) => {
        const row: SparseRow = new Map()
        for (const i of line.parts) if (unknown(i)) row.set(i, 1)
        if (line.margin !== null && unknown(line.margin)) row.set(line.margin, -1)
        return row
      })
      const [determined] = determinedUnknowns(rows.filter((row) => row.size > 0)).sort((a, b) => a - b)
      if (determined !== undefined) return [{ lines: linesOf.get(determined) ?? [], recheck: false, cell: determined }]
    }
    return []
  }

  function smallestOf(options: number[]): number | null {
    return options.sort((a, b) => sizeOf(candidates[a]!) - sizeOf(candidates[b]!) || a - b)[0] ?? null
  }

  // The partner: the smallest part of the problem's lines that holds k organisations or more,
  // else the smallest part, else the smallest margin; none when the lines have none left.
  function pickPartner(problem: Line[]): number | null {
    const parts = unique(problem.flatMap((l) => l.parts)).filter(publishable)
    const large = parts.filter((i) => sizeOf(candidates[i]!) >= k)
    if (large.length > 0) return smallestOf(large)
    if (parts.length > 0) return smallestOf(parts)
    return smallestOf(unique(problem.flatMap((l) => (l.margin === null ? [] : [l.margin]))).filter(publishable))
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)]
}
