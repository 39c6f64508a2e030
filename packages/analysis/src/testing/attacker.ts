// An attacker written apart from disclosure control, for the attack tests (issue 8, item 6). It
// reads what a researcher reads — the public cells, the questionnaire, the indicator definitions,
// the rules of the game (k, p, "margins add up", "a median is percentile_cont") — and never a
// reason nor anything of packages/analysis/src/disclosure. Its arithmetic is its own: exact
// rationals (BigInt) for linear programmes, and a search over integers for hidden counts.

// ---------------------------------------------------------------------------------------------
// Exact rationals
// ---------------------------------------------------------------------------------------------

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a
  b = b < 0n ? -b : b
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

/** A fraction in lowest terms, denominator positive. */
export class Rational {
  readonly num: bigint
  readonly den: bigint

  constructor(num: bigint, den = 1n) {
    if (den === 0n) throw new RangeError('division by zero')
    if (den < 0n) [num, den] = [-num, -den]
    const g = gcd(num, den) || 1n
    this.num = num / g
    this.den = den / g
  }

  /** The exact value of a decimal as JavaScript prints it (`String(x)`, exponent included). */
  static of(value: number): Rational {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
    const [mantissa, exponent = '0'] = String(value).toLowerCase().split('e')
    const negative = mantissa!.startsWith('-')
    const [whole, fraction = ''] = mantissa!.replace('-', '').split('.')
    let num = BigInt(whole! + fraction)
    let den = 10n ** BigInt(fraction.length)
    const e = Number(exponent)
    if (e >= 0) num *= 10n ** BigInt(e)
    else den *= 10n ** BigInt(-e)
    return new Rational(negative ? -num : num, den)
  }

  add(o: Rational): Rational {
    return new Rational(this.num * o.den + o.num * this.den, this.den * o.den)
  }
  sub(o: Rational): Rational {
    return new Rational(this.num * o.den - o.num * this.den, this.den * o.den)
  }
  mul(o: Rational): Rational {
    return new Rational(this.num * o.num, this.den * o.den)
  }
  div(o: Rational): Rational {
    return new Rational(this.num * o.den, this.den * o.num)
  }
  sign(): number {
    return this.num === 0n ? 0 : this.num > 0n ? 1 : -1
  }
  compare(o: Rational): number {
    return this.sub(o).sign()
  }
  toNumber(): number {
    return Number(this.num) / Number(this.den)
  }
}

const ZERO = new Rational(0n)
const ONE = new Rational(1n)

/**
 * max c·x subject to A x = b, x ≥ 0, in exact arithmetic: the textbook two-phase simplex with
 * Bland's rule (Chvátal 1983, ch. 2–3) on a dense tableau. Null when infeasible, Infinity when
 * unbounded.
 */
function exactMaximum(objective: Rational[], rows: Rational[][], rhs: Rational[]): Rational | null | typeof Infinity {
  const n = objective.length
  const m = rows.length
  // Phase 1 tableau: columns 0…n−1 the variables, n…n+m−1 the artificials, last the right-hand side.
  const t = rows.map((row, r) => {
    const flip = rhs[r]!.sign() < 0
    const line = [
      ...row.map((a) => (flip ? ZERO.sub(a) : a)),
      ...Array.from({ length: m }, (_, j) => (j === r ? ONE : ZERO)),
      flip ? ZERO.sub(rhs[r]!) : rhs[r]!,
    ]
    return line
  })
  const basis = Array.from({ length: m }, (_, r) => n + r)
  const pivot = (row: number, col: number) => {
    const p = t[row]![col]!
    t[row] = t[row]!.map((v) => v.div(p))
    for (let r = 0; r < m; r++) {
      if (r === row || t[r]![col]!.sign() === 0) continue
      const f = t[r]![col]!
      t[r] = t[r]!.map((v, j) => v.sub(f.mul(t[row]![j]!)))
    }
    basis[row] = col
  }
  const simplex = (costs: Rational[], allowed: (j: number) => boolean): boolean => {
    for (;;) {
      let entering = -1
      for (let j = 0; j < costs.length && entering < 0; j++) {
        if (!allowed(j) || basis.includes(j)) continue
        let reduced = costs[j]!
        for (let r = 0; r < m; r++) reduced = reduced.sub(costs[basis[r]!]!.mul(t[r]![j]!))
        if (reduced.sign() > 0) entering = j
      }
      if (entering < 0) return true
      let leaving = -1
      let best: Rational | null = null
      for (let r = 0; r < m; r++) {
        const a = t[r]![entering]!
        if (a.sign() <= 0) continue
        const ratio = t[r]![n + m]!.div(a)
        const c = best === null ? -1 : ratio.compare(best)
        if (c < 0 || (c === 0 && basis[r]! < basis[leaving]!)) {
          best = ratio
          leaving = r
        }
      }
      if (leaving < 0) return false
      pivot(leaving, entering)
    }
  }
  const phaseOne = [...Array.from({ length: n }, () => ZERO), ...Array.from({ length: m }, () => ZERO.sub(ONE))]
  simplex(phaseOne, () => true)
  for (let r = 0; r < m; r++) if (basis[r]! >= n && t[r]![n + m]!.sign() !== 0) return null
  for (let r = 0; r < m; r++) {
    if (basis[r]! < n) continue
    const col = t[r]!.findIndex((v, j) => j < n && v.sign() !== 0)
    if (col >= 0) pivot(r, col)
  }
  const costs = [...objective, ...Array.from({ length: m }, () => ZERO)]
  if (!simplex(costs, (j) => j < n)) return Infinity
  let value = ZERO
  for (let r = 0; r < m; r++) if (basis[r]! < n) value = value.add(objective[basis[r]!]!.mul(t[r]![n + m]!))
  return value
}

// ---------------------------------------------------------------------------------------------
// Attack 2: the largest contribution behind a published total
// ---------------------------------------------------------------------------------------------

/** A published equality on the sorted answers: (1 − weight)·y₍below₎ + weight·y₍above₎ = value. */
export interface PublishedRank {
  below: number
  above: number
  weight: number
  value: number
}

/**
 * What the second-largest contributor reads of a median cell of the same question and cell:
 * percentile_cont at 0.25, 0.5, 0.75 (h = (n − 1)p, ranks ⌊h⌋+1 and ⌊h⌋+2) and the interval's
 * order statistics at the ranks of the exact binomial interval — each only when published.
 */
export function medianCellEqualities(
  n: number,
  cell: { value: number | null; q1: number | null; q3: number | null; ciLow: number | null; ciHigh: number | null },
  intervalRanks: { lower: number; upper: number } | null,
): PublishedRank[] {
  const at = (p: number, value: number | null): PublishedRank[] => {
    if (value === null) return []
    const h = (n - 1) * p
    const below = Math.floor(h) + 1
    return [{ below, above: Math.min(n, below + 1), weight: h - Math.floor(h), value }]
  }
  const ranks: PublishedRank[] = [...at(0.5, cell.value), ...at(0.25, cell.q1), ...at(0.75, cell.q3)]
  if (intervalRanks && cell.ciLow !== null) ranks.push({ below: intervalRanks.lower, above: intervalRanks.lower, weight: 0, value: cell.ciLow })
  if (intervalRanks && cell.ciHigh !== null) ranks.push({ below: intervalRanks.upper, above: intervalRanks.upper, weight: 0, value: cell.ciHigh })
  return ranks
}

/**
 * The second-largest contributor's best upper bound on the largest answer y₍ₙ₎: maximise it over
 * every sorted vector of n answers ≥ lowerBound with y₍ₙ₋₁₎ = own, Σ = total and the published
 * equalities — all n order statistics as increments δᵢ ≥ 0 (y₍ᵢ₎ = lowerBound + δ₁ + … + δᵢ),
 * solved exactly. Null when the figures contradict the lower bound (then the attacker drops it:
 * see `attackerBound`).
 */
function exactLargestBound(input: { n: number; total: number; own: number; lowerBound: number; ranks: readonly PublishedRank[] }): Rational | null {
  const { n } = input
  const b = Rational.of(input.lowerBound)
  const prefix = (i: number, factor: Rational, row: Rational[]) => {
    for (let j = 0; j < i; j++) row[j] = row[j]!.add(factor)
  }
  const rows: Rational[][] = []
  const rhs: Rational[] = []
  const own = Array.from({ length: n }, () => ZERO)
  prefix(n - 1, ONE, own)
  rows.push(own)
  rhs.push(Rational.of(input.own).sub(b))
  for (const rank of input.ranks) {
    const row = Array.from({ length: n }, () => ZERO)
    const w = Rational.of(rank.weight)
    prefix(rank.below, ONE.sub(w), row)
    prefix(rank.above, w, row)
    rows.push(row)
    rhs.push(Rational.of(rank.value).sub(b))
  }
  rows.push(Array.from({ length: n }, (_, j) => new Rational(BigInt(n - j))))
  rhs.push(Rational.of(input.total).sub(b.mul(new Rational(BigInt(n)))))
  const best = exactMaximum(
    Array.from({ length: n }, () => ONE),
    rows,
    rhs,
  )
  if (best === null) return null
  if (best === Infinity) throw new Error('the largest answer is unbounded: the attacker has made a mistake')
  return b.add(best as Rational)
}

/** `exactLargestBound`, falling back on a lower bound of 0 when the declared one is contradicted. */
export function attackerBound(input: { n: number; total: number; own: number; lowerBound: number; ranks: readonly PublishedRank[] }): Rational {
  return exactLargestBound(input) ?? exactLargestBound({ ...input, lowerBound: 0 }) ?? exactLargestBound({ ...input, lowerBound: -1e12 })!
}

// ---------------------------------------------------------------------------------------------
// Attacks 1 and 3: hidden counts, by integer feasibility
// ---------------------------------------------------------------------------------------------

/**
 * Integer unknowns with bounds, linear equalities Σ coefficient·x = constant, and order
 * constraints x_a ≤ x_b (a count never above its n).
 */
export class IntegerSystem {
  readonly names: string[] = []
  private readonly index = new Map<string, number>()
  readonly lo: number[] = []
  readonly hi: number[] = []
  readonly equalities: { terms: [number, number][]; constant: number }[] = []
  readonly orders: [number, number][] = []
  /** Nodes the last search visited. */
  nodes = 0

  /** The unknown `name`, created with bounds [lo, hi] (or narrowed to them). */
  variable(name: string, lo = 0, hi = 1_000_000): number {
    let i = this.index.get(name)
    if (i === undefined) {
      i = this.names.length
      this.names.push(name)
      this.index.set(name, i)
      this.lo.push(lo)
      this.hi.push(hi)
    } else {
      this.lo[i] = Math.max(this.lo[i]!, lo)
      this.hi[i] = Math.min(this.hi[i]!, hi)
    }
    return i
  }

  has(name: string): boolean {
    return this.index.has(name)
  }

  at(name: string): number {
    return this.index.get(name)!
  }

  /** Σ coefficient × term = constant, where a term is an unknown's index or a known number. */
  equal(terms: readonly [number, number | { known: number }][], constant = 0): void {
    let c = constant
    const unknown: [number, number][] = []
    for (const [coefficient, term] of terms) {
      if (typeof term === 'number') unknown.push([term, coefficient])
      else c -= coefficient * term.known
    }
    this.equalities.push({ terms: unknown, constant: c })
  }

  atMost(a: number | { known: number }, b: number | { known: number }): void {
    if (typeof a === 'number' && typeof b === 'number') this.orders.push([a, b])
    else if (typeof a === 'number') this.hi[a] = Math.min(this.hi[a]!, (b as { known: number }).known)
    else if (typeof b === 'number') this.lo[b] = Math.max(this.lo[b]!, a.known)
  }

  /** Narrows the bounds until nothing changes; false when some unknown has none left. */
  private propagate(lo: number[], hi: number[]): boolean {
    for (let changed = true; changed;) {
      changed = false
      for (const { terms, constant } of this.equalities) {
        let min = 0
        let max = 0
        for (const [i, a] of terms) {
          min += a > 0 ? a * lo[i]! : a * hi[i]!
          max += a > 0 ? a * hi[i]! : a * lo[i]!
        }
        if (min > constant || max < constant) return false
        for (const [i, a] of terms) {
          const othersMin = min - (a > 0 ? a * lo[i]! : a * hi[i]!)
          const othersMax = max - (a > 0 ? a * hi[i]! : a * lo[i]!)
          // a·x = constant − others ∈ [constant − othersMax, constant − othersMin]
          let low = (constant - othersMax) / a
          let high = (constant - othersMin) / a
          if (a < 0) [low, high] = [high, low]
          low = Math.ceil(low - 1e-9)
          high = Math.floor(high + 1e-9)
          if (low > lo[i]!) {
            lo[i] = low
            changed = true
          }
          if (high < hi[i]!) {
            hi[i] = high
            changed = true
          }
          if (lo[i]! > hi[i]!) return false
        }
      }
      for (const [a, b] of this.orders) {
        if (hi[b]! < hi[a]!) {
          hi[a] = hi[b]!
          changed = true
        }
        if (lo[a]! > lo[b]!) {
          lo[b] = lo[a]!
          changed = true
        }
        if (lo[a]! > hi[a]! || lo[b]! > hi[b]!) return false
      }
    }
    return true
  }

  /**
   * A solution with each unknown within the bounds given (or its own), or null: depth-first
   * search, branching on the smallest open domain — first on the value it has in `near` (a
   * solution found before: the search stays close to it), then below, then above — with the
   * bounds propagated at every node. Throws past `limit` nodes rather than answer without knowing.
   */
  solve(bounds: ReadonlyMap<number, [number, number]> = new Map(), near: readonly number[] | null = null, limit = 300_000): number[] | null {
    const lo = [...this.lo]
    const hi = [...this.hi]
    for (const [i, [l, h]] of bounds) {
      lo[i] = Math.max(lo[i]!, l)
      hi[i] = Math.min(hi[i]!, h)
    }
    this.nodes = 0
    const search = (lo: number[], hi: number[]): number[] | null => {
      if (++this.nodes > limit) throw new Error(`integer search undecided after ${limit} nodes`)
      if (!this.propagate(lo, hi)) return null
      let open = -1
      for (let i = 0; i < lo.length; i++) if (lo[i]! < hi[i]! && (open < 0 || hi[i]! - lo[i]! < hi[open]! - lo[open]!)) open = i
      if (open < 0) return lo
      const target = near ? Math.min(hi[open]!, Math.max(lo[open]!, near[open]!)) : Math.floor((lo[open]! + hi[open]!) / 2)
      const branches: [number, number][] = [
        [target, target],
        [lo[open]!, target - 1],
        [target + 1, hi[open]!],
      ]
      for (const [l, h] of branches) {
        if (l > h) continue
        const [nextLo, nextHi] = [[...lo], [...hi]]
        nextLo[open] = l
        nextHi[open] = h
        const found = search(nextLo, nextHi)
        if (found) return found
      }
      return null
    }
    return search(lo, hi)
  }

  /**
   * The unknowns (of `targets`) that have one feasible value only, given one solution: those the
   * bounds alone pin, those linear algebra determines (Gauss–Jordan over the equalities), and
   * those for which a search finds no solution with another value.
   */
  determined(targets: readonly number[], solution: readonly number[]): number[] {
    const lo = [...this.lo]
    const hi = [...this.hi]
    if (!this.propagate(lo, hi)) throw new Error('no solution')
    const linear = this.linearlyDetermined(lo, hi)
    return targets.filter((i) => {
      if (lo[i] === hi[i] || linear.has(i)) return true
      const value = solution[i]!
      if (value > lo[i]! && this.solve(new Map([[i, [lo[i]!, value - 1]]]), solution) !== null) return false
      return !(value < hi[i]! && this.solve(new Map([[i, [value + 1, hi[i]!]]]), solution) !== null)
    })
  }

  /** The unknowns whose value the equalities determine, the pinned ones taken as known. */
  private linearlyDetermined(lo: readonly number[], hi: readonly number[]): Set<number> {
    const open = this.names.map((_, i) => i).filter((i) => lo[i]! < hi[i]!)
    const column = new Map(open.map((i, j) => [i, j]))
    const rows = this.equalities
      .map(({ terms }) => {
        const row = new Array<number>(open.length).fill(0)
        for (const [i, a] of terms) if (column.has(i)) row[column.get(i)!]! += a
        return row
      })
      .filter((row) => row.some((a) => a !== 0))
    const pivots: number[] = []
    let r = 0
    for (let c = 0; c < open.length && r < rows.length; c++) {
      const p = rows.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9)
      if (p < 0) continue
      ;[rows[r], rows[p]] = [rows[p]!, rows[r]!]
      const scale = rows[r]![c]!
      rows[r] = rows[r]!.map((a) => a / scale)
      for (let i = 0; i < rows.length; i++) {
        if (i === r || Math.abs(rows[i]![c]!) < 1e-9) continue
        const f = rows[i]![c]!
        rows[i] = rows[i]!.map((a, j) => a - f * rows[r]![j]!)
      }
      pivots.push(c)
      r++
    }
    return new Set(pivots.filter((c, i) => rows[i]!.every((a, j) => j === c || Math.abs(a) < 1e-9)).map((c) => open[c]!))
  }
}
