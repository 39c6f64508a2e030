import { describe, expect, it } from 'vitest'
import { quantileRanks } from '../statistics/order-statistics'
import { maximise } from './linear-program'
import { largestContributionBound, pPercentFails, type RankEquality, type TotalKnowledge } from './p-percent'
import { publishableMedianRanks } from './disclosure'

/** The programme over every order statistic y₍₁₎…y₍ₙ₎, the order as explicit slack rows: no reduction. */
function fullProgramme(knowledge: TotalKnowledge): number | null {
  const { n, total, second, lowerBound } = knowledge
  const rows: { coefficients: Map<number, number>; rhs: number }[] = []
  // Variables 0…n−1: y₍₁₎…y₍ₙ₎; n…2n−2: the slack of y₍ᵢ₊₁₎ − y₍ᵢ₎ ≥ 0.
  for (let i = 0; i < n - 1; i++)
    rows.push({
      coefficients: new Map([
        [i + 1, 1],
        [i, -1],
        [n + i, -1],
      ]),
      rhs: 0,
    })
  rows.push({ coefficients: new Map([[n - 2, 1]]), rhs: second })
  rows.push({ coefficients: new Map(Array.from({ length: n }, (_, i) => [i, 1] as [number, number])), rhs: total })
  for (const e of knowledge.equalities ?? []) {
    const coefficients = new Map<number, number>([[e.below - 1, 1 - e.weight]])
    coefficients.set(e.above - 1, (coefficients.get(e.above - 1) ?? 0) + e.weight)
    rows.push({ coefficients, rhs: e.value })
  }
  const objective = new Array<number>(2 * n - 1).fill(0)
  objective[n - 1] = 1
  const result = maximise({
    objective,
    rows,
    lower: [...new Array<number>(n).fill(lowerBound), ...new Array<number>(n - 1).fill(0)],
    upper: new Array<number>(2 * n - 1).fill(Infinity),
  })
  return result.status === 'optimal' ? result.value : null
}

/** The largest y₍ₙ₎ over every sorted vector of integers ≥ lowerBound meeting the knowledge (tiny n and totals only). */
function bruteForce(knowledge: TotalKnowledge): number | null {
  const { n, total, second, lowerBound } = knowledge
  let best: number | null = null
  const values: number[] = []
  const walk = (from: number, left: number): void => {
    if (values.length === n - 1) {
      const last = left
      if (last < values[values.length - 1]!) return
      const y = [...values, last]
      if (y[n - 2] !== second) return
      const meets = (knowledge.equalities ?? []).every((e) => Math.abs((1 - e.weight) * y[e.below - 1]! + e.weight * y[e.above - 1]! - e.value) < 1e-9)
      if (meets && (best === null || last > best)) best = last
      return
    }
    for (let v = from; v * (n - values.length) <= left; v++) {
      values.push(v)
      walk(v, left - v)
      values.pop()
    }
  }
  walk(lowerBound, total)
  return best
}

/** What a median cell publishes about sorted answers: median and quartiles (percentile_cont) and the interval's bounds. */
function published(sorted: readonly number[], parts: { quartiles: boolean; interval: boolean }): RankEquality[] {
  const n = sorted.length
  const at = (p: number): RankEquality => {
    const { below, above, weight } = quantileRanks(n, p)
    return { below, above, weight, value: sorted[below - 1]! + weight * (sorted[above - 1]! - sorted[below - 1]!) }
  }
  const equalities = [at(0.5)]
  if (parts.quartiles) equalities.push(at(0.25), at(0.75))
  const ranks = publishableMedianRanks(n)
  if (parts.interval && ranks) {
    equalities.push({ below: ranks.lower, above: ranks.lower, weight: 0, value: sorted[ranks.lower - 1]! })
    equalities.push({ below: ranks.upper, above: ranks.upper, weight: 0, value: sorted[ranks.upper - 1]! })
  }
  return equalities
}

const knowledgeOf = (sorted: number[], equalities: RankEquality[] = [], lowerBound = 0): TotalKnowledge => ({
  n: sorted.length,
  total: sorted.reduce((a, b) => a + b, 0),
  second: sorted[sorted.length - 2]!,
  lowerBound,
  equalities,
})

describe('largestContributionBound', () => {
  // Hundepool et al. 2012, §4.2.2: alone, the second-largest contributor bounds x₁ by T − x₂ − (n − 2)·b.
  it.each([
    { sorted: [1, 2, 3, 4, 90], lowerBound: 0, bound: 96 },
    { sorted: [5, 5, 5, 5, 80], lowerBound: 0, bound: 95 },
    { sorted: [5, 5, 5, 5, 80], lowerBound: 5, bound: 80 },
    { sorted: [10, 40], lowerBound: 0, bound: 40 },
  ])('is the classic bound without a median: $sorted, b = $lowerBound → $bound', ({ sorted, lowerBound, bound }) => {
    expect(largestContributionBound(knowledgeOf(sorted, [], lowerBound))).toBeCloseTo(bound, 9)
  })

  it('finds the largest answer exactly from a total of 23 with its quartiles 0, 1, 3 (issue 8, attack 2)', () => {
    const sorted = [0, 0, 1, 3, 19]
    expect(largestContributionBound(knowledgeOf(sorted, published(sorted, { quartiles: true, interval: false })))).toBeCloseTo(19, 9)
    // Without the quartiles, the median alone leaves the second-largest 20 as its bound.
    expect(largestContributionBound(knowledgeOf(sorted, published(sorted, { quartiles: false, interval: false })))).toBeCloseTo(19, 9)
    expect(largestContributionBound(knowledgeOf(sorted))).toBeCloseTo(20, 9)
  })

  it('says when the figures contradict the lower bound', () => {
    expect(largestContributionBound(knowledgeOf([0, 0, 0, 4, 5], [], 3))).toBeNull()
  })

  it.each(Array.from({ length: 120 }, (_, seed) => seed))('equals the programme over every order statistic, random answers #%i', (seed) => {
    let state = seed * 48271 + 11
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const n = 5 + Math.floor(random() * 16)
    const sorted = Array.from({ length: n }, () => Math.floor(random() ** 3 * 1000) / (random() < 0.5 ? 1 : 4)).sort((a, b) => a - b)
    const parts = { quartiles: random() < 0.7, interval: random() < 0.7 }
    const lowerBound = random() < 0.3 ? sorted[0]! : 0
    const knowledge = knowledgeOf(sorted, published(sorted, parts), lowerBound)
    const expected = fullProgramme(knowledge)
    expect(expected).not.toBeNull()
    expect(largestContributionBound(knowledge)).toBeCloseTo(expected!, 6)
    // The bound holds: the largest answer is never above it.
    expect(largestContributionBound(knowledge)! + 1e-9).toBeGreaterThanOrEqual(sorted[n - 1]!)
  })

  it.each(Array.from({ length: 60 }, (_, seed) => seed))(
    'equals the best integer answers where the ranks are exact (n = 5 or 9), random answers #%i',
    (seed) => {
      let state = seed * 16807 + 5
      const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
      const n = seed % 2 === 0 ? 5 : 9
      const sorted = Array.from({ length: n }, () => Math.floor(random() ** 2 * (n === 5 ? 12 : 5))).sort((a, b) => a - b)
      const knowledge = knowledgeOf(sorted, published(sorted, { quartiles: true, interval: true }))
      expect(largestContributionBound(knowledge)).toBeCloseTo(bruteForce(knowledge)!, 9)
    },
  )
})

describe('pPercentFails', () => {
  it.each([
    // T − x₁ − x₂ < p·x₁: 100 − 80 − 10 = 10 < 12
    { sorted: [2, 2, 2, 2, 2, 10, 80], p: 15, fails: true },
    { sorted: [10, 10, 20, 30, 30], p: 15, fails: false },
    // exactly at the threshold counts as failing: floating point never decides for the attacker
    { sorted: [3, 3, 14, 80], p: 10, fails: true },
    { sorted: [0, 0, 0, 0], p: 15, fails: false },
  ])('$sorted with p = $p → $fails', ({ sorted, p, fails }) => {
    expect(pPercentFails({ ...knowledgeOf(sorted), largest: sorted[sorted.length - 1]! }, p)).toBe(fails)
  })

  it('falls back on 0 when the answers are below the declared minimum', () => {
    const sorted = [10, 10, 10, 30, 40]
    expect(largestContributionBound(knowledgeOf(sorted, [], 20))).toBeNull()
    expect(pPercentFails({ ...knowledgeOf(sorted, [], 20), largest: 40 }, 15)).toBe(false)
  })
})
