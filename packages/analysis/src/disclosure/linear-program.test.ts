import { describe, expect, it } from 'vitest'
import { maximise, type LinearProgram } from './linear-program'

const row = (coefficients: number[], rhs: number) => ({
  coefficients: new Map(coefficients.map((c, j) => [j, c] as [number, number]).filter(([, c]) => c !== 0)),
  rhs,
})

/**
 * The optimum of a linear programme whose variables all have finite bounds, by enumerating its
 * vertices: every choice of m basic columns (A of full row rank m) and of a bound for each other
 * variable, solved by Gaussian elimination and kept when within bounds. Null when none is feasible.
 */
function bruteForce(lp: LinearProgram): number | null {
  const n = lp.objective.length
  const m = lp.rows.length
  const a = lp.rows.map((r) => Array.from({ length: n }, (_, j) => r.coefficients.get(j) ?? 0))
  let best: number | null = null
  const choose = (start: number, chosen: number[]): void => {
    if (chosen.length === m) {
      const others = [...Array(n).keys()].filter((j) => !chosen.includes(j))
      for (let mask = 0; mask < 1 << others.length; mask++) {
        const x = new Array<number>(n).fill(0)
        others.forEach((j, i) => (x[j] = mask & (1 << i) ? lp.upper[j]! : lp.lower[j]!))
        const system = a.map((line, r) => [...chosen.map((j) => line[j]!), lp.rows[r]!.rhs - others.reduce((s, j) => s + line[j]! * x[j]!, 0)])
        const solved = solve(system)
        if (!solved) continue
        chosen.forEach((j, i) => (x[j] = solved[i]!))
        if (x.some((v, j) => v < lp.lower[j]! - 1e-9 || v > lp.upper[j]! + 1e-9)) continue
        const value = lp.objective.reduce((s, c, j) => s + c * x[j]!, 0)
        if (best === null || value > best) best = value
      }
      return
    }
    for (let j = start; j < n; j++) choose(j + 1, [...chosen, j])
  }
  choose(0, [])
  return best
}

function solve(system: number[][]): number[] | null {
  const m = system.length
  const rows = system.map((r) => [...r])
  for (let c = 0; c < m; c++) {
    const p = rows.findIndex((r, i) => i >= c && Math.abs(r[c]!) > 1e-12)
    if (p < 0) return null
    ;[rows[c], rows[p]] = [rows[p]!, rows[c]!]
    for (let i = 0; i < m; i++) {
      if (i === c) continue
      const f = rows[i]![c]! / rows[c]![c]!
      rows[i] = rows[i]!.map((v, j) => v - f * rows[c]![j]!)
    }
  }
  return rows.map((r, i) => r[m]! / r[i]!)
}

function rank(matrix: number[][]): number {
  const rows = matrix.map((r) => [...r])
  let r = 0
  for (let c = 0; c < (rows[0]?.length ?? 0) && r < rows.length; c++) {
    const p = rows.findIndex((line, i) => i >= r && Math.abs(line[c]!) > 1e-9)
    if (p < 0) continue
    ;[rows[r], rows[p]] = [rows[p]!, rows[r]!]
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue
      const f = rows[i]![c]! / rows[r]![c]!
      rows[i] = rows[i]!.map((v, j) => v - f * rows[r]![j]!)
    }
    r++
  }
  return r
}

describe('maximise', () => {
  it.each<{ name: string; lp: LinearProgram; expected: { status: string; value?: number } }>([
    { name: 'a segment', lp: { objective: [1, 2], rows: [row([1, 1], 4)], lower: [0, 0], upper: [Infinity, 3] }, expected: { status: 'optimal', value: 7 } },
    {
      name: 'a free variable',
      lp: { objective: [1, 0], rows: [row([1, 1], 2)], lower: [-Infinity, -1], upper: [Infinity, 5] },
      expected: { status: 'optimal', value: 3 },
    },
    {
      name: 'no feasible point',
      lp: { objective: [1, 1], rows: [row([1, 1], -1)], lower: [0, 0], upper: [Infinity, Infinity] },
      expected: { status: 'infeasible' },
    },
    {
      name: 'an unbounded ray',
      lp: { objective: [1, 0], rows: [row([1, -1], 0)], lower: [0, 0], upper: [Infinity, Infinity] },
      expected: { status: 'unbounded' },
    },
    {
      name: 'a redundant row',
      lp: { objective: [0, 1], rows: [row([1, 1], 2), row([2, 2], 4)], lower: [0, 0], upper: [1, 10] },
      expected: { status: 'optimal', value: 2 },
    },
    {
      name: 'a degenerate cone (every right-hand side 0)',
      lp: { objective: [1, 1, 0], rows: [row([1, 1, -1], 0), row([1, -1, 0], 0)], lower: [0, 0, -Infinity], upper: [1, 1, Infinity] },
      expected: { status: 'optimal', value: 2 },
    },
  ])('solves $name', ({ lp, expected }) => {
    const result = maximise(lp)
    expect(result.status).toBe(expected.status)
    if (expected.value !== undefined && result.status === 'optimal') {
      expect(result.value).toBeCloseTo(expected.value, 9)
      lp.rows.forEach((r) => expect([...r.coefficients].reduce((s, [j, c]) => s + c * result.x[j]!, 0)).toBeCloseTo(r.rhs, 9))
    }
  })

  it.each(Array.from({ length: 300 }, (_, seed) => seed))('agrees with the enumeration of vertices on random programme #%i', (seed) => {
    let state = seed * 2654435761 + 97
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const integer = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
    const n = integer(2, 5)
    const m = integer(1, Math.min(3, n - 1))
    const matrix = Array.from({ length: m }, () => Array.from({ length: n }, () => (random() < 0.25 ? 0 : integer(-3, 3))))
    if (rank(matrix) < m) return
    const lower = Array.from({ length: n }, () => integer(-3, 1))
    const upper = lower.map((lo) => lo + integer(0, 4))
    // Right-hand sides from a point within the bounds most of the time, anything otherwise.
    const point = lower.map((lo, j) => lo + random() * (upper[j]! - lo))
    const rhs = matrix.map((line) => (random() < 0.8 ? Math.round(line.reduce((s, a, j) => s + a * point[j]!, 0)) : integer(-8, 8)))
    const lp: LinearProgram = {
      objective: Array.from({ length: n }, () => integer(-3, 3)),
      rows: matrix.map((line, r) => row(line, rhs[r]!)),
      lower,
      upper,
    }
    const expected = bruteForce(lp)
    const result = maximise(lp)
    if (expected === null) expect(result.status).toBe('infeasible')
    else {
      expect(result.status).toBe('optimal')
      if (result.status === 'optimal') expect(result.value).toBeCloseTo(expected, 7)
    }
  })
})
