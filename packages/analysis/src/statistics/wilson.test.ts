import { describe, expect, it } from 'vitest'
import { wilsonInterval } from './wilson'

describe('wilsonInterval', () => {
  // docs/indicators.md ("Statistics per group") check values (3 decimals), then Newcombe 1998, Statistics in Medicine
  // 17:857–872, table II, method 3 (score interval without continuity correction, 4 decimals).
  it.each([
    { x: 3, n: 10, low: 0.108, high: 0.603, digits: 3 },
    { x: 0, n: 5, low: 0, high: 0.434, digits: 3 },
    { x: 81, n: 263, low: 0.2553, high: 0.3662, digits: 4 },
    { x: 15, n: 148, low: 0.0624, high: 0.1605, digits: 4 },
    { x: 0, n: 20, low: 0, high: 0.1611, digits: 4 },
    { x: 1, n: 29, low: 0.0061, high: 0.1718, digits: 4 },
  ])('x=$x, n=$n → [$low, $high]', ({ x, n, low, high, digits }) => {
    const ci = wilsonInterval(x, n)
    expect(ci?.low).toBeCloseTo(low, digits)
    expect(ci?.high).toBeCloseTo(high, digits)
  })

  it('is exactly 1 at x = n and symmetric around ½', () => {
    expect(wilsonInterval(5, 5)?.high).toBe(1)
    const a = wilsonInterval(3, 10)
    const b = wilsonInterval(7, 10)
    expect(a?.low).toBeCloseTo(1 - (b?.high ?? 0), 12)
  })

  it('has no interval without observations', () => {
    expect(wilsonInterval(0, 0)).toBeNull()
  })

  it.each([
    [-1, 5],
    [6, 5],
    [1.5, 5],
    [1, -1],
  ])('rejects x=%s, n=%s', (x, n) => {
    expect(() => wilsonInterval(x, n)).toThrow(RangeError)
  })
})
