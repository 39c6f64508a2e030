import { describe, expect, it } from 'vitest'
import { QBINOM_EXACT_LIMIT, qbinom, qbinomHalfExact, qbinomLogSpace } from './binomial'
import { medianInterval, medianIntervalRanks } from './median-interval'

const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('medianInterval', () => {
  // docs/indicators.md, "Statistics per group": n ≤ 5 gives no 95 % interval; n = 6 → [x₁, x₆]; n = 10 → [x₂, x₉];
  // n = 20 → [x₆, x₁₅]. The values are their own ranks, so the bounds are the ranks.
  it.each([
    { n: 5, interval: null },
    { n: 6, interval: [1, 6] },
    { n: 10, interval: [2, 9] },
    { n: 20, interval: [6, 15] },
  ])('n = $n → $interval', ({ n, interval }) => {
    const ci = medianInterval(ranks(n))
    expect(ci === null ? null : [ci.low, ci.high]).toEqual(interval)
  })

  it('reads the order statistics of the values', () => {
    const values = [1.5, 2, 2, 3, 10, 11, 12, 40, 41, 1000]
    expect(medianInterval(values)).toEqual({ lower: 2, upper: 9, low: 2, high: 41 })
  })

  it('refuses unsorted values', () => {
    expect(() => medianInterval([3, 1, 2, 4, 5, 6])).toThrow(RangeError)
  })

  it.each([0, 1, 5])('has no interval at n = %s', (n) => {
    expect(medianIntervalRanks(n)).toBeNull()
  })

  it('covers at least 95 % at every n from 6 to 200', () => {
    for (let n = 6; n <= 200; n++) {
      const r = medianIntervalRanks(n)
      expect(r).not.toBeNull()
      // coverage = 1 − 2·P(X ≤ L − 1), with P(X ≤ L − 1) < 0.025 by definition of L
      expect(qbinom(0.025, n, 0.5)).toBe(r?.lower)
      expect(r?.upper).toBe(n - (r?.lower ?? 0) + 1)
    }
  })
})

describe('qbinom', () => {
  // Values of R's qbinom(p, size, prob).
  it.each([
    { p: 0.025, size: 6, prob: 0.5, k: 1 },
    { p: 0.025, size: 10, prob: 0.5, k: 2 },
    { p: 0.025, size: 20, prob: 0.5, k: 6 },
    { p: 0.025, size: 5, prob: 0.5, k: 0 },
    { p: 0.5, size: 10, prob: 0.3, k: 3 },
    { p: 0.975, size: 10, prob: 0.3, k: 6 },
    { p: 0, size: 10, prob: 0.3, k: 0 },
    { p: 1, size: 10, prob: 0.3, k: 10 },
    { p: 0.5, size: 10, prob: 1, k: 10 },
  ])('qbinom($p, $size, $prob) = $k', ({ p, size, prob, k }) => {
    expect(qbinom(p, size, prob)).toBe(k)
  })

  it(`log space agrees with exact integer sums for every n ≤ ${QBINOM_EXACT_LIMIT}`, () => {
    for (const p of [0.025, 0.005, 0.05]) {
      for (let n = 1; n <= QBINOM_EXACT_LIMIT; n++) {
        expect(qbinomLogSpace(p, n, 0.5), `p=${p}, n=${n}`).toBe(qbinomHalfExact(p, n))
      }
    }
  })

  it.each([QBINOM_EXACT_LIMIT + 1, 2000, 5000, 10_000])('log space agrees with exact sums beyond the limit, n = %s', (n) => {
    expect(qbinom(0.025, n, 0.5)).toBe(qbinomHalfExact(0.025, n))
  })

  it('stays within the normal approximation at n = 100 000 (no underflow)', () => {
    const k = qbinom(0.025, 100_000, 0.5)
    expect(Math.abs(k - (50_000 - 1.959964 * Math.sqrt(100_000) * 0.5))).toBeLessThan(2)
  })
})
