import type { Interval } from './interval'

/**
 * Wilson score interval for a proportion p̂ = x/n (Wilson 1927; Newcombe 1998, method 3):
 * centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²).
 * It stays inside [0, 1] and behaves at x = 0 or x = n, unlike the Wald interval. Returns null
 * when n = 0. Check values (docs/indicators.md, "Statistics per group"): x=3, n=10 → [0.108, 0.603]; x=0, n=5 → [0, 0.434].
 */
export function wilsonInterval(x: number, n: number, z = 1.96): Interval | null {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`)
  if (!Number.isInteger(x) || x < 0 || x > n) throw new RangeError(`x must be an integer in [0, n], got ${x}`)
  if (n === 0) return null
  const p = x / n
  const z2 = z * z
  const denominator = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denominator
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  // At x = 0 or x = n the bound is 0 or 1 exactly; rounding would otherwise give ±1e-17.
  return {
    low: x === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: x === n ? 1 : Math.min(1, centre + halfWidth),
  }
}
