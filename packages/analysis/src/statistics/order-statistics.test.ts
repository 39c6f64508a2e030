import { describe, expect, it } from 'vitest'
import { kthSmallest, orderStatistics, quantileRanks } from './order-statistics'
import { quantile } from './quantile'

const run = (...values: number[]) => Float64Array.from(values)

describe('kthSmallest', () => {
  it.each<{ name: string; runs: Float64Array[]; k: number; expected: number }>([
    { name: 'one run', runs: [run(1, 2, 3)], k: 2, expected: 2 },
    { name: 'interleaved runs', runs: [run(1, 4, 7), run(2, 5, 8), run(3, 6, 9)], k: 5, expected: 5 },
    { name: 'ties across runs', runs: [run(1, 2, 2, 2), run(2, 2, 3)], k: 6, expected: 2 },
    { name: 'the smallest', runs: [run(5, 6), run(-1, 10)], k: 1, expected: -1 },
    { name: 'the largest', runs: [run(5, 6), run(-1, 10)], k: 4, expected: 10 },
    { name: 'an empty run', runs: [run(), run(3, 4)], k: 1, expected: 3 },
  ])('finds rank $k of $name', ({ runs, k, expected }) => {
    expect(kthSmallest(runs, k)).toBe(expected)
  })

  it('agrees with a sort of every value on random runs', () => {
    let state = 42
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    for (let trial = 0; trial < 200; trial++) {
      const runs = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        Float64Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 20)).sort(),
      )
      const all = Float64Array.from(runs.flatMap((r) => [...r])).sort()
      for (let k = 1; k <= all.length; k++) expect(kthSmallest(runs, k)).toBe(all[k - 1])
    }
  })

  it('refuses a rank out of range', () => {
    expect(() => kthSmallest([run(1, 2)], 3)).toThrow(RangeError)
    expect(() => kthSmallest([run(1, 2)], 0)).toThrow(RangeError)
  })
})

describe('orderStatistics and quantileRanks', () => {
  it('give percentile_cont by interpolating between the two ranks around (n − 1)·p', () => {
    // 12 15 20 25 30 40 50 80 100 250: q1 = 21 250, median = 35 000, q3 = 72 500 (PostgreSQL).
    const values = [12, 15, 20, 25, 30, 40, 50, 80, 100, 250].map((v) => v * 1000)
    const runs = [run(...values.filter((_, i) => i % 2 === 0)), run(...values.filter((_, i) => i % 2 === 1))]
    for (const [p, expected] of [
      [0.25, 21250],
      [0.5, 35000],
      [0.75, 72500],
    ] as const) {
      const { below, above, weight } = quantileRanks(values.length, p)
      const [low, high] = orderStatistics(runs, [below, above])
      expect(low! + weight * (high! - low!)).toBe(expected)
      expect(quantile(values, p)).toBe(expected)
    }
  })

  it('takes the same values from many runs as from one sort', () => {
    const runs = Array.from({ length: 30 }, (_, r) => Float64Array.from({ length: 300 }, (_, i) => (i * 7919 + r * 104729) % 1000).sort())
    const all = Float64Array.from(runs.flatMap((r) => [...r])).sort()
    expect(orderStatistics(runs, [1, 2250, 4500, 9000])).toEqual([all[0], all[2249], all[4499], all[8999]])
  })
})
