import { describe, expect, it } from 'vitest'
import { responseCounts } from './public-results'

// The response counts of the public methodology: a count under k is withheld, and so is whatever
// would give it back by subtraction from the network's (public anyway: the release's responses).

const organisations = (spec: Record<string, number>) => Object.entries(spec).flatMap(([family, n]) => Array.from({ length: n }, () => [family]))

describe('responseCounts', () => {
  it('publishes the counts of families of at least k, with their rates', () => {
    const counts = responseCounts(['a', 'b'], { invited: organisations({ a: 10, b: 8 }), submitted: organisations({ a: 6, b: 5 }) }, 5)
    expect(counts).toEqual([
      { family: '_all', invited: 18, submitted: 11, rate: 11 / 18 },
      { family: 'a', invited: 10, submitted: 6, rate: 0.6 },
      { family: 'b', invited: 8, submitted: 5, rate: 5 / 8 },
    ])
  })

  it('withholds a small family and the smallest other one, so that subtraction from the network gives nothing back', () => {
    const counts = responseCounts(['a', 'b', 'c'], { invited: organisations({ a: 20, b: 9, c: 3 }), submitted: organisations({ a: 12, b: 6, c: 2 }) }, 5)
    expect(counts.map((c) => [c.family, c.submitted, c.rate === null])).toEqual([
      ['_all', 20, false],
      ['a', 12, false],
      ['b', null, true],
      ['c', null, true],
    ])
    // The invited counts stay: who is invited is not an answer.
    expect(counts.map((c) => c.invited)).toEqual([32, 20, 9, 3])
  })

  it('needs no second family when the withheld ones hold none or at least k together', () => {
    const none = responseCounts(['a', 'b'], { invited: organisations({ a: 10, b: 4 }), submitted: organisations({ a: 7 }) }, 5)
    expect(none.map((c) => c.submitted)).toEqual([7, 7, null])
    const together = responseCounts(['a', 'b', 'c'], { invited: organisations({ a: 10, b: 4, c: 4 }), submitted: organisations({ a: 7, b: 3, c: 3 }) }, 5)
    expect(together.map((c) => c.submitted)).toEqual([13, 7, null, null])
  })

  it('withholds the network’s count when it is under k, and one family left alone', () => {
    expect(responseCounts(['a'], { invited: organisations({ a: 6 }), submitted: organisations({ a: 3 }) }, 5).map((c) => c.submitted)).toEqual([null, null])
    // Every family withheld and still under k together: the network's count goes too.
    expect(responseCounts(['a', 'b'], { invited: organisations({ a: 3, b: 3 }), submitted: organisations({ a: 2, b: 1 }) }, 5).map((c) => c.submitted)).toEqual(
      [null, null, null],
    )
  })

  it('publishes a family that shares its members with a withheld one: the residue, not the sum, is what subtraction gives', () => {
    // Five organisations in a, one in a and b: b's one is also a's, nobody is in b alone.
    const counts = responseCounts(['a', 'b'], { invited: [['a', 'b'], ...organisations({ a: 5 })], submitted: [['a', 'b'], ...organisations({ a: 5 })] }, 5)
    expect(counts.map((c) => [c.family, c.submitted])).toEqual([
      ['_all', 6],
      ['a', 6],
      ['b', null],
    ])
    // One of b alone besides: 7 − 6 gives it back, so a is withheld too.
    const alone = responseCounts(
      ['a', 'b'],
      { invited: [['a', 'b'], ['b'], ...organisations({ a: 5 })], submitted: [['a', 'b'], ['b'], ...organisations({ a: 5 })] },
      5,
    )
    expect(alone.map((c) => [c.family, c.submitted])).toEqual([
      ['_all', 7],
      ['a', null],
      ['b', null],
    ])
  })

  it('counts an organisation in each family it is registered in', () => {
    const counts = responseCounts(
      ['a', 'b'],
      { invited: [['a', 'b'], ...organisations({ a: 5, b: 5 })], submitted: [['a', 'b'], ...organisations({ a: 5, b: 4 })] },
      5,
    )
    expect(counts.map((c) => [c.family, c.invited, c.submitted])).toEqual([
      ['_all', 11, 10],
      ['a', 6, 6],
      ['b', 6, 5],
    ])
  })
})
