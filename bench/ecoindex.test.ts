import { describe, expect, it } from 'vitest'
import { ecoIndex, grade, quantile } from './ecoindex'

describe('EcoIndex', () => {
  // docs/indicators.md, "EcoIndex": the median page of the HTTP Archive.
  it('scores the HTTP Archive median page (693 DOM elements, 78 requests, 2420 KB) 44, grade D', () => {
    expect(ecoIndex({ domElements: 693, requests: 78, kilobytes: 2420 })).toEqual({ score: 44, grade: 'D' })
  })

  it.each([
    [[0, 10, 20], 0, 0],
    [[0, 10, 20], 5, 0.5],
    [[0, 10, 20], 10, 1],
    [[0, 10, 20], 15, 1.5],
    [[0, 10, 20], 25, 2],
  ])('places %j → %d at %d', (bounds, value, expected) => {
    expect(quantile(bounds, value)).toBeCloseTo(expected, 10)
  })

  it.each([
    [100, 'A'],
    [80, 'A'],
    [79, 'B'],
    [70, 'B'],
    [55, 'C'],
    [40, 'D'],
    [25, 'E'],
    [10, 'F'],
    [9, 'G'],
  ])('grades %d as %s', (score, letter) => {
    expect(grade(score)).toBe(letter)
  })

  it('keeps the score between 0 and 100', () => {
    expect(ecoIndex({ domElements: 0, requests: 0, kilobytes: 0 }).score).toBe(100)
    expect(ecoIndex({ domElements: 10 ** 7, requests: 10 ** 5, kilobytes: 10 ** 7 }).score).toBe(0)
  })
})
