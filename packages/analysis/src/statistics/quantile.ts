/**
 * Quantile of sorted values by linear interpolation between order statistics, the definition of
 * PostgreSQL's `percentile_cont` (and Hyndman & Fan 1996 type 7, R's default): with h = (n−1)·p,
 * Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) on 0-based indices. Null for no values.
 */
export function quantile(sortedValues: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`)
  const n = sortedValues.length
  if (n === 0) return null
  const h = (n - 1) * p
  const below = Math.floor(h)
  const low = sortedValues[below] as number
  if (below + 1 >= n) return low
  return low + (h - below) * ((sortedValues[below + 1] as number) - low)
}
