/**
 * A linear programme in equality form with bounded variables: maximise Σ objective[j]·x[j]
 * subject to, for every row, Σ coefficients[j]·x[j] = rhs, and lower[j] ≤ x[j] ≤ upper[j]
 * (either bound may be infinite; an inequality takes a slack variable).
 */
export interface LinearProgram {
  objective: readonly number[]
  rows: readonly { coefficients: ReadonlyMap<number, number>; rhs: number }[]
  lower: readonly number[]
  upper: readonly number[]
}

export type LinearProgramResult = { status: 'optimal'; value: number; x: number[] } | { status: 'infeasible' } | { status: 'unbounded' }

const EPSILON = 1e-9
/** Degenerate pivots in a row after which the pricing turns to Bland's rule for good. */
const DEGENERATE_STREAK = 50

/**
 * Solves a small dense linear programme exactly up to floating-point tolerance (1e-9): the primal
 * simplex method for bounded variables (Dantzig 1955; Chvátal, "Linear Programming", 1983,
 * ch. 21) on a tableau kept with its row of reduced costs, in two phases — artificial variables
 * first, driven out of the basis before the objective. The entering variable is the one with
 * the largest reduced cost (Dantzig's rule) until 50 degenerate pivots in a row, then the first
 * that improves (Bland's smallest-index rule, which never cycles) — the programmes of disclosure
 * control are degenerate by nature (every right-hand side 0). Nonbasic variables start at 0 when
 * their bounds allow it, else at their nearest bound.
 */
export function maximise(lp: LinearProgram): LinearProgramResult {
  const simplex = new Simplex(lp)
  return simplex.feasible ? simplex.maximise(lp.objective) : { status: 'infeasible' }
}

/**
 * The simplex of `maximise`, kept between solves: after one optimum, `relax` widens bounds (the
 * current point stays feasible) and `maximise` starts again from the basis it ended on, with any
 * objective — a sequence of related programmes costs far fewer pivots than solving each afresh.
 */
export class Simplex {
  readonly feasible: boolean
  private readonly n: number
  private readonly m: number
  private readonly width: number
  private readonly lower: Float64Array
  private readonly upper: Float64Array
  private readonly x: Float64Array
  private readonly tableau: Float64Array[]
  private readonly basis: Int32Array
  private readonly isBasic: Uint8Array
  private reduced: Float64Array

  constructor(lp: LinearProgram) {
    const n = (this.n = lp.objective.length)
    const m = (this.m = lp.rows.length)
    const width = (this.width = n + m)
    this.lower = new Float64Array(width)
    this.upper = new Float64Array(width)
    for (let j = 0; j < n; j++) {
      this.lower[j] = lp.lower[j]!
      this.upper[j] = lp.upper[j]!
    }
    for (let r = 0; r < m; r++) this.upper[n + r] = Infinity
    const x = (this.x = new Float64Array(width))
    for (let j = 0; j < n; j++) x[j] = Math.min(this.upper[j]!, Math.max(this.lower[j]!, 0))
    this.tableau = lp.rows.map((row, r) => {
      const line = new Float64Array(width)
      let residual = row.rhs
      for (const [j, a] of row.coefficients) {
        line[j] = a
        residual -= a * x[j]!
      }
      // The artificial of row r absorbs what the nonbasic start leaves: +1 or −1 so it starts ≥ 0.
      if (residual < 0) for (let j = 0; j < n; j++) line[j] = -line[j]!
      line[n + r] = 1
      x[n + r] = Math.abs(residual)
      return line
    })
    this.basis = Int32Array.from({ length: m }, (_, r) => n + r)
    this.isBasic = new Uint8Array(width)
    for (const j of this.basis) this.isBasic[j] = 1
    this.reduced = new Float64Array(width)

    const tolerance = EPSILON * Math.max(1, ...lp.rows.map((row) => Math.abs(row.rhs)))
    const infeasibility = () => x.subarray(n).reduce((sum, a) => sum + a, 0)
    // Phase 1 only when the start is not feasible already (it is, for a homogeneous programme).
    if (infeasibility() > tolerance) {
      const phaseOne = new Float64Array(width)
      for (let r = 0; r < m; r++) phaseOne[n + r] = -1
      this.run(phaseOne)
    }
    this.feasible = infeasibility() <= tolerance
    if (!this.feasible) return
    // Artificials leave the basis (degenerate pivots) and stay at 0; a row with nothing else is redundant.
    for (let r = 0; r < m; r++) {
      if (this.basis[r]! < n) continue
      let column = -1
      for (let j = 0; j < n && column < 0; j++) if (!this.isBasic[j] && Math.abs(this.tableau[r]![j]!) > EPSILON) column = j
      if (column >= 0) this.pivot(r, column)
    }
    for (let r = 0; r < m; r++) {
      x[n + r] = 0
      this.upper[n + r] = 0
    }
  }

  /** The optimum of `objective` from the current basis. */
  maximise(objective: readonly number[]): LinearProgramResult {
    const costs = new Float64Array(this.width)
    for (let j = 0; j < this.n; j++) costs[j] = objective[j]!
    if (!this.run(costs)) return { status: 'unbounded' }
    const solution = Array.from(this.x.subarray(0, this.n))
    const value = objective.reduce((sum, c, j) => sum + c * solution[j]!, 0)
    return { status: 'optimal', value, x: solution }
  }

  /** Widens the bounds of variable j; the current point must stay within them. */
  relax(j: number, lower: number, upper: number): void {
    if (this.x[j]! < lower - EPSILON || this.x[j]! > upper + EPSILON) throw new RangeError(`variable ${j} would leave its bounds`)
    this.lower[j] = lower
    this.upper[j] = upper
  }

  /** Pivots on (row, column), the row of reduced costs with the tableau; only the pivot row's non-zero columns change. */
  private pivot(row: number, column: number): void {
    const line = this.tableau[row]!
    const scale = line[column]!
    const nonZero: number[] = []
    for (let j = 0; j < this.width; j++) {
      if (line[j] === 0) continue
      line[j]! /= scale
      nonZero.push(j)
    }
    const eliminate = (other: Float64Array) => {
      const factor = other[column]!
      if (factor === 0) return
      for (const j of nonZero) other[j]! -= factor * line[j]!
      other[column] = 0
    }
    for (let r = 0; r < this.m; r++) if (r !== row) eliminate(this.tableau[r]!)
    eliminate(this.reduced)
    this.isBasic[this.basis[row]!] = 0
    this.basis[row] = column
    this.isBasic[column] = 1
  }

  /** Runs the simplex on `costs` from the current basis; false when unbounded. */
  private run(costs: Float64Array): boolean {
    const { m, width, lower, upper, x, tableau, basis, isBasic } = this
    const reduced = (this.reduced = Float64Array.from(costs))
    for (let r = 0; r < m; r++) {
      const cost = costs[basis[r]!]!
      if (cost === 0) continue
      const line = tableau[r]!
      for (let j = 0; j < width; j++) reduced[j]! -= cost * line[j]!
    }
    let degenerate = 0
    let bland = false
    for (;;) {
      let entering = -1
      let direction = 0
      let best = 0
      for (let j = 0; j < width; j++) {
        if (isBasic[j] || lower[j] === upper[j]) continue
        const d = reduced[j]!
        const gain = d > EPSILON && x[j]! < upper[j]! - EPSILON ? d : d < -EPSILON && x[j]! > lower[j]! + EPSILON ? -d : 0
        if (gain === 0 || gain <= best) continue
        ;[entering, direction, best] = [j, d > 0 ? 1 : -1, gain]
        if (bland) break
      }
      if (entering < 0) return true

      // Ratio test: the entering variable moves by θ in `direction`, basic variable r by
      // −θ·direction·tableau[r][entering]; the first bound reached stops it, ties to the smallest
      // index — the entering variable itself when it reaches a bound first.
      let step = direction > 0 ? upper[entering]! - x[entering]! : x[entering]! - lower[entering]!
      let leaving = -1
      let leavingIndex = entering
      let leavingBound = 0
      for (let r = 0; r < m; r++) {
        const rate = -direction * tableau[r]![entering]!
        if (Math.abs(rate) <= EPSILON) continue
        const variable = basis[r]!
        const room = rate < 0 ? x[variable]! - lower[variable]! : upper[variable]! - x[variable]!
        if (!Number.isFinite(room)) continue
        const limit = Math.max(0, room) / Math.abs(rate)
        if (limit < step - EPSILON || (limit <= step + EPSILON && variable < leavingIndex)) {
          step = limit
          leaving = r
          leavingIndex = variable
          leavingBound = rate < 0 ? lower[variable]! : upper[variable]!
        }
      }
      if (!Number.isFinite(step)) return false
      if (step <= EPSILON && ++degenerate >= DEGENERATE_STREAK) bland = true
      else if (step > EPSILON) degenerate = 0
      x[entering]! += direction * step
      for (let r = 0; r < m; r++) x[basis[r]!]! -= direction * step * tableau[r]![entering]!
      if (leaving < 0) continue // the entering variable reached one of its bounds
      const out = basis[leaving]!
      this.pivot(leaving, entering)
      x[out] = leavingBound
    }
  }
}
