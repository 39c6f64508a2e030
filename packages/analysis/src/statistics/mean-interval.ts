import type { Interval } from './interval'
import { studentTQuantile } from './student-t'

/**
 * Confidence interval of a mean: x̄ ± t(n−1, 1−α/2) · s/√n, with s the sample standard deviation
 * (divisor n − 1) and t the Student quantile (Student 1908; any textbook, e.g. Moore & McCabe,
 * "Introduction to the Practice of Statistics", §7.1). Returns the mean with its interval, or null
 * below n = 2. Sonde never publishes means of money (docs/indicators.md, "Indicator catalogue"): this is for counts.
 */
export function meanInterval(values: readonly number[], confidence = 0.95): (Interval & { mean: number }) | null {
  const n = values.length
  if (n < 2) return null
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / n
  let squares = 0
  for (const v of values) squares += (v - mean) ** 2
  const sd = Math.sqrt(squares / (n - 1))
  const halfWidth = (studentTQuantile(1 - (1 - confidence) / 2, n - 1) * sd) / Math.sqrt(n)
  return { mean, low: mean - halfWidth, high: mean + halfWidth }
}
