import { describe, expect, it } from 'vitest'
import { meanInterval } from './mean-interval'
import { quantile } from './quantile'
import { ratioInterval, ratioStandardError, ratioSums } from './ratio-interval'

describe('quantile (PostgreSQL percentile_cont)', () => {
  // Values of `select percentile_cont(p) within group (order by v)` (checked on PostgreSQL 15).
  it.each([
    { values: [1, 2, 3, 4], p: 0.25, q: 1.75 },
    { values: [1, 2, 3, 4], p: 0.5, q: 2.5 },
    { values: [1, 2, 3, 4], p: 0.75, q: 3.25 },
    { values: [10, 20, 30, 40, 1000], p: 0.25, q: 20 },
    { values: [10, 20, 30, 40, 1000], p: 0.5, q: 30 },
    { values: [7], p: 0.75, q: 7 },
    { values: [0, 100], p: 1, q: 100 },
    { values: [0, 100], p: 0, q: 0 },
  ])('$values at $p = $q', ({ values, p, q }) => {
    expect(quantile(values, p)).toBeCloseTo(q, 12)
  })

  it('is null without values', () => {
    expect(quantile([], 0.5)).toBeNull()
  })
})

describe('meanInterval', () => {
  it('uses the t quantile: 1…5 → 3 ± 2.776·√2.5/√5', () => {
    // s = √2.5, t(4, 0.975) = 2.776 (NIST table) → half-width 1.963
    const ci = meanInterval([1, 2, 3, 4, 5])
    expect(ci?.mean).toBe(3)
    expect(ci?.low).toBeCloseTo(1.037, 3)
    expect(ci?.high).toBeCloseTo(4.963, 3)
  })

  it('has no interval below n = 2', () => {
    expect(meanInterval([4])).toBeNull()
  })
})

describe('ratio estimator', () => {
  it('computes the linearised standard error by hand', () => {
    // (x, y) = (1,2) (2,3) (3,7) (4,8): R̂ = 20/10 = 2, residuals 0, −1, 1, 0 → Σ = 2,
    // s² = 2/3, x̄ = 2.5, v(R̂) = (2/3) / (4 · 6.25) = 0.026667, se = 0.163299.
    const sums = ratioSums([
      [1, 2],
      [2, 3],
      [3, 7],
      [4, 8],
    ])
    expect(ratioStandardError(sums)).toBeCloseTo(0.163299, 6)
    // Too small a sample for Cochran's normal approximation: no interval.
    expect(ratioInterval(sums)).toBeNull()
  })

  it('gives R̂ ± t·se in a large sample with small coefficients of variation', () => {
    // xᵢ = 100 + i, yᵢ = 2xᵢ ± 1 (alternating), i = 1…30: R̂ = 6930/3465 = 2, Σ residuals² = 30,
    // v(R̂) = (30/29) / (30 · 115.5²) = 1/386867.25, se = 0.00160775, t(29) = 2.045 (NIST).
    const pairs = Array.from({ length: 30 }, (_, k) => {
      const x = 101 + k
      return [x, 2 * x + (k % 2 === 0 ? 1 : -1)] as const
    })
    const ci = ratioInterval(ratioSums(pairs))
    expect(ci?.low).toBeCloseTo(2 - 2.045 * 0.00160775, 5)
    expect(ci?.high).toBeCloseTo(2 + 2.045 * 0.00160775, 5)
  })

  it('gives no interval when x̄ varies too much (cv ≥ 0.1)', () => {
    const pairs = Array.from({ length: 40 }, (_, k) => [k % 2 === 0 ? 1 : 100, k % 2 === 0 ? 1 : 90] as const)
    expect(ratioInterval(ratioSums(pairs))).toBeNull()
  })

  it('gives no interval when the denominators sum to 0', () => {
    expect(
      ratioStandardError(
        ratioSums([
          [0, 1],
          [0, 2],
        ]),
      ),
    ).toBeNull()
  })
})
