import type { Interval } from './interval'
import { studentTQuantile } from './student-t'

/**
 * Sufficient statistics of n pairs (xᵢ, yᵢ) for a ratio of totals; SQL computes them with
 * count/sum aggregates, so the pairs themselves never leave the database.
 */
export interface RatioSums {
  n: number
  sumX: number
  sumY: number
  sumXX: number
  sumYY: number
  sumXY: number
}

/** Cochran's large-sample conditions for the normal approximation of a ratio estimate. */
export const RATIO_MIN_N = 30
export const RATIO_MAX_CV = 0.1

/**
 * Linearised (Taylor) standard error of the ratio estimate R̂ = Σy/Σx (Cochran 1977, "Sampling
 * Techniques", 3rd ed., §6.3–6.4): v(R̂) = Σ(yᵢ − R̂xᵢ)² / ((n − 1) · n · x̄²), without the finite
 * population correction (the population of non-respondents is unknown). The residual sum of
 * squares comes from the sums as Σy² − 2R̂Σxy + R̂²Σx². Null when n < 2 or Σx = 0.
 */
export function ratioStandardError(sums: RatioSums): number | null {
  const { n, sumX, sumY, sumXX, sumYY, sumXY } = sums
  if (n < 2 || sumX === 0) return null
  const r = sumY / sumX
  const residualSquares = Math.max(0, sumYY - 2 * r * sumXY + r * r * sumXX)
  const meanX = sumX / n
  return Math.sqrt(residualSquares / ((n - 1) * n * meanX * meanX))
}

function coefficientOfVariationOfMean(n: number, sum: number, sumSquares: number): number {
  const mean = sum / n
  const variance = Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1))
  return Math.sqrt(variance / n) / Math.abs(mean)
}

/**
 * Confidence interval of a pooled ratio R̂ = Σy/Σx: R̂ ± t(n−1, 1−α/2) · se(R̂), with the
 * linearised standard error of `ratioStandardError` (Cochran 1977, §6.3–6.4). The approximation
 * ignores the bias of R̂ and its skewness, so the interval is given only where Cochran deems it
 * adequate: n ≥ 30 and coefficients of variation of x̄ and ȳ below 0.1; otherwise null (the
 * ratio itself is still published). Like every interval in Sonde, it treats the respondents as
 * if they were a simple random sample, which they usually are not.
 */
export function ratioInterval(sums: RatioSums, confidence = 0.95): Interval | null {
  const { n, sumX, sumY, sumXX, sumYY } = sums
  if (n < RATIO_MIN_N || sumX === 0 || sumY === 0) return null
  if (coefficientOfVariationOfMean(n, sumX, sumXX) >= RATIO_MAX_CV) return null
  if (coefficientOfVariationOfMean(n, sumY, sumYY) >= RATIO_MAX_CV) return null
  const se = ratioStandardError(sums)
  if (se === null) return null
  const r = sumY / sumX
  const halfWidth = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * se
  return { low: r - halfWidth, high: r + halfWidth }
}

/** The sufficient statistics of a list of pairs (for tests and in-memory use). */
export function ratioSums(pairs: readonly (readonly [x: number, y: number])[]): RatioSums {
  const sums: RatioSums = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 }
  for (const [x, y] of pairs) {
    sums.n += 1
    sums.sumX += x
    sums.sumY += y
    sums.sumXX += x * x
    sums.sumYY += y * y
    sums.sumXY += x * y
  }
  return sums
}
