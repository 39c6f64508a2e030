/**
 * Below or at this size, `qbinom(p, n, ½)` sums binomial coefficients exactly (BigInt); above,
 * it sums the probabilities in log space. The test suite checks both agree for every n up to the
 * limit and at sizes well beyond it (2 000, 5 000, 10 000).
 */
export const QBINOM_EXACT_LIMIT = 1000

/**
 * Binomial quantile, R's `qbinom(p, size, prob)`: the smallest k with P(X ≤ k) ≥ p for
 * X ~ Binomial(size, prob). For prob = ½ and size ≤ QBINOM_EXACT_LIMIT the cumulative sum is
 * compared exactly, Σᵢ₌₀ᵏ C(n, i) · 2ˢ ≥ N · 2ⁿ with p = N / 2ˢ (a double is a dyadic rational);
 * otherwise the probabilities are accumulated in log space (pmf recurrence
 * f(k+1) = f(k) · (n−k)/(k+1) · prob/(1−prob), log-sum-exp), which neither underflows at
 * 2⁻¹⁰⁰⁰⁰⁰ nor loses the tail to cancellation.
 */
export function qbinom(p: number, size: number, prob: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`)
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`)
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`prob must be in [0, 1], got ${prob}`)
  if (p === 0 || prob === 0) return 0
  if (prob === 1) return size
  if (prob === 0.5 && size <= QBINOM_EXACT_LIMIT) return qbinomHalfExact(p, size)
  return qbinomLogSpace(p, size, prob)
}

/** Exact `qbinom(p, n, ½)` in integer arithmetic; exported for the boundary tests. */
export function qbinomHalfExact(p: number, n: number): number {
  let scaled = p
  let shift = 0n
  // Doubling a double is exact, so this ends with p = scaled / 2^shift, scaled an integer.
  while (!Number.isInteger(scaled)) {
    scaled *= 2
    shift += 1n
  }
  const target = BigInt(scaled) << BigInt(n)
  let coefficient = 1n
  let cumulative = 0n
  for (let k = 0; k < n; k++) {
    cumulative += coefficient
    if (cumulative << shift >= target) return k
    coefficient = (coefficient * BigInt(n - k)) / BigInt(k + 1)
  }
  return n
}

/** `qbinom` by summing probabilities in log space; exported for the boundary tests. */
export function qbinomLogSpace(p: number, size: number, prob: number): number {
  const logP = Math.log(p)
  const logOdds = Math.log(prob) - Math.log1p(-prob)
  let logPmf = size * Math.log1p(-prob)
  let logCdf = logPmf
  for (let k = 0; k < size; k++) {
    if (logCdf >= logP) return k
    logPmf += Math.log((size - k) / (k + 1)) + logOdds
    logCdf = logCdf > logPmf ? logCdf + Math.log1p(Math.exp(logPmf - logCdf)) : logPmf + Math.log1p(Math.exp(logCdf - logPmf))
  }
  return size
}
