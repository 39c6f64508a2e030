import { qbinom } from './binomial'
import type { Interval } from './interval'

/** 1-based ranks of the order statistics bounding a median interval. */
export interface MedianIntervalRanks {
  lower: number
  upper: number
}

/**
 * Ranks of the exact distribution-free confidence interval of a median: L = qbinom(α/2, n, ½),
 * U = n − L + 1, and the interval is [x₍L₎, x₍U₎] of the sorted values, with coverage
 * 1 − 2·P(Bin(n, ½) ≤ L − 1) ≥ 1 − α (Conover, "Practical Nonparametric Statistics", 3rd ed.,
 * §3.2; docs/indicators.md, "Statistics per group"). Null when no such interval exists (L = 0: n ≤ 5 at 95 %).
 * 95 %: n = 6 → (1, 6); n = 10 → (2, 9); n = 20 → (6, 15).
 */
export function medianIntervalRanks(n: number, confidence = 0.95): MedianIntervalRanks | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`)
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`)
  if (n === 0) return null
  const lower = qbinom((1 - confidence) / 2, n, 0.5)
  if (lower < 1) return null
  return { lower, upper: n - lower + 1 }
}

/**
 * Exact distribution-free confidence interval of the median of sorted values: [x₍L₎, x₍U₎] with
 * L = qbinom(α/2, n, ½) and U = n − L + 1 (see `medianIntervalRanks`; Conover §3.2). Null below
 * n = 6 at 95 %. Beware for publication: at n = 6…8 the bounds are the minimum and the maximum.
 */
export function medianInterval(sortedValues: readonly number[], confidence = 0.95): (Interval & MedianIntervalRanks) | null {
  for (let i = 1; i < sortedValues.length; i++) {
    if ((sortedValues[i] as number) < (sortedValues[i - 1] as number)) throw new RangeError('values must be sorted')
  }
  const ranks = medianIntervalRanks(sortedValues.length, confidence)
  if (!ranks) return null
  return {
    ...ranks,
    low: sortedValues[ranks.lower - 1] as number,
    high: sortedValues[ranks.upper - 1] as number,
  }
}
