/** First index in `run[lo, hi)` whose value is ≥ `value`. */
function lowerBound(run: Float64Array, value: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (run[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index in `run[lo, hi)` whose value is > `value`. */
function upperBound(run: Float64Array, value: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (run[mid]! <= value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The k-th smallest value (1-based) of the union of sorted runs, without merging them: each step
 * takes the weighted median of the runs' middle values as pivot, counts by binary search the
 * values below and equal to it, and keeps only the side that holds rank k — at least a quarter
 * of the remaining values goes each time, so O(m log² n) for m runs of n values (the selection
 * of Frederickson & Johnson 1982, simplified). Throws when k is out of range.
 */
export function kthSmallest(runs: readonly Float64Array[], k: number): number {
  const total = runs.reduce((sum, run) => sum + run.length, 0)
  if (!Number.isInteger(k) || k < 1 || k > total) throw new RangeError(`rank ${k} is outside 1…${total}`)
  const lo = runs.map(() => 0)
  const hi = runs.map((run) => run.length)
  let rank = k
  for (;;) {
    const middles: { value: number; weight: number }[] = []
    runs.forEach((run, i) => {
      const size = hi[i]! - lo[i]!
      if (size > 0) middles.push({ value: run[(lo[i]! + hi[i]!) >>> 1]!, weight: size })
    })
    middles.sort((a, b) => a.value - b.value)
    const half = middles.reduce((sum, m) => sum + m.weight, 0) / 2
    let seen = 0
    let pivot = middles[middles.length - 1]!.value
    for (const m of middles) {
      seen += m.weight
      if (seen >= half) {
        pivot = m.value
        break
      }
    }
    let below = 0
    let upTo = 0
    const lower = runs.map((run, i) => lowerBound(run, pivot, lo[i]!, hi[i]!))
    const upper = runs.map((run, i) => upperBound(run, pivot, lo[i]!, hi[i]!))
    runs.forEach((_, i) => {
      below += lower[i]! - lo[i]!
      upTo += upper[i]! - lo[i]!
    })
    if (rank <= below) {
      runs.forEach((_, i) => (hi[i] = lower[i]!))
    } else if (rank <= upTo) {
      return pivot
    } else {
      rank -= upTo
      runs.forEach((_, i) => (lo[i] = upper[i]!))
    }
  }
}

/**
 * Values at 1-based `ranks` of the union of sorted runs: by one sort of the values when there are
 * few of them, by `kthSmallest` otherwise.
 */
export function orderStatistics(runs: readonly Float64Array[], ranks: readonly number[]): number[] {
  const total = runs.reduce((sum, run) => sum + run.length, 0)
  if (runs.length === 1 || total <= 4096) {
    const all = runs.length === 1 ? runs[0]! : new Float64Array(total)
    if (runs.length > 1) {
      let at = 0
      for (const run of runs) {
        all.set(run, at)
        at += run.length
      }
      all.sort()
    }
    return ranks.map((rank) => {
      if (!Number.isInteger(rank) || rank < 1 || rank > total) throw new RangeError(`rank ${rank} is outside 1…${total}`)
      return all[rank - 1]!
    })
  }
  return ranks.map((rank) => kthSmallest(runs, rank))
}

/**
 * Quantile at p by linear interpolation between order statistics — PostgreSQL's `percentile_cont`
 * and R's type 7 (see `quantile`) — of the union of sorted runs of n values: with h = (n−1)·p,
 * x₍⌊h⌋+1₎ + (h − ⌊h⌋)(x₍⌊h⌋+2₎ − x₍⌊h⌋+1₎) in 1-based ranks. The ranks it needs.
 */
export function quantileRanks(n: number, p: number): { below: number; above: number; weight: number } {
  const h = (n - 1) * p
  const below = Math.floor(h)
  return { below: below + 1, above: Math.min(n, below + 2), weight: h - below }
}
