import { describe, expect, it } from 'vitest'
import { logGamma, regularizedIncompleteBeta } from './special-functions'
import { studentTQuantile } from './student-t'

describe('studentTQuantile', () => {
  // NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2, "Critical values of the
  // Student's t distribution" (upper-tail probabilities 0.025 and 0.005, three decimals).
  it.each([
    { df: 1, p: 0.975, t: 12.706 },
    { df: 2, p: 0.975, t: 4.303 },
    { df: 3, p: 0.975, t: 3.182 },
    { df: 4, p: 0.975, t: 2.776 },
    { df: 5, p: 0.975, t: 2.571 },
    { df: 10, p: 0.975, t: 2.228 },
    { df: 20, p: 0.975, t: 2.086 },
    { df: 29, p: 0.975, t: 2.045 },
    { df: 30, p: 0.975, t: 2.042 },
    { df: 60, p: 0.975, t: 2.0 },
    { df: 100, p: 0.975, t: 1.984 },
    { df: 1, p: 0.995, t: 63.657 },
    { df: 10, p: 0.995, t: 3.169 },
    { df: 30, p: 0.995, t: 2.75 },
  ])('t($df, $p) = $t (NIST table)', ({ df, p, t }) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(t, 3)
  })

  it('tends to the normal quantile 1.959964 for large df', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5)
  })

  // Closed forms: df = 1 is Cauchy, tan(π(p − ½)); df = 2 gives (2p − 1)/√(2p(1 − p));
  // df = 4 gives 2·√(q − 1) with q = cos(⅓·arccos(√α))/√α, α = 4p(1 − p) (Hill 1970, CACM 13:617).
  it.each([0.6, 0.9, 0.975, 0.999, 0.9999])('matches the closed forms for df = 1, 2, 4 at p = %s', (p) => {
    expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8)
    expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 9)
    const alpha = 4 * p * (1 - p)
    const q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha)
    expect(studentTQuantile(p, 4)).toBeCloseTo(2 * Math.sqrt(q - 1), 9)
  })

  it('is antisymmetric and 0 at ½', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0)
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12)
  })
})

describe('special functions', () => {
  it.each([
    { x: 1, value: 0 },
    { x: 0.5, value: 0.5723649429247001 }, // ln √π
    { x: 10, value: 12.801827480081469 }, // ln 9!
    { x: 0.1, value: 2.252712651734206 }, // ln Γ(0.1) = ln 9.513507698668732
  ])('logGamma($x) = $value', ({ x, value }) => {
    expect(logGamma(x)).toBeCloseTo(value, 12)
  })

  it.each([
    { x: 0.3, a: 1, b: 1, value: 0.3 }, // uniform
    { x: 0.3, a: 3, b: 1, value: 0.027 }, // xᵃ
    { x: 0.5, a: 7.5, b: 7.5, value: 0.5 }, // symmetry
    { x: 0.2, a: 1, b: 4, value: 1 - 0.8 ** 4 }, // 1 − (1 − x)ᵇ
  ])('I_$x($a, $b) = $value', ({ x, a, b, value }) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(value, 12)
  })
})
