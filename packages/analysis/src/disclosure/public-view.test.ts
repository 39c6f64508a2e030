import type { IndicatorCell } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { publicCell, publicCells, roundFigure } from './public-view'

const cell = (fields: Partial<IndicatorCell>): IndicatorCell => ({
  indicator: 'budget_annuel_median',
  family: 'insertion',
  dimensionValue: null,
  category: null,
  n: 12,
  value: 35000,
  ciLow: 15000,
  ciHigh: 100000,
  q1: 21250,
  q3: 72500,
  suppressed: false,
  reason: null,
  ...fields,
})

describe('publicCell', () => {
  it.each(['min_count', 'complement', 'filter_count', 'dominance', 'p_percent', 'secondary', 'release_difference'] as const)(
    'shows a cell hidden for %s exactly as any other hidden cell: one mark, no n, no reason',
    (reason) => {
      expect(publicCell(cell({ n: 3, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, suppressed: true, reason }))).toEqual(
        cell({ n: null, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, suppressed: true, reason: null }),
      )
    },
  )

  it('never lets a hidden cell carry a figure, even from a caller that left one', () => {
    expect(publicCell(cell({ suppressed: true, reason: 'secondary' }))).toMatchObject({ n: null, value: null, q1: null, q3: null, ciLow: null, ciHigh: null })
  })

  it('publishes a cell whose quartiles the p % rule withheld without saying why', () => {
    expect(publicCell(cell({ q1: null, q3: null, ciLow: null, ciHigh: null, reason: 'p_percent' }))).toEqual(
      cell({ q1: null, q3: null, ciLow: null, ciHigh: null, reason: null }),
    )
  })

  it('keeps a published cell as it is, figures rounded', () => {
    expect(publicCells([cell({ value: 10212.400000000003 }), cell({})])).toEqual([cell({ value: 10212.4 }), cell({})])
  })
})

describe('roundFigure', () => {
  it.each([
    [10212.400000000003, 10212.4],
    [0.1 + 0.2, 0.3],
    [1 / 3, 0.333333333333333],
    [1569521, 1569521],
    [24.6, 24.6],
    [-0.30000000000000004, -0.3],
    [123456789012345680, 123456789012346000],
    [0, 0],
    [null, null],
  ])('%s → %s', (value, expected) => {
    expect(roundFigure(value)).toBe(expected)
  })
})
