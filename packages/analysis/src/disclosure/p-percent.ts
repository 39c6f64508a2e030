import { maximise } from './linear-program'

/** The p of the p % rule when a wave does not set it. */
export const DEFAULT_P_PERCENT = 15

/**
 * A published equality on the sorted answers y₍₁₎ ≤ … ≤ y₍ₙ₎ (1-based ranks, ascending):
 * (1 − weight)·y₍below₎ + weight·y₍above₎ = value — a `percentile_cont` quantile (median,
 * quartiles; above = below + 1) or, with weight 0, an order statistic itself (a median
 * interval's bound x₍L₎ or x₍U₎).
 */
export interface RankEquality {
  below: number
  above: number
  weight: number
  value: number
}

/**
 * What the second-largest contributor to a total knows about it: its own answer (`second`), the
 * number of contributions `n`, the total, the smallest answer the questionnaire accepts
 * (`lowerBound`), and the equalities published on the sorted answers of the same cell.
 */
export interface TotalKnowledge {
  n: number
  total: number
  second: number
  lowerBound: number
  equalities?: readonly RankEquality[]
}

/**
 * The tightest upper bound the second-largest contributor can put on the largest contribution
 * x₁ = y₍ₙ₎ from what it knows (`TotalKnowledge`): the optimum of the linear programme
 * "maximise y₍ₙ₎ subject to lowerBound ≤ y₍₁₎ ≤ … ≤ y₍ₙ₎, y₍ₙ₋₁₎ = second, Σ y = total, and
 * every published equality", null when the figures contradict the bound (the attacker then knows
 * less than assumed). Exact and small whatever n: an answer whose rank no equality names takes, at
 * the optimum, the value of the nearest named rank below it (or the lower bound), since raising it
 * only lowers y₍ₙ₎ — so the programme keeps one variable per named rank, written as increments
 * δ ≥ 0 above the lower bound to turn the order into bounds, and `maximise` solves it. Without
 * equalities it is the bound of the classic p % rule, total − second − (n − 2)·lowerBound.
 */
export function largestContributionBound(knowledge: TotalKnowledge): number | null {
  const { n, total, second, lowerBound } = knowledge
  if (n < 2) return total
  const equalities = knowledge.equalities ?? []
  if (equalities.length === 0) {
    // The others at the lower bound: the programme's optimum, in closed form.
    const bound = total - second - (n - 2) * lowerBound
    const tolerance = 1e-9 * Math.max(1, Math.abs(total))
    return second < lowerBound - tolerance || bound < second - tolerance ? null : bound
  }
  const knots = [...new Set([n - 1, n, ...equalities.flatMap((e) => [e.below, e.above])])].filter((rank) => rank >= 1 && rank <= n).sort((a, b) => a - b)
  const at = new Map(knots.map((rank, i) => [rank, i]))
  // D_j = Σ_{i ≤ j} δ_i is y at knot j minus the lower bound: a row over the prefix.
  const prefix = (j: number, factor: number, into: Map<number, number>) => {
    for (let i = 0; i <= j; i++) into.set(i, (into.get(i) ?? 0) + factor)
  }
  const rows: { coefficients: Map<number, number>; rhs: number }[] = []
  const own = new Map<number, number>()
  prefix(at.get(n - 1)!, 1, own)
  rows.push({ coefficients: own, rhs: second - lowerBound })
  for (const e of equalities) {
    const coefficients = new Map<number, number>()
    prefix(at.get(e.below)!, 1 - e.weight, coefficients)
    if (e.weight !== 0) prefix(at.get(e.above)!, e.weight, coefficients)
    rows.push({ coefficients, rhs: e.value - lowerBound })
  }
  // Σ y = total: each knot stands for itself and the unnamed ranks above it, up to the next knot.
  const sum = new Map<number, number>()
  knots.forEach((rank, j) => prefix(j, (knots[j + 1] ?? n + 1) - rank, sum))
  rows.push({ coefficients: sum, rhs: total - n * lowerBound })
  const objective = new Array<number>(knots.length).fill(1)
  const result = maximise({
    objective,
    rows,
    lower: new Array<number>(knots.length).fill(0),
    upper: new Array<number>(knots.length).fill(Infinity),
  })
  if (result.status !== 'optimal') return null
  return lowerBound + result.value
}

/**
 * The p % rule (Hundepool et al., "Statistical Disclosure Control", Wiley 2012, §4.2.2; τ-Argus):
 * a total is unsafe when the second-largest contributor can estimate the largest contribution x₁
 * within p % — its tightest upper bound U (`largestContributionBound`) is below (1 + p/100)·x₁.
 * With the total, n and the lower bound only, this is T − x₁ − x₂ − (n − 2)·b < p/100 · x₁.
 * A declared lower bound that the figures contradict (answers below the questionnaire's minimum)
 * gives way to 0; a bound that still contradicts them counts as unsafe, and so does one within
 * 1e-9 of the threshold: floating point must never decide in the attacker's favour. A total of
 * zero has nothing to estimate.
 */
export function pPercentFails(knowledge: TotalKnowledge & { largest: number }, pPercent: number): boolean {
  if (knowledge.largest <= 0) return false
  let bound = largestContributionBound(knowledge)
  if (bound === null && knowledge.lowerBound > 0) bound = largestContributionBound({ ...knowledge, lowerBound: 0 })
  if (bound === null) return true
  const threshold = (1 + pPercent / 100) * knowledge.largest
  return bound < threshold + 1e-9 * Math.max(1, threshold)
}
