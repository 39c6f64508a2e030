import type { Aggregation } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import {
  applyDisclosureControl,
  effectiveMinCellSize,
  primarySuppression,
  publishableMedianRanks,
  type CellCandidate,
} from './disclosure'

function candidate(aggregation: Aggregation, fields: Partial<CellCandidate> = {}): CellCandidate {
  return {
    indicator: 'i',
    family: 'f',
    category: null,
    aggregation,
    n: 10,
    value: 42,
    ciLow: 40,
    ciHigh: 44,
    q1: 30,
    q3: 50,
    count: null,
    contributions: [],
    partition: false,
    ...fields,
  }
}

const category = (name: string, count: number, n: number, partition = true) =>
  candidate('distribution', { category: name, count, n, value: count / n, q1: null, q3: null, partition })

describe('primarySuppression', () => {
  // domain/indicators.md: frequency rule (k, never below 3), median from n ≥ 5, NK(1,85),
  // a category chosen by 1…k−1 organisations.
  it.each<{ name: string; cell: CellCandidate; k: number; reason: string | null }>([
    { name: 'n below k', cell: candidate('sum', { n: 4 }), k: 5, reason: 'min_count' },
    { name: 'n = k', cell: candidate('sum', { n: 5 }), k: 5, reason: null },
    { name: 'n = 2 when the wave asks for 1', cell: candidate('share', { n: 2 }), k: 1, reason: 'min_count' },
    { name: 'a median of 4 with k = 3', cell: candidate('median', { n: 4 }), k: 3, reason: 'median_min_count' },
    { name: 'a median ratio of 4 with k = 3', cell: candidate('median_ratio', { n: 4 }), k: 3, reason: 'median_min_count' },
    { name: 'a median of 5 with k = 3', cell: candidate('median', { n: 5 }), k: 3, reason: null },
    { name: 'a share of 4 with k = 3', cell: candidate('share', { n: 4 }), k: 3, reason: null },
    { name: 'a median of 4 with k = 5 (frequency first)', cell: candidate('median', { n: 4 }), k: 5, reason: 'min_count' },
    { name: 'one contributor at 86 %', cell: candidate('sum', { contributions: [{ largest: 86, total: 100 }] }), k: 3, reason: 'dominance' },
    { name: 'one contributor at exactly 85 %', cell: candidate('sum', { contributions: [{ largest: 85, total: 100 }] }), k: 3, reason: null },
    {
      name: 'a pooled ratio whose denominator is dominated',
      cell: candidate('pooled_ratio', { contributions: [{ largest: 10, total: 100 }, { largest: 950, total: 1000 }] }),
      k: 3,
      reason: 'dominance',
    },
    { name: 'a total of zero', cell: candidate('derived_sum', { value: 0, contributions: [{ largest: 0, total: 0 }] }), k: 3, reason: null },
    { name: 'a category chosen by 2 of 10', cell: category('scop', 2, 10), k: 3, reason: 'min_count' },
    { name: 'a category chosen by nobody', cell: category('scop', 0, 10), k: 3, reason: null },
    { name: 'a category chosen by 3 of 10', cell: category('scop', 3, 10), k: 3, reason: null },
  ])('$name → $reason', ({ cell, k, reason }) => {
    expect(primarySuppression(cell, k)).toBe(reason)
  })
})

describe('applyDisclosureControl', () => {
  it('nulls every figure of a suppressed cell, never 0, and keeps n', () => {
    const [cell] = applyDisclosureControl([candidate('median', { n: 4 })], { minCellSize: 5 })
    expect(cell).toEqual({
      indicator: 'i',
      family: 'f',
      category: null,
      n: 4,
      value: null,
      ciLow: null,
      ciHigh: null,
      q1: null,
      q3: null,
      suppressed: true,
      reason: 'min_count',
    })
  })

  it('publishes a cell that passes every rule unchanged', () => {
    const [cell] = applyDisclosureControl([candidate('median')], { minCellSize: 5 })
    expect(cell).toMatchObject({ value: 42, ciLow: 40, ciHigh: 44, q1: 30, q3: 50, suppressed: false, reason: null })
  })

  it('suppresses the smallest large category beside a small one in a single-choice distribution', () => {
    // 1 + 4 + 6 + 0 = 11: without a second suppression, scic = 11 − 4 − 6 − 0.
    const cells = applyDisclosureControl(
      [category('association', 6, 11), category('scop', 4, 11), category('scic', 1, 11), category('cae', 0, 11)],
      { minCellSize: 3 },
    )
    expect(cells.map((c) => [c.category, c.reason, c.value])).toEqual([
      ['association', null, 6 / 11],
      ['scop', 'secondary', null],
      ['scic', 'min_count', null],
      ['cae', null, 0],
    ])
  })

  it('adds nothing when a suppressed category is already large enough to hide the others', () => {
    // Two small categories (1 + 2) whose sum 3 reaches k = 3 still reveal each other's counts
    // through n, so the rule asks for a suppressed category with count ≥ k.
    const cells = applyDisclosureControl(
      [category('a', 1, 10), category('b', 2, 10), category('c', 7, 10)],
      { minCellSize: 3 },
    )
    expect(cells.map((c) => c.reason)).toEqual(['min_count', 'min_count', 'secondary'])
  })

  it('suppresses every category when no category reaches k', () => {
    const cells = applyDisclosureControl(
      [category('a', 2, 6), category('b', 2, 6), category('c', 2, 6), category('d', 0, 6)],
      { minCellSize: 3 },
    )
    expect(cells.map((c) => c.reason)).toEqual(['min_count', 'min_count', 'min_count', 'secondary'])
  })

  it('leaves multiple-choice categories to the primary rule (they do not add up to n)', () => {
    const cells = applyDisclosureControl(
      [category('a', 1, 10, false), category('b', 9, 10, false)],
      { minCellSize: 3 },
    )
    expect(cells.map((c) => c.reason)).toEqual(['min_count', null])
  })

  it('keeps distributions of different families apart', () => {
    const cells = applyDisclosureControl(
      [
        { ...category('a', 1, 10), family: 'x' },
        { ...category('b', 9, 10), family: 'x' },
        { ...category('a', 5, 10), family: 'y' },
        { ...category('b', 5, 10), family: 'y' },
      ],
      { minCellSize: 3 },
    )
    expect(cells.map((c) => c.reason)).toEqual(['min_count', 'secondary', null, null])
  })
})

describe('effectiveMinCellSize', () => {
  it.each([
    [1, 3],
    [3, 3],
    [5, 5],
    [4.2, 5],
  ])('%s → %s', (input, expected) => {
    expect(effectiveMinCellSize(input)).toBe(expected)
  })

  it('refuses a non-number', () => {
    expect(() => effectiveMinCellSize(Number.NaN)).toThrow(RangeError)
  })
})

describe('publishableMedianRanks', () => {
  // Ranks (1, n) would publish the minimum and the maximum: n = 6…8 give no interval.
  it.each([
    [5, null],
    [6, null],
    [8, null],
    [9, { lower: 2, upper: 8 }],
    [20, { lower: 6, upper: 15 }],
  ])('n = %s → %j', (n, ranks) => {
    expect(publishableMedianRanks(n)).toEqual(ranks)
  })
})
