import type { Aggregation, IndicatorCell, SuppressionReason } from '@sonde/contracts'
import { ALL } from '../dimensions/dimensions'
import { indicatorQuestions } from '../indicators/meta'
import type { IndicatorDefinition } from '../indicators/types'
import { medianIntervalRanks, type MedianIntervalRanks } from '../statistics/median-interval'
import { quantileRanks } from '../statistics/order-statistics'
import { findBridges } from './bridges'
import type { IndicatorFilter } from './filters'
import { determinedUnknowns, type SparseRow } from './linear-audit'
import { Simplex } from './linear-program'
import { DEFAULT_P_PERCENT, pPercentFails, type RankEquality } from './p-percent'
import { roundFigure } from './public-view'

/** No published cell ever rests on fewer organisations (INSEE frequency rule). */
export const MIN_CELL_SIZE_FLOOR = 3
/** A median (and its quartiles) needs this many organisations, whatever the wave's minimum. */
export const MEDIAN_MIN_COUNT = 5
/** NK(1, 85): one contributor above this share of a total suppresses it. */
export const DOMINANCE_SHARE = 0.85

/**
 * What the rules need to know of one total (a sum, a derived sum, one side of a pooled ratio):
 * its two largest contributions and the total, in absolute values, and the smallest answer an
 * attacker may assume (`contributionLowerBound`; 0 when absent).
 */
export interface Contribution {
  largest: number
  /** The second largest contribution; 0 with fewer than two. */
  second: number
  total: number
  lowerBound?: number
}

/**
 * A cell as computed, before disclosure control: the figures of an `IndicatorCell` (n always
 * known) plus what the rules need and never publish — the count behind a distribution category
 * or a share, the contributions to each total, whether the categories of a distribution partition
 * its respondents, the n of the filter questions when the indicator's question is filtered, and
 * the question a sum or a median is made of (a sum and a median of the same question in the same
 * cell are read together by the p % rule).
 */
export interface CellCandidate extends Omit<IndicatorCell, 'suppressed' | 'reason' | 'n'> {
  n: number
  aggregation: Aggregation
  /** Distribution category: organisations that chose it; share: organisations meeting the condition; null otherwise. */
  count: number | null
  /** One entry per total the value is made of (a sum: one; a pooled ratio: two). */
  contributions: readonly Contribution[]
  /** Distribution: true for a single-choice question, whose categories add up to n. */
  partition: boolean
  /** Filtered question: the smallest n, in the same cell, of the questions its filters test; null otherwise. */
  filterN: number | null
  /** Sum or median of one question: that question; null otherwise. */
  question: string | null
  /**
   * The cell cannot hold anyone, and everyone knows it: a category of the question the table is
   * crossed by, in another value of that question (associations among the SCOP). Its 0 is known
   * like an empty cell's: hidden (min_count), it neither needs nor gives protection.
   */
  impossible?: boolean
}

/**
 * "If `source` (its `sourceCategory`) is suppressed in a cell, suppress `target` (its
 * `targetCategory`) in the same family and dimension value": how one indicator's figure can be
 * recomputed from another's (`disclosureLinks`). With `sourceN` or `targetN`, that side is the
 * indicator's n in the cell — the count of a filtered question's respondents — instead of a figure.
 */
export interface SuppressionLink {
  source: string
  sourceCategory: string | null
  target: string
  targetCategory: string | null
  sourceN?: true
  targetN?: true
}

/** The outcome of a cell that is decided already: hidden with its reason, or published (null). */
export type FixedOutcome = SuppressionReason | null

/** The key of a cell among a computation's cells: indicator, family, dimension value, category. */
export function cellKey(indicator: string, family: string, dimensionValue: string | null, category: string | null): string {
  return JSON.stringify([indicator, family, dimensionValue, category])
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

const isFiltered = (cell: CellCandidate) => cell.filterN !== null && cell.filterN > 0

/**
 * The primary rule that suppresses a cell, or null (docs/indicators.md, "Disclosure control";
 * k = the wave's minimum, never below 3; p of the p % rule, 15 by default):
 *  - frequency: fewer than k organisations with a valid answer (`min_count`); a question shown
 *    only under a filter has an n that counts the organisations meeting the filter, so its n and
 *    the filter's n minus its n must each reach k (`filter_count`);
 *  - medians and median ratios with fewer than 5 organisations (`median_min_count`);
 *  - counts (INSEE, Eurostat threshold rule on frequency tables): a distribution category, and
 *    the organisations meeting a share's condition, must hold at least k organisations
 *    (`min_count`; 0 included: a category chosen by nobody says what each one answered), and so
 *    must their complement in n (`complement`: a category chosen by everyone, a 100 % share);
 *  - dominance NK(1,85) — for sums, derived sums and each total of a pooled ratio, one
 *    organisation contributing more than 85 % (`dominance`; INSEE, τ-Argus `NK(1,85)`);
 *  - the p % rule on the same totals: the second-largest contributor, knowing its own answer, n,
 *    the total and the questionnaire's lower bound, must not bound the largest contribution within
 *    p % (`p_percent`; `pPercentFails`).
 */
export function primarySuppression(cell: CellCandidate, minCellSize: number, pPercent = DEFAULT_P_PERCENT): SuppressionReason | null {
  const k = effectiveMinCellSize(minCellSize)
  if (isFiltered(cell) && (cell.n < k || cell.filterN! - cell.n < k)) return 'filter_count'
  if (cell.n < k) return 'min_count'
  if ((cell.aggregation === 'median' || cell.aggregation === 'median_ratio') && cell.n < MEDIAN_MIN_COUNT) {
    return 'median_min_count'
  }
  if (cell.count !== null) {
    if (cell.count < k) return 'min_count'
    if (cell.n - cell.count < k) return 'complement'
  }
  if (cell.contributions.some((c) => c.total > 0 && c.largest > DOMINANCE_SHARE * c.total)) return 'dominance'
  const fails = cell.contributions.some((c) =>
    pPercentFails({ n: cell.n, total: c.total, largest: c.largest, second: c.second, lowerBound: Math.max(0, c.lowerBound ?? 0) }, pPercent),
  )
  return fails ? 'p_percent' : null
}

/**
 * The links between indicators through which a suppressed figure could be recomputed from
 * published ones, for `applyDisclosureControl`:
 *  - a share "answer = v" and the category v of a distribution of the same question are the
 *    same count: each is suppressed with the other;
 *  - a sum of a question is a part of every pooled ratio and derived sum reading that question
 *    (e.g. a derived CO2e is Σ factor × the published device totals): those are suppressed where
 *    the sum is;
 *  - with `filters` (`indicatorFilters`): the n of a question shown when `{f} = v` counts the
 *    organisations answering v to f, as a share "f = v" or the category v of f do — each hidden
 *    with the other; and indicators reading the same filtered questions share their n.
 */
export function disclosureLinks(definitions: readonly IndicatorDefinition[], filters: ReadonlyMap<string, IndicatorFilter> = new Map()): SuppressionLink[] {
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
  for (const definition of definitions) {
    const filter = filters.get(definition.id)
    if (!filter) continue
    for (const { question, value } of filter.equals) {
      for (const other of definitions) {
        if (other.aggregation === 'share' && other.question === question && 'equals' in other.when && other.when.equals === value) {
          links.push({ source: other.id, sourceCategory: null, target: definition.id, targetCategory: null, targetN: true })
          links.push({ source: definition.id, sourceCategory: null, target: other.id, targetCategory: null, sourceN: true })
        }
        if (other.aggregation === 'distribution' && other.question === question && typeof value === 'string' && other.categories.includes(value)) {
          links.push({ source: other.id, sourceCategory: value, target: definition.id, targetCategory: null, targetN: true })
          links.push({ source: definition.id, sourceCategory: null, target: other.id, targetCategory: value, sourceN: true })
        }
      }
    }
    const questions = indicatorQuestions(definition).join('\u0000')
    for (const other of definitions) {
      if (other.id === definition.id || !filters.has(other.id) || indicatorQuestions(other).join('\u0000') !== questions) continue
      links.push({ source: definition.id, sourceCategory: null, target: other.id, targetCategory: null, sourceN: true, targetN: true })
    }
  }
  return links
}

/** Options of `applyDisclosureControl`. */
export interface DisclosureOptions {
  minCellSize: number
  /** p of the p % rule (15 by default). */
  pPercent?: number
  links?: readonly SuppressionLink[]
  /** Cells whose outcome is decided already (by index): kept as they are, never chosen to protect another. */
  fixed?: ReadonlyMap<number, FixedOutcome>
  /** Cells hidden whatever the rules say (by `cellKey`), as primary suppressions with the reason given. */
  hide?: ReadonlyMap<string, SuppressionReason>
}

/**
 * Applies disclosure control to computed cells and returns the staff view of the cells, in the
 * same order: a suppressed cell keeps its coordinates, its n and its reason, and has value,
 * ciLow, ciHigh, q1 and q3 null — never 0; every figure is rounded to 15 significant digits
 * (`roundFigure`). Everyone but staff reads them through `publicCells`. Rules
 * (docs/indicators.md, "Disclosure control"; Hundepool et al., "Statistical Disclosure Control", Wiley 2012, ch. 4):
 *
 * 1. `primarySuppression` for every cell; `hide` adds primary suppressions of its own (the rule's
 *    reason wins when both apply).
 * 2. Secondary suppression of the figures that add up — sums and derived sums (totals), shares
 *    (organisations meeting the condition), distribution categories (counts), and the n of a
 *    filtered question (a count of the filter's answers: each such indicator has a table of its
 *    n's, and hiding an n hides every figure of its cell). The cells of one table are lined up:
 *    families with their margin `_all`, dimension values with theirs, and for a single-choice
 *    distribution categories adding up to n (known). A cell whose n is 0 is known (its figure is
 *    0) and protects nothing, and so is an `impossible` one. Until none of these holds, a published cell sharing a line with the
 *    problem is suppressed (`secondary`) — the smallest holding k organisations or more, else the
 *    smallest:
 *    (a) a suppressed figure can be recomputed by subtraction along a line, repeatedly (each
 *        figure recovered helping to recover the next);
 *    (b) in a two-way table with margins, a suppressed figure is determined by combining lines:
 *        exactly when its cell is a bridge of the graph of suppressed cells (rows and columns as
 *        nodes; Gusfield 1988, "A graph theoretic approach to statistical data security"); a
 *        three-way table is checked face by face, then whole by Gauss–Jordan elimination
 *        (`determinedUnknowns`);
 *    (c) the suppressed parts of a line with a published margin add up, by subtraction, to a
 *        figure that would itself fail the primary rules: a count, or its complement, under k
 *        (0 too: every part would be 0); a total of fewer than k organisations, dominated
 *        NK(1,85), or failing the p % rule;
 *    (d) the bounds decide a suppressed figure: a count lies between 0 and its n, a total above n
 *        times its lower bound; a figure at one of its bounds (a hidden 0, a hidden 100 %) can
 *        only move one way, and when every move the lines allow is blocked that way, the figure
 *        is known (`blockedFigures`, by linear programming). With no figure at a bound, (a) and
 *        (b) say everything: every other move is free both ways.
 * 3. `links` (see `disclosureLinks`) carry a suppression from one indicator to another, and 2
 *    runs again, until nothing changes.
 * 4. The p % rule read against a median cell: where a published sum and a published median of the
 *    same question share a cell (and n), the second-largest contributor also knows the median, the
 *    quartiles (percentile_cont interpolations between known ranks) and the interval's bounds
 *    (order statistics) — when its bound on the largest contribution (`largestContributionBound`)
 *    then fails the rule, the median cell keeps its median but loses its quartiles and interval
 *    (published, reason `p_percent`); when the median alone still fails it, the median cell is
 *    suppressed (`p_percent`). The total stays.
 *
 * `fixed` cells keep the outcome they were given and are never chosen to protect another: the
 * margins of a table crossed with a dimension are the cells of the table by family, published
 * already — they must read the same in both, or one would undo the other's protection.
 * Minima and maxima are never part of a cell; median intervals use ranks ≥ 2 only
 * (`publishableMedianRanks`).
 */
export function applyDisclosureControl(candidates: readonly CellCandidate[], options: DisclosureOptions): IndicatorCell[] {
  const k = effectiveMinCellSize(options.minCellSize)
  const pPercent = options.pPercent ?? DEFAULT_P_PERCENT
  const fixedCells = options.fixed ?? new Map<number, FixedOutcome>()
  const units = buildUnits(candidates)
  const reasons: (SuppressionReason | null)[] = units.map(() => null)
  const fixed = new Set<number>()
  candidates.forEach((cell, i) => {
    if (fixedCells.has(i)) {
      reasons[i] = fixedCells.get(i) ?? null
      fixed.add(i)
      return
    }
    const key = cellKey(cell.indicator, cell.family, cell.dimensionValue, cell.category)
    reasons[i] = primarySuppression(cell, k, pPercent) ?? options.hide?.get(key) ?? null
  })
  for (let u = candidates.length; u < units.length; u++) {
    const unit = units[u]!
    const members = unit.members!
    if (members.every((m) => fixed.has(m))) {
      fixed.add(u)
      reasons[u] = members.every((m) => reasons[m] !== null) ? 'secondary' : null
    } else {
      reasons[u] = !unit.empty && (unit.value < k || unit.upper - unit.value < k) ? 'filter_count' : null
    }
  }

  const state: ProtectionState = { units, reasons, fixed, linked: new Set(), released: new Set(), k, pPercent, audited: new Map() }
  const tables = new Map<string, number[]>()
  const position = new Map<string, number>()
  const nEntry = new Map<string, number>()
  units.forEach((unit, u) => {
    if (unit.members) nEntry.set(cellKey(unit.indicator, unit.family, unit.dimensionValue, null), u)
    else position.set(cellKey(unit.indicator, unit.family, unit.dimensionValue, unit.category), u)
    if (!unit.additive) return
    const table = tables.get(unit.table)
    if (table) table.push(u)
    else tables.set(unit.table, [u])
  })

  for (let changed = true; changed;) {
    changed = false
    for (const indices of tables.values()) {
      if (protectTable(state, indices)) changed = true
    }
    if (synchroniseCounts(state)) changed = true
    for (const link of options.links ?? []) {
      for (const index of tables.get(link.sourceN ? `n:${link.source}` : link.source) ?? []) {
        const unit = units[index]!
        if (reasons[index] === null || (!link.sourceN && unit.category !== link.sourceCategory)) continue
        const target = link.targetN
          ? nEntry.get(cellKey(link.target, unit.family, unit.dimensionValue, null))
          : position.get(cellKey(link.target, unit.family, unit.dimensionValue, link.targetCategory))
        if (target !== undefined && reasons[target] === null && !fixed.has(target)) {
          reasons[target] = 'secondary'
          state.linked.add(target)
          state.released.delete(target)
          changed = true
        }
      }
    }
    if (synchroniseCounts(state)) changed = true
  }

  const withheld = applyMedianRule(candidates, reasons, fixed, pPercent)

  return candidates.map((cell, index) => {
    const reason = reasons[index] ?? null
    const published: IndicatorCell = {
      indicator: cell.indicator,
      family: cell.family,
      dimensionValue: cell.dimensionValue,
      category: cell.category,
      n: cell.n,
      value: roundFigure(cell.value),
      ciLow: roundFigure(cell.ciLow),
      ciHigh: roundFigure(cell.ciHigh),
      q1: roundFigure(cell.q1),
      q3: roundFigure(cell.q3),
      suppressed: false,
      reason: null,
    }
    if (reason === null) {
      return withheld.has(index) ? { ...published, q1: null, q3: null, ciLow: null, ciHigh: null, reason: 'p_percent' } : published
    }
    return { ...published, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, suppressed: true, reason }
  })
}

/** Aggregations whose figures add up across families, dimension values or categories. */
const ADDITIVE: ReadonlySet<Aggregation> = new Set(['sum', 'derived_sum', 'share', 'distribution'])

/**
 * One figure that secondary suppression protects: a cell's additive figure, or the n of a
 * filtered question's cell (`members`: the cells that publish it).
 */
interface Unit {
  indicator: string
  /** The table it is lined up in: the indicator, or `n:` and the indicator for the n's. */
  table: string
  family: string
  dimensionValue: string | null
  category: string | null
  additive: boolean
  kind: 'count' | 'sum'
  /** Organisations behind the figure: a count itself, or the n of a total. */
  size: number
  value: number
  /** The figure's bounds as an attacker knows them: 0…n for a count, n × lower bound…∞ for a total. */
  lowest: number
  upper: number
  n: number
  contribution: Contribution | null
  /** Known to be 0: nobody to count. */
  empty: boolean
  partition: boolean
  members: number[] | null
}

function buildUnits(candidates: readonly CellCandidate[]): Unit[] {
  const units: Unit[] = candidates.map((cell) => {
    const isSum = cell.aggregation === 'sum' || cell.aggregation === 'derived_sum'
    const contribution = cell.contributions[0] ?? null
    return {
      indicator: cell.indicator,
      table: cell.indicator,
      family: cell.family,
      dimensionValue: cell.dimensionValue,
      category: cell.category,
      additive: ADDITIVE.has(cell.aggregation),
      kind: isSum ? 'sum' : 'count',
      size: isSum ? cell.n : (cell.count ?? cell.n),
      value: isSum ? (cell.value ?? 0) : (cell.count ?? 0),
      lowest: isSum ? cell.n * (contribution?.lowerBound ?? 0) : 0,
      upper: isSum ? Infinity : cell.n,
      n: cell.n,
      contribution,
      empty: cell.n === 0 || cell.impossible === true,
      partition: cell.partition,
      members: null,
    }
  })
  const groups = new Map<string, number[]>()
  candidates.forEach((cell, i) => {
    if (cell.filterN === null) return
    const key = cellKey(cell.indicator, cell.family, cell.dimensionValue, null)
    const group = groups.get(key)
    if (group) group.push(i)
    else groups.set(key, [i])
  })
  for (const members of groups.values()) {
    const cell = candidates[members[0]!]!
    units.push({
      indicator: cell.indicator,
      table: `n:${cell.indicator}`,
      family: cell.family,
      dimensionValue: cell.dimensionValue,
      category: null,
      additive: true,
      kind: 'count',
      size: cell.n,
      value: cell.n,
      lowest: 0,
      upper: cell.filterN!,
      n: cell.filterN!,
      contribution: null,
      empty: cell.filterN === 0,
      partition: false,
      members,
    })
  }
  return units
}

interface ProtectionState {
  units: readonly Unit[]
  reasons: (SuppressionReason | null)[]
  fixed: ReadonlySet<number>
  /** Cells suppressed through a link or a hidden n, which must stay so. */
  linked: Set<number>
  /** Cells published again after a useless secondary suppression, which must stay published. */
  released: Set<number>
  k: number
  pPercent: number
  /** Per table, the hidden figures (and their bounds) last found with none determined by its bounds. */
  audited: Map<readonly number[], string>
}

/** Whether a unit's figure is hidden from everyone but staff: its own suppression, or every cell publishing it hidden. */
function isHidden(state: ProtectionState, u: number): boolean {
  if (state.reasons[u] !== null) return true
  const members = state.units[u]!.members
  return members !== null && members.every((m) => state.reasons[m] !== null)
}

/** A hidden n hides every figure of its cell. True when it suppressed something. */
function synchroniseCounts(state: ProtectionState): boolean {
  let changed = false
  state.units.forEach((unit, u) => {
    const reason = state.reasons[u]
    if (!unit.members || reason === null) return
    for (const m of unit.members) {
      if (state.reasons[m] !== null || state.fixed.has(m)) continue
      state.reasons[m] = reason === 'filter_count' ? 'filter_count' : 'secondary'
      state.linked.add(m)
      state.released.delete(m)
      changed = true
    }
  })
  return changed
}

/** A constraint: the parts add up to the margin (a cell, or a known total: `null`). */
interface Line {
  parts: number[]
  margin: number | null
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)]

/**
 * Secondary suppression in one table (rule 2 of `applyDisclosureControl`). Mutates
 * `state.reasons`; true when it suppressed or published again something.
 */
function protectTable(state: ProtectionState, indices: readonly number[]): boolean {
  const { units, reasons, fixed, linked, released, k, pPercent, audited } = state
  const at = new Map(indices.map((i) => [cellKey('', units[i]!.family, units[i]!.dimensionValue, units[i]!.category), i]))
  const find = (family: string, dimension: string | null, category: string | null) => at.get(cellKey('', family, dimension, category))
  const cells = indices.map((i) => units[i]!)
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
    for (const d of dimensions)
      for (const c of categories) {
        const margin = find(ALL, d, c)
        if (margin !== undefined) lines.push({ parts: defined(familyParts.map((f) => find(f, d, c))), margin })
      }
  }
  if (dimensionMargin) {
    for (const f of families)
      for (const c of categories) {
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
  const coordinate = (unit: Unit, axis: Axis) => (axis === 'family' ? unit.family : axis === 'dimension' ? (unit.dimensionValue ?? '') : (unit.category ?? ''))
  const faces: { rows: Axis; columns: Axis; fixed: Axis | null }[] = []
  const constrained = { family: familyMargin, dimension: dimensionMargin, category: partition }
  const present: Axis[] = (['family', 'dimension', 'category'] as const).filter((axis) =>
    axis === 'family' ? true : axis === 'dimension' ? dimensions[0] !== null : categories[0] !== null,
  )
  for (let a = 0; a < present.length; a++)
    for (let b = a + 1; b < present.length; b++) {
      const rows = present[a]!
      const columns = present[b]!
      if (constrained[rows] && constrained[columns]) faces.push({ rows, columns, fixed: present.find((x) => x !== rows && x !== columns) ?? null })
    }

  const unknown = (i: number) => !units[i]!.empty && isHidden(state, i)
  const publishable = (i: number) => !units[i]!.empty && !isHidden(state, i) && !fixed.has(i) && !released.has(i)
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

  // (c) The suppressed parts of a line with a published margin (or a known total), added up by
  // subtraction, must pass the primary rules as one cell would. Only worth reporting while the
  // line has a part left to suppress.
  function unsafeUnion(line: Line): boolean {
    if (line.margin !== null && unknown(line.margin)) return false
    const hidden = line.parts.filter(unknown)
    if (hidden.length === 0 || !line.parts.some(publishable)) return false
    const parts = hidden.map((i) => units[i]!)
    if (parts[0]!.kind === 'count') {
      const count = parts.reduce((sum, p) => sum + p.value, 0)
      const of = line.margin === null ? parts[0]!.upper : parts.reduce((sum, p) => sum + p.upper, 0)
      return count < k || of - count < k
    }
    const n = parts.reduce((sum, p) => sum + p.n, 0)
    if (n < k) return true
    let total = 0
    let largest = 0
    let second = 0
    let lowerBound = Infinity
    for (const part of parts) {
      const c = part.contribution
      if (!c) continue
      total += c.total
      for (const value of [c.largest, c.second]) {
        if (value > largest) [largest, second] = [value, largest]
        else if (value > second) second = value
      }
      lowerBound = Math.min(lowerBound, Math.max(0, c.lowerBound ?? 0))
    }
    if (total <= 0) return false
    if (largest > DOMINANCE_SHARE * total) return true
    return pPercentFails({ n, total, largest, second, lowerBound: Number.isFinite(lowerBound) ? lowerBound : 0 }, pPercent)
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
    for (let progress = true; progress;) {
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
        const key = face.fixed ? coordinate(units[i]!, face.fixed) : ''
        const slice = slices.get(key)
        if (slice) slice.push(i)
        else slices.set(key, [i])
      }
      for (const members of slices.values()) {
        const edges = members.map((i) => ({
          id: i,
          a: `r:${coordinate(units[i]!, face.rows)}`,
          b: `c:${coordinate(units[i]!, face.columns)}`,
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
    // (d), once per pattern of hidden figures: the tables are checked again and again until
    // nothing changes anywhere, and a table that did not change has nothing new to find.
    const bounds = boundsOfHidden()
    const signature = [...bounds].map(([i, b]) => `${i}:${b}`).join(',')
    if (audited.get(indices) === signature) return []
    const [stuck] = blockedFigures(bounds, lineRows()).sort((a, b) => a - b)
    if (stuck !== undefined) return [{ lines: linesOf.get(stuck) ?? [], recheck: false, cell: stuck }]
    audited.set(indices, signature)
    return []
  }

  /** Each hidden figure of the table: +1 at its lowest value, −1 at its highest, 0 between. */
  function boundsOfHidden(): Map<number, 1 | -1 | 0> {
    const bounds = new Map<number, 1 | -1 | 0>()
    for (const i of indices) {
      if (!unknown(i)) continue
      const unit = units[i]!
      const tolerance = 1e-9 * Math.max(1, Math.abs(unit.value))
      bounds.set(i, unit.value <= unit.lowest + tolerance ? 1 : unit.value >= unit.upper - tolerance ? -1 : 0)
    }
    return bounds
  }

  /** The lines over the hidden figures: parts − margin = 0, or parts = a known total. */
  function lineRows(): Map<number, number>[] {
    return lines
      .map((line) => {
        const coefficients = new Map<number, number>()
        for (const i of line.parts) if (unknown(i)) coefficients.set(i, 1)
        if (line.margin !== null && unknown(line.margin)) coefficients.set(line.margin, -1)
        return coefficients
      })
      .filter((row) => row.size > 0)
  }

  function smallestOf(options: number[]): number | null {
    return options.sort((a, b) => units[a]!.size - units[b]!.size || a - b)[0] ?? null
  }

  // The partner: the smallest part of the problem's lines that holds k organisations or more,
  // else the smallest part, else the smallest margin; none when the lines have none left.
  function pickPartner(problem: Line[]): number | null {
    const parts = unique(problem.flatMap((l) => l.parts)).filter(publishable)
    const large = parts.filter((i) => units[i]!.size >= k)
    if (large.length > 0) return smallestOf(large)
    if (parts.length > 0) return smallestOf(parts)
    return smallestOf(unique(problem.flatMap((l) => (l.margin === null ? [] : [l.margin]))).filter(publishable))
  }
}

/**
 * The hidden figures that sit at one of their bounds and that no move allowed by the lines takes
 * off it (rule 2 (d) of `applyDisclosureControl`). A move d of the hidden figures keeps every line
 * (Σ coefficient × d = 0); a figure at its lowest value may only grow (d ≥ 0), one at its highest
 * only shrink (d ≤ 0). The moves form a cone; a figure at a bound is determined exactly when every
 * move of the cone leaves it unchanged. Figures sharing no line are taken apart; then each round
 * maximises the total move of the figures at a bound not yet seen moving, each capped at 1 (the
 * cone scales): the optimum is positive exactly when one of them can move, so a round that moves
 * none of them proves every one of them determined.
 */
export function blockedFigures(hidden: ReadonlyMap<number, 1 | -1 | 0>, rows: readonly ReadonlyMap<number, number>[]): number[] {
  // Figures that share no line move independently: one programme per group of figures joined by lines.
  const group = new Map<number, number>([...hidden.keys()].map((f) => [f, f]))
  const root = (f: number): number => {
    while (group.get(f) !== f) f = group.get(f)!
    return f
  }
  for (const row of rows) {
    const [first, ...others] = [...row.keys()]
    for (const other of others) group.set(root(other), root(first!))
  }
  const members = new Map<number, number[]>()
  for (const f of hidden.keys()) {
    const r = root(f)
    const list = members.get(r)
    if (list) list.push(f)
    else members.set(r, [f])
  }
  const rowsOf = new Map<number, ReadonlyMap<number, number>[]>()
  for (const row of rows) {
    const r = root(row.keys().next().value!)
    const list = rowsOf.get(r)
    if (list) list.push(row)
    else rowsOf.set(r, [row])
  }
  const blocked: number[] = []
  for (const [r, figures] of members) {
    if (figures.some((f) => hidden.get(f) !== 0)) blocked.push(...blockedInGroup(figures, hidden, rowsOf.get(r) ?? []))
  }
  return blocked
}

function blockedInGroup(figures: readonly number[], hidden: ReadonlyMap<number, 1 | -1 | 0>, rows: readonly ReadonlyMap<number, number>[]): number[] {
  // The moves are the solutions of the lines: Gauss–Jordan expresses some figures (pivots, taken
  // among the free ones first) through the others, so that the programme keeps one variable per
  // remaining figure and one row per pivot at a bound — far fewer than one per line.
  const order = [...figures].sort((a, b) => Math.abs(hidden.get(a)!) - Math.abs(hidden.get(b)!) || a - b)
  const column = new Map(order.map((f, j) => [f, j]))
  const reduced = rows.map((row) => {
    const dense = new Float64Array(order.length)
    for (const [f, c] of row) dense[column.get(f)!] = c
    return dense
  })
  const pivots: { figure: number; row: Float64Array }[] = []
  let next = 0
  for (let j = 0; j < order.length && next < reduced.length; j++) {
    let best = next
    for (let r = next + 1; r < reduced.length; r++) if (Math.abs(reduced[r]![j]!) > Math.abs(reduced[best]![j]!)) best = r
    if (Math.abs(reduced[best]![j]!) < 1e-9) continue
    ;[reduced[next], reduced[best]] = [reduced[best]!, reduced[next]!]
    const line = reduced[next]!
    const scale = line[j]!
    const nonZero: number[] = []
    for (let c = 0; c < line.length; c++) {
      if (line[c] === 0) continue
      line[c]! /= scale
      nonZero.push(c)
    }
    for (let r = 0; r < reduced.length; r++) {
      if (r === next) continue
      const other = reduced[r]!
      const factor = other[j]!
      if (factor === 0) continue
      for (const c of nonZero) other[c]! -= factor * line[c]!
      other[j] = 0
    }
    pivots.push({ figure: order[j]!, row: line })
    next++
  }
  const isPivot = new Set(pivots.map((p) => p.figure))
  const free = order.filter((f) => !isPivot.has(f))
  const variable = new Map(free.map((f, v) => [f, v]))
  // A pivot's move: d_pivot = −Σ row[j]·d_j over the free figures.
  const moveOf = (pivot: { row: Float64Array }) =>
    new Map(free.flatMap((f) => (Math.abs(pivot.row[column.get(f)!]!) > 1e-12 ? [[variable.get(f)!, -pivot.row[column.get(f)!]!] as [number, number]] : [])))
  const bounded = pivots.filter((p) => hidden.get(p.figure) !== 0)

  // Variables: the free figures, then one slack per pivot at a bound (its move, within its range).
  const slackOf = new Map(bounded.map((p, i) => [p.figure, free.length + i]))
  const indexOf = (f: number) => variable.get(f) ?? slackOf.get(f)!
  const ranged = [...free, ...bounded.map((p) => p.figure)]
  let pending = figures.filter((f) => hidden.get(f) !== 0)
  const range = (f: number, capped: boolean): [number, number] => {
    const bound = hidden.get(f)!
    if (bound === 1) return [0, capped ? 1 : Infinity]
    if (bound === -1) return [capped ? -1 : -Infinity, 0]
    return [-Infinity, Infinity]
  }
  const simplex = new Simplex({
    objective: new Array<number>(ranged.length).fill(0),
    rows: bounded.map((p, i) => {
      const coefficients = moveOf(p)
      coefficients.set(free.length + i, -1)
      return { coefficients, rhs: 0 }
    }),
    lower: ranged.map((f) => range(f, true)[0]),
    upper: ranged.map((f) => range(f, true)[1]),
  })
  // Each round starts from the optimum of the last, with the figures seen moving uncapped.
  while (pending.length > 0) {
    const objective = new Array<number>(ranged.length).fill(0)
    for (const f of pending) objective[indexOf(f)] = hidden.get(f)!
    const result = simplex.maximise(objective)
    if (result.status !== 'optimal') return pending
    const moved = pending.filter((f) => hidden.get(f)! * result.x[indexOf(f)]! > 1e-7)
    if (moved.length === 0) return pending
    for (const f of moved) simplex.relax(indexOf(f), ...range(f, false))
    pending = pending.filter((f) => !moved.includes(f))
  }
  return []
}

/**
 * Rule 4 of `applyDisclosureControl`: which published median cells lose their quartiles and
 * interval (returned) and which are hidden (`reasons` set to `p_percent`).
 */
function applyMedianRule(
  candidates: readonly CellCandidate[],
  reasons: (SuppressionReason | null)[],
  fixed: ReadonlySet<number>,
  pPercent: number,
): Set<number> {
  const withheld = new Set<number>()
  const sums = new Map<string, number>()
  candidates.forEach((cell, i) => {
    if (cell.aggregation === 'sum' && cell.question !== null && reasons[i] === null) {
      sums.set(cellKey(cell.question, cell.family, cell.dimensionValue, null), i)
    }
  })
  candidates.forEach((median, i) => {
    if (median.aggregation !== 'median' || median.question === null || reasons[i] !== null || median.value === null) return
    const s = sums.get(cellKey(median.question, median.family, median.dimensionValue, null))
    if (s === undefined) return
    const sum = candidates[s]!
    const contribution = sum.contributions[0]
    if (!contribution || sum.n !== median.n || sum.value === null) return
    // Negative answers: the attacker has no lower bound to lean on, the median adds nothing.
    if (Math.abs(contribution.total - Math.abs(sum.value)) > 1e-9 * Math.max(1, contribution.total)) return
    const n = median.n
    const quantile = (p: number, value: number | null): RankEquality[] => {
      if (value === null) return []
      const { below, above, weight } = quantileRanks(n, p)
      return [{ below, above, weight, value }]
    }
    const interval = publishableMedianRanks(n)
    const medianOnly = quantile(0.5, median.value)
    const everything = [
      ...medianOnly,
      ...quantile(0.25, median.q1),
      ...quantile(0.75, median.q3),
      ...(interval && median.ciLow !== null ? [{ below: interval.lower, above: interval.lower, weight: 0, value: median.ciLow }] : []),
      ...(interval && median.ciHigh !== null ? [{ below: interval.upper, above: interval.upper, weight: 0, value: median.ciHigh }] : []),
    ]
    const fails = (equalities: RankEquality[]) =>
      pPercentFails(
        { n, total: sum.value!, largest: contribution.largest, second: contribution.second, lowerBound: contribution.lowerBound ?? 0, equalities },
        pPercent,
      )
    if (!fails(everything)) return
    if (fails(medianOnly) && !fixed.has(i)) reasons[i] = 'p_percent'
    else withheld.add(i)
  })
  return withheld
}
