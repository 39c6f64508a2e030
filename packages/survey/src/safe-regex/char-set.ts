// Sets of UTF-16 code units as sorted, disjoint, inclusive ranges `[lo0, hi0, lo1, hi1, …]`:
// patterns without the `u` flag (SurveyJS never sets it) match code units, not code points.

export type CharSet = readonly number[]

const MAX_UNIT = 0xffff

export const ANY: CharSet = [0, MAX_UNIT]

/** The set of the given ranges, sorted and merged. */
export function fromRanges(ranges: readonly (readonly [number, number])[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0])
  const out: number[] = []
  for (const [lo, hi] of sorted) {
    const last = out.length - 1
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi)
    else out.push(lo, hi)
  }
  return out
}

/** The units in any of the sets. */
export function union(...sets: CharSet[]): CharSet {
  const ranges: [number, number][] = []
  for (const set of sets) for (let i = 0; i < set.length; i += 2) ranges.push([set[i]!, set[i + 1]!])
  return fromRanges(ranges)
}

/** The units of 0…0xFFFF not in the set. */
export function complement(set: CharSet): CharSet {
  const out: number[] = []
  let next = 0
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1)
    next = set[i + 1]! + 1
  }
  if (next <= MAX_UNIT) out.push(next, MAX_UNIT)
  return out
}

/** The units in both sets, by a merge of their sorted ranges. */
export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!)
    const hi = Math.min(a[i + 1]!, b[j + 1]!)
    if (lo <= hi) out.push(lo, hi)
    if (a[i + 1]! < b[j + 1]!) i += 2
    else j += 2
  }
  return out
}

/** Whether the two sets share a unit, without building their intersection. */
export function overlaps(a: CharSet, b: CharSet): boolean {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (Math.max(a[i]!, b[j]!) <= Math.min(a[i + 1]!, b[j + 1]!)) return true
    if (a[i + 1]! < b[j + 1]!) i += 2
    else j += 2
  }
  return false
}

/** Whether the set holds the unit: a binary search over its ranges. */
export function has(set: CharSet, unit: number): boolean {
  let lo = 0
  let hi = set.length / 2 - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (unit < set[2 * mid]!) hi = mid - 1
    else if (unit > set[2 * mid + 1]!) lo = mid + 1
    else return true
  }
  return false
}

export const DIGIT: CharSet = [0x30, 0x39]
export const WORD: CharSet = fromRanges([
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
])
// WhiteSpace and LineTerminator of ECMA-262 (what `\s` matches).
export const SPACE: CharSet = fromRanges([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
])
/** What `.` matches without the `s` flag: anything but a line terminator. */
export const DOT: CharSet = complement(
  fromRanges([
    [0x0a, 0x0a],
    [0x0d, 0x0d],
    [0x2028, 0x2029],
  ]),
)

/** ECMA-262 IsWordChar (what `\\b` compares): ASCII letters, digits and `_`. */
export function isWordUnit(unit: number): boolean {
  return (unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a) || unit === 0x5f || (unit >= 0x61 && unit <= 0x7a)
}

let canonicalTable: Uint16Array | undefined
let changingUnits: number[] | undefined
let canonicalUnits: CharSet | undefined

/**
 * ECMA-262 Canonicalize for a pattern with the `i` flag and without `u` (22.2.2.7.3): the upper
 * case of the unit when it is one unit and does not carry a non-ASCII letter into ASCII.
 * Built once, on the first case-insensitive pattern.
 */
export function canonicalTableOf(): Uint16Array {
  if (canonicalTable) return canonicalTable
  const table = new Uint16Array(MAX_UNIT + 1)
  const changing: number[] = []
  for (let unit = 0; unit <= MAX_UNIT; unit++) {
    const upper = String.fromCharCode(unit).toUpperCase()
    let canonical = unit
    if (upper.length === 1) {
      const code = upper.charCodeAt(0)
      if (!(unit >= 128 && code < 128)) canonical = code
    }
    table[unit] = canonical
    if (canonical !== unit) changing.push(unit)
  }
  canonicalTable = table
  changingUnits = changing
  canonicalUnits = complement(fromRanges(changing.map((unit) => [unit, unit] as [number, number])))
  return table
}

/** The canonical images of a set's units: what a case-insensitive match compares. */
export function canonicalImage(set: CharSet): CharSet {
  const table = canonicalTableOf()
  // Units that canonicalise to themselves stay; the others (lower-case letters, mostly) move.
  const moved: [number, number][] = []
  for (const unit of changingUnits!) if (has(set, unit)) moved.push([table[unit]!, table[unit]!])
  return union(intersect(set, canonicalUnits!), fromRanges(moved))
}

/** Units that are their own canonical form: the only ones a case-insensitive match ever compares. */
export function canonicalUnitsOf(): CharSet {
  canonicalTableOf()
  return canonicalUnits!
}
