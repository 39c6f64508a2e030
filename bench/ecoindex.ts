/**
 * EcoIndex of a web page (docs/indicators.md, "EcoIndex"): a score out of 100 from the number of
 * DOM elements, of requests, and of kilobytes transferred, each placed among fixed bounds by
 * linear interpolation; score = 100 − 5 × (3·q_dom + 2·q_req + q_size) / 6, grades A ≥ 80, B ≥ 70,
 * C ≥ 55, D ≥ 40, E ≥ 25, F ≥ 10, G below. Written from that description (the reference
 * implementation's licence does not allow copying it). The median page of the HTTP Archive
 * (693 DOM elements, 78 requests, 2420 KB) scores 44, grade D.
 */

const DOM_BOUNDS = [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601]
const REQUEST_BOUNDS = [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920]
const KILOBYTE_BOUNDS = [
  0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08,
  8037.54, 223212.26,
]

const GRADES: [number, string][] = [
  [80, 'A'],
  [70, 'B'],
  [55, 'C'],
  [40, 'D'],
  [25, 'E'],
  [10, 'F'],
]

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G'

export interface PageWeight {
  domElements: number
  requests: number
  kilobytes: number
}

/** The position of `value` among `bounds`: i − 1 + (v − Q[i−1]) / (Q[i] − Q[i−1]) for the first i with v < Q[i]. */
export function quantile(bounds: readonly number[], value: number): number {
  for (let i = 1; i < bounds.length; i += 1) {
    const upper = bounds[i]!
    if (value < upper) {
      const lower = bounds[i - 1]!
      return i - 1 + (value - lower) / (upper - lower)
    }
  }
  // Beyond the last bound: the last position (the score cannot go below 0).
  return bounds.length - 1
}

export function grade(score: number): Grade {
  for (const [floor, letter] of GRADES) if (score >= floor) return letter as Grade
  return 'G'
}

/** The EcoIndex score (rounded to an integer, as published) and its grade. */
export function ecoIndex(page: PageWeight): { score: number; grade: Grade } {
  const qDom = quantile(DOM_BOUNDS, page.domElements)
  const qRequests = quantile(REQUEST_BOUNDS, page.requests)
  const qSize = quantile(KILOBYTE_BOUNDS, page.kilobytes)
  const raw = 100 - (5 * (3 * qDom + 2 * qRequests + qSize)) / 6
  const score = Math.round(Math.max(0, Math.min(100, raw)))
  return { score, grade: grade(score) }
}

/** The documented reference: the HTTP Archive's median page scores 44, grade D. Throws otherwise. */
export function checkEcoIndexReference(): void {
  const reference = ecoIndex({ domElements: 693, requests: 78, kilobytes: 2420 })
  if (reference.score !== 44 || reference.grade !== 'D') {
    throw new Error(`EcoIndex of the HTTP Archive median page: expected 44 (D), got ${reference.score} (${reference.grade})`)
  }
}
