import type { Aggregation, IndicatorCell, SuppressionReason } from '@sonde/contracts'
import { medianIntervalRanks, type MedianIntervalRanks } from '../statistics/median-interval'

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
 * Applies disclosure control to computed cells and returns the cells to publish, in the same
 * order. A suppressed cell keeps its indicator, family, category and n, and has value, ciLow,
 * ciHigh, q1 and q3 null — never 0. Rules: `primarySuppression` for every cell, then one
 * secondary rule: in a single-choice distribution (categories adding up to n), the suppressed
 * categories could be recomputed as n minus the published ones, so when some category is
 * suppressed and no suppressed category has k or more organisations, the smallest published
 * category with at least k is suppressed too (`secondary`), or, if there is none, every category
 * of that distribution. Not covered yet: totals or margins across families or categories (none
 * are published so far), multiple-choice distributions (their categories do not add up to n),
 * and a two-category distribution whose both counts are below k, which n still reveals. Minima
 * and maxima are never part of a cell; median intervals are computed only from ranks ≥ 2
 * (`publishableMedianRanks`).
 */
export function applyDisclosureControl(
  candidates: readonly CellCandidate[],
  options: { minCellSize: number },
): IndicatorCell[] {
  const k = effectiveMinCellSize(options.minCellSize)
  const reasons = candidates.map((cell) => primarySuppression(cell, k))

  const partitions = new Map<string, number[]>()
  candidates.forEach((cell, index) => {
    if (cell.aggregation !== 'distribution' || !cell.partition) return
    const key = JSON.stringify([cell.indicator, cell.family])
    partitions.set(key, [...(partitions.get(key) ?? []), index])
  })
  for (const indices of partitions.values()) {
    const suppressed = indices.filter((i) => reasons[i] !== null)
    if (suppressed.length === 0 || suppressed.length === indices.length) continue
    if (suppressed.some((i) => (candidates[i]?.count ?? 0) >= k)) continue
    const large = indices
      .filter((i) => reasons[i] === null && (candidates[i]?.count ?? 0) >= k)
      .sort((a, b) => (candidates[a]?.count ?? 0) - (candidates[b]?.count ?? 0))
    const complement = large.length > 0 ? [large[0] as number] : indices.filter((i) => reasons[i] === null)
    for (const i of complement) reasons[i] = 'secondary'
  }

  return candidates.map((cell, index) => {
    const reason = reasons[index] ?? null
    const published: IndicatorCell = {
      indicator: cell.indicator,
      family: cell.family,
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
