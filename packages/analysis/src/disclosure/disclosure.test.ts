import type { Aggregation, IndicatorCell } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { ALL } from '../dimensions/dimensions'
import { defaultIndicators } from '../indicators/default-indicators'
import { findBridges } from './bridges'
import { defaultQuestionnaire, listQuestions } from '@sonde/survey'
import { IntegerSystem } from '../testing/attacker'
import { indicatorFilters } from './filters'
import {
  applyDisclosureControl,
  blockedFigures,
  cellKey,
  disclosureLinks,
  effectiveMinCellSize,
  primarySuppression,
  publishableMedianRanks,
  type CellCandidate,
} from './disclosure'

function candidate(aggregation: Aggregation, fields: Partial<CellCandidate> = {}): CellCandidate {
  return {
    indicator: 'i',
    family: 'f',
    dimensionValue: null,
    category: null,
    aggregation,
    n: 10,
    value: 42,
    ciLow: 40,
    ciHigh: 44,
    q1: 30,
    q3: 50,
    count: null,
    contributions: [],
    partition: false,
    filterN: null,
    question: null,
    ...fields,
  }
}

const category = (name: string, count: number, n: number, partition = true) =>
  candidate('distribution', { category: name, count, n, value: count / n, q1: null, q3: null, partition })

/** A cell of a sum: n organisations, total, its largest single contribution, the others equal. */
const sum = (family: string, dimensionValue: string | null, n: number, total: number, largest = total / Math.max(n, 1)) =>
  candidate('sum', {
    family,
    dimensionValue,
    n,
    value: n === 0 ? null : total,
    ciLow: null,
    ciHigh: null,
    q1: null,
    q3: null,
    contributions: n === 0 ? [] : [{ largest, second: n < 2 ? 0 : Math.min(largest, (total - largest) / (n - 1)), total }],
  })

/** A cell of a share: x of n organisations meet the condition. */
const share = (family: string, n: number, x: number, dimensionValue: string | null = null) =>
  candidate('share', { family, dimensionValue, n, count: x, value: n === 0 ? null : x / n, q1: null, q3: null })

// ---------------------------------------------------------------------------------------------
// An attacker written apart from the implementation: it knows every published figure, every n and
// every reason, and that margins (`_all`) add up the cells of their line and the categories of a
// single-choice distribution add up to n. Two attacks:
//  - subtraction, repeated: a line with one unknown gives it;
//  - linear algebra: Gauss–Jordan elimination over all the lines at once; an unknown is
//    determined when its row of the reduced system has no other unknown.
// ---------------------------------------------------------------------------------------------

/** The additive figure of a cell as a user can read it: a sum's value, a share's or category's count. */
function figure(cell: CellCandidate | IndicatorCell, n: number, aggregation: Aggregation): number | null {
  if (cell.value === null) return null
  if (aggregation === 'sum' || aggregation === 'derived_sum') return cell.value
  return Math.round(cell.value * n)
}

interface Constraint {
  terms: { cell: number; sign: 1 | -1 }[]
  constant: number
}

function constraintsOf(cells: readonly (CellCandidate | IndicatorCell)[], partition: boolean): Constraint[] {
  const key = (f: string, d: string | null, c: string | null) => `${f}|${d}|${c}`
  const at = new Map(cells.map((cell, i) => [key(cell.family, cell.dimensionValue, cell.category), i]))
  const families = [...new Set(cells.map((c) => c.family))]
  const dimensions = [...new Set(cells.map((c) => c.dimensionValue))]
  const categories = [...new Set(cells.map((c) => c.category))]
  const constraints: Constraint[] = []
  for (const d of dimensions)
    for (const c of categories) {
      const margin = at.get(key(ALL, d, c))
      if (margin === undefined) continue
      const parts = families.filter((f) => f !== ALL).flatMap((f) => at.get(key(f, d, c)) ?? [])
      constraints.push({ terms: [...parts.map((cell) => ({ cell, sign: 1 as const })), { cell: margin, sign: -1 }], constant: 0 })
    }
  for (const f of families)
    for (const c of categories) {
      const margin = at.get(key(f, ALL, c))
      if (margin === undefined) continue
      const parts = dimensions.filter((d) => d !== ALL).flatMap((d) => at.get(key(f, d, c)) ?? [])
      constraints.push({ terms: [...parts.map((cell) => ({ cell, sign: 1 as const })), { cell: margin, sign: -1 }], constant: 0 })
    }
  if (partition) {
    for (const f of families)
      for (const d of dimensions) {
        const parts = categories.flatMap((c) => at.get(key(f, d, c)) ?? [])
        if (parts.length === 0) continue
        constraints.push({ terms: parts.map((cell) => ({ cell, sign: 1 as const })), constant: cells[parts[0]!]!.n ?? 0 })
      }
  }
  return constraints
}

/** Cells whose figure the subtraction attacker recovers, with the value it finds. */
function subtractionAttack(published: readonly IndicatorCell[], aggregation: Aggregation, partition: boolean): Map<number, number> {
  const known = new Map<number, number>()
  published.forEach((cell, i) => {
    const value = cell.n === 0 ? 0 : figure(cell, cell.n ?? 0, aggregation)
    if (value !== null) known.set(i, value)
  })
  const recovered = new Map<number, number>()
  const constraints = constraintsOf(published, partition)
  for (let progress = true; progress;) {
    progress = false
    for (const { terms, constant } of constraints) {
      const unknown = terms.filter((t) => !known.has(t.cell))
      if (unknown.length !== 1) continue
      const rest = terms.filter((t) => known.has(t.cell)).reduce((s, t) => s + t.sign * known.get(t.cell)!, 0)
      const value = (constant - rest) * unknown[0]!.sign
      known.set(unknown[0]!.cell, value)
      recovered.set(unknown[0]!.cell, value)
      progress = true
    }
  }
  return recovered
}

/** Suppressed cells (n > 0) whose figure the published table determines, by linear algebra. */
function determinedCells(published: readonly IndicatorCell[], partition: boolean): number[] {
  const unknowns = published.map((c, i) => (c.suppressed && (c.n ?? 0) > 0 ? i : -1)).filter((i) => i >= 0)
  const column = new Map(unknowns.map((cell, j) => [cell, j]))
  const rows = constraintsOf(published, partition)
    .map(({ terms }) => {
      const row = new Array<number>(unknowns.length).fill(0)
      for (const t of terms) if (column.has(t.cell)) row[column.get(t.cell)!]! += t.sign
      return row
    })
    .filter((row) => row.some((x) => x !== 0))
  return solvedColumns(rows, unknowns.length).map((c) => unknowns[c]!)
}

/**
 * The columns (unknowns) that a system of linear equations determines: Gauss–Jordan elimination
 * on dense rows; an unknown is determined when its reduced row has no other unknown.
 */
function solvedColumns(rows: number[][], columns: number): number[] {
  const pivots: number[] = []
  let r = 0
  for (let c = 0; c < columns && r < rows.length; c++) {
    const p = rows.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9)
    if (p < 0) continue
    ;[rows[r], rows[p]] = [rows[p]!, rows[r]!]
    const pivot = rows[r]![c]!
    rows[r] = rows[r]!.map((x) => x / pivot)
    for (let i = 0; i < rows.length; i++) {
      if (i === r || Math.abs(rows[i]![c]!) < 1e-9) continue
      const factor = rows[i]![c]!
      rows[i] = rows[i]!.map((x, j) => x - factor * rows[r]![j]!)
    }
    pivots.push(c)
    r++
  }
  return pivots.filter((c, i) => rows[i]!.every((x, j) => j === c || Math.abs(x) < 1e-9))
}

function audit(candidates: readonly CellCandidate[], k: number) {
  const published = applyDisclosureControl(candidates, { minCellSize: k })
  const { aggregation, partition } = candidates[0]!
  return {
    published,
    recovered: subtractionAttack(published, aggregation, partition),
    determined: determinedCells(published, partition),
  }
}

describe('primarySuppression', () => {
  // docs/indicators.md, "Disclosure control": frequency rule (k, never below 3), median from n ≥ 5, counts and their
  // complement, filtered n's, NK(1,85), the p % rule (p = 15 unless given).
  const total = (n: number, sorted: number[], lowerBound = 0) =>
    candidate('sum', {
      n,
      value: sorted.reduce((a, b) => a + b, 0),
      contributions: [{ largest: sorted[sorted.length - 1]!, second: sorted[sorted.length - 2]!, total: sorted.reduce((a, b) => a + b, 0), lowerBound }],
    })
  it.each<{ name: string; cell: CellCandidate; k: number; reason: string | null; p?: number }>([
    { name: 'n below k', cell: candidate('sum', { n: 4 }), k: 5, reason: 'min_count' },
    { name: 'n = k', cell: candidate('sum', { n: 5 }), k: 5, reason: null },
    { name: 'n = 2 when the wave asks for 1', cell: share('f', 2, 1), k: 1, reason: 'min_count' },
    { name: 'a median of 4 with k = 3', cell: candidate('median', { n: 4 }), k: 3, reason: 'median_min_count' },
    { name: 'a median ratio of 4 with k = 3', cell: candidate('median_ratio', { n: 4 }), k: 3, reason: 'median_min_count' },
    { name: 'a median of 5 with k = 3', cell: candidate('median', { n: 5 }), k: 3, reason: null },
    { name: 'a median of 4 with k = 5 (frequency first)', cell: candidate('median', { n: 4 }), k: 5, reason: 'min_count' },
    { name: 'a share of 3 of 6 with k = 3', cell: share('f', 6, 3), k: 3, reason: null },
    { name: 'a share of 2 of 10 (too few meet it)', cell: share('f', 10, 2), k: 3, reason: 'min_count' },
    { name: "a share of 0 of 10 (0 %: each one's answer)", cell: share('f', 10, 0), k: 3, reason: 'min_count' },
    { name: 'a share of 7 of 9 (two do not)', cell: share('f', 9, 7), k: 3, reason: 'complement' },
    { name: 'a share of 10 of 10 (100 %)', cell: share('f', 10, 10), k: 3, reason: 'complement' },
    { name: 'a share of 4 of 4 with k = 3', cell: share('f', 4, 4), k: 3, reason: 'complement' },
    { name: 'a category chosen by 2 of 10', cell: category('scop', 2, 10), k: 3, reason: 'min_count' },
    { name: 'a category chosen by nobody', cell: category('scop', 0, 10), k: 3, reason: 'min_count' },
    { name: 'a category chosen by 3 of 10', cell: category('scop', 3, 10), k: 3, reason: null },
    { name: 'a category chosen by 8 of 10', cell: category('scop', 8, 10), k: 3, reason: 'complement' },
    { name: 'a category chosen by everyone', cell: category('scop', 10, 10, false), k: 3, reason: 'complement' },
    { name: 'a filtered n of 4 (12 answered the filter)', cell: { ...candidate('sum', { n: 4 }), filterN: 12 }, k: 5, reason: 'filter_count' },
    {
      name: 'a filtered n of 9 (12 answered the filter: 3 did not meet it)',
      cell: { ...candidate('sum', { n: 9 }), filterN: 12 },
      k: 5,
      reason: 'filter_count',
    },
    { name: 'a filtered n of 12 (12 answered the filter: 100 %)', cell: { ...category('mit', 6, 12), filterN: 12 }, k: 5, reason: 'filter_count' },
    { name: 'a filtered n of 10 (20 answered the filter)', cell: { ...candidate('sum', { n: 10 }), filterN: 20 }, k: 5, reason: null },
    { name: 'a filtered question nobody was asked', cell: { ...candidate('sum', { n: 0 }), filterN: 0 }, k: 5, reason: 'min_count' },
    { name: 'one contributor at 86 %', cell: candidate('sum', { contributions: [{ largest: 86, second: 5, total: 100 }] }), k: 3, reason: 'dominance' },
    {
      name: 'one contributor at exactly 85 %, the rest spread',
      cell: candidate('sum', { contributions: [{ largest: 85, second: 2, total: 100 }] }),
      k: 3,
      reason: null,
    },
    {
      name: 'a pooled ratio whose denominator is dominated',
      cell: candidate('pooled_ratio', {
        contributions: [
          { largest: 10, second: 10, total: 100 },
          { largest: 950, second: 10, total: 1000 },
        ],
      }),
      k: 3,
      reason: 'dominance',
    },
    { name: 'a total of zero', cell: candidate('derived_sum', { value: 0, contributions: [{ largest: 0, second: 0, total: 0 }] }), k: 3, reason: null },
    // p % (Hundepool et al. 2012, §4.2.2): T − x₁ − x₂ < p·x₁
    {
      name: 'a total whose second contributor bounds the first within 15 % (100 − 80 − 10 < 12)',
      cell: total(7, [2, 2, 2, 2, 2, 10, 80]),
      k: 5,
      reason: 'p_percent',
    },
    { name: 'the same total with p = 10 (10 ≥ 8)', cell: total(7, [2, 2, 2, 2, 2, 10, 80]), k: 5, reason: null, p: 10 },
    { name: 'a total the second contributor cannot bound (100 − 50 − 30 ≥ 7.5)', cell: total(5, [5, 5, 10, 30, 50]), k: 5, reason: null },
    { name: 'a lower bound of 5 tightens it (100 − 50 − 30 − 3·5 < 7.5)', cell: total(5, [5, 5, 10, 30, 50], 5), k: 5, reason: 'p_percent' },
    {
      name: 'a pooled ratio whose numerator fails the p % rule',
      cell: candidate('pooled_ratio', {
        contributions: [
          { largest: 80, second: 15, total: 100 },
          { largest: 30, second: 30, total: 300 },
        ],
      }),
      k: 3,
      reason: 'p_percent',
    },
  ])('$name → $reason', ({ cell, k, reason, p }) => {
    expect(primarySuppression(cell, k, p)).toBe(reason)
  })
})

describe('applyDisclosureControl', () => {
  it('nulls every figure of a suppressed cell, never 0, and keeps n', () => {
    const [cell] = applyDisclosureControl([candidate('median', { n: 4 })], { minCellSize: 5 })
    expect(cell).toEqual({
      indicator: 'i',
      family: 'f',
      dimensionValue: null,
      category: null,
      n: 4,
      value: null,
      ciLow: null,
      ciHigh: null,
      q1: null,
      q3: null,
      suppressed: true,
      reason: 'min_count',
    })
  })

  it('publishes a cell that passes every rule unchanged', () => {
    const [cell] = applyDisclosureControl([candidate('median')], { minCellSize: 5 })
    expect(cell).toMatchObject({ value: 42, ciLow: 40, ciHigh: 44, q1: 30, q3: 50, suppressed: false, reason: null })
  })

  it('suppresses the smallest large category beside the small and empty ones in a single-choice distribution', () => {
    // 6 + 4 + 1 + 0 = 11: scic and cae hidden add up to 1 by subtraction — a count under k.
    const cells = applyDisclosureControl([category('association', 6, 11), category('scop', 4, 11), category('scic', 1, 11), category('cae', 0, 11)], {
      minCellSize: 3,
    })
    expect(cells.map((c) => [c.category, c.reason, c.value])).toEqual([
      ['association', null, Number((6 / 11).toPrecision(15))],
      ['scop', 'secondary', null],
      ['scic', 'min_count', null],
      ['cae', 'min_count', null],
    ])
  })

  it('adds nothing when the hidden categories add up to k or more, and so does the rest', () => {
    // a + b = 3 = k: a is anything from 0 to 3, and c = 7 leaves 3 organisations outside it.
    const cells = applyDisclosureControl([category('a', 1, 10), category('b', 2, 10), category('c', 7, 10)], { minCellSize: 3 })
    expect(cells.map((c) => c.reason)).toEqual(['min_count', 'min_count', null])
  })

  it('suppresses every category when no category reaches k', () => {
    const cells = applyDisclosureControl([category('a', 2, 6), category('b', 2, 6), category('c', 2, 6), category('d', 0, 6)], { minCellSize: 3 })
    expect(cells.map((c) => c.reason)).toEqual(['min_count', 'min_count', 'min_count', 'min_count'])
  })

  it('applies the count rules to each multiple-choice category on its own (they do not add up to n)', () => {
    const cells = applyDisclosureControl([category('a', 1, 10, false), category('b', 9, 10, false), category('c', 5, 10, false)], { minCellSize: 3 })
    expect(cells.map((c) => c.reason)).toEqual(['min_count', 'complement', null])
  })

  it('keeps distributions of different families apart when no margin joins them', () => {
    const cells = applyDisclosureControl(
      [
        { ...category('a', 1, 10), family: 'x' },
        { ...category('b', 9, 10), family: 'x' },
        { ...category('a', 5, 10), family: 'y' },
        { ...category('b', 5, 10), family: 'y' },
      ],
      { minCellSize: 3 },
    )
    expect(cells.map((c) => c.reason)).toEqual(['min_count', 'complement', null, null])
  })

  it('hides what it is told to as a primary suppression, and protects it like one', () => {
    const table = [sum('insertion', null, 10, 100), sum('reemploi', null, 12, 120), sum('inclusion', null, 20, 200), sum(ALL, null, 42, 420)]
    const cells = applyDisclosureControl(table, { minCellSize: 5, hide: new Map([[cellKey('i', 'reemploi', null, null), 'release_difference']]) })
    expect(cells.map((c) => c.reason)).toEqual(['secondary', 'release_difference', null, null])
    // The rule's own reason wins where both apply.
    const small = applyDisclosureControl([sum('insertion', null, 2, 20)], {
      minCellSize: 5,
      hide: new Map([[cellKey('i', 'insertion', null, null), 'release_difference']]),
    })
    expect(small[0]!.reason).toBe('min_count')
  })

  it('rounds every figure to 15 significant digits', () => {
    const [cell] = applyDisclosureControl([candidate('median', { value: 10212.400000000003, q1: 0.1 + 0.2, q3: 1 / 3 })], { minCellSize: 5 })
    expect(cell).toMatchObject({ value: 10212.4, q1: 0.3, q3: 0.333333333333333 })
  })
})

describe('the p % rule read against a median cell', () => {
  // A sum and a median of the same question, in the same cell: the second-largest contributor
  // reads the median, quartiles and interval bounds as equalities on the sorted answers.
  const pair = (sorted: number[], fields: Partial<CellCandidate> = {}) => {
    const n = sorted.length
    const at = (p: number) => {
      const h = (n - 1) * p
      const lo = Math.floor(h)
      return sorted[lo]! + (h - lo) * ((sorted[Math.min(n - 1, lo + 1)] ?? 0) - sorted[lo]!)
    }
    const ranks = publishableMedianRanks(n)
    const totalOf = sorted.reduce((a, b) => a + b, 0)
    return [
      candidate('sum', {
        indicator: 'total',
        question: 'q',
        n,
        value: totalOf,
        ciLow: null,
        ciHigh: null,
        q1: null,
        q3: null,
        contributions: [{ largest: sorted[n - 1]!, second: sorted[n - 2]!, total: totalOf }],
        ...fields,
      }),
      candidate('median', {
        indicator: 'mediane',
        question: 'q',
        n,
        value: at(0.5),
        q1: at(0.25),
        q3: at(0.75),
        ciLow: ranks ? sorted[ranks.lower - 1]! : null,
        ciHigh: ranks ? sorted[ranks.upper - 1]! : null,
        ...fields,
      }),
    ]
  }

  it('publishes both when the median cell tells the attacker nothing that matters', () => {
    const cells = applyDisclosureControl(pair([10, 12, 14, 20, 25, 30, 31, 40, 45, 50]), { minCellSize: 5 })
    expect(cells.map((c) => [c.suppressed, c.reason, c.q1 !== null])).toEqual([
      [false, null, false],
      [false, null, true],
    ])
  })

  it('withholds the quartiles and interval when they bound the largest answer, keeping the total and the median', () => {
    // Alone, the second largest (20) bounds the largest (100) by 144 − 20 = 124 ≥ 115; with the
    // median 2 the others hold at least 8: 116, still ≥ 115. With the quartiles (0 and 10) and
    // the interval, they hold at least 18.7: 105.3 — within 15 %.
    const sorted = [0, 0, 0, 0, 0, 4, 10, 10, 20, 100]
    const [total, median] = applyDisclosureControl(pair(sorted), { minCellSize: 5 })
    expect(total).toMatchObject({ suppressed: false, value: 144, reason: null })
    expect(median).toMatchObject({ suppressed: false, value: 2, q1: null, q3: null, ciLow: null, ciHigh: null, reason: 'p_percent' })
  })

  it('hides the median cell when the median alone still gives the largest answer away', () => {
    // The cell: total 23, quartiles 0/1/3 — with the median at 1 and 3 the second
    // largest, the largest is 23 − 0 − 0 − 1 − 3 = 19 exactly. Alone the total fails too at
    // p = 15 (20 < 1.15 × 19) and is hidden; at p = 5 it passes alone (20 ≥ 19.95) and the
    // median cell, which gives 19 back, is hidden instead.
    const sorted = [0, 0, 1, 3, 19]
    const strict = applyDisclosureControl(pair(sorted), { minCellSize: 5 })
    expect(strict.map((c) => c.reason)).toEqual(['p_percent', null])
    const lenient = applyDisclosureControl(pair(sorted), { minCellSize: 5, pPercent: 5 })
    expect(lenient.map((c) => [c.reason, c.suppressed])).toEqual([
      [null, false],
      ['p_percent', true],
    ])
  })

  it('reads a median cell only beside a sum of the same question, family and n', () => {
    const sorted = [0, 0, 0, 0, 0, 4, 10, 10, 20, 100]
    const other = pair(sorted).map((c, i) => (i === 1 ? { ...c, question: 'autre' } : c))
    expect(applyDisclosureControl(other, { minCellSize: 5 })[1]).toMatchObject({ reason: null })
    const elsewhere = pair(sorted).map((c, i) => (i === 1 ? { ...c, family: 'g' } : c))
    expect(applyDisclosureControl(elsewhere, { minCellSize: 5 })[1]).toMatchObject({ reason: null })
  })
})

describe('secondary suppression against tables built to leak', () => {
  it('is needed: with the primary rule alone, the attacker finds the small family', () => {
    const table = [sum('insertion', null, 2, 50), sum('reemploi', null, 10, 300), sum('inclusion', null, 12, 400), sum(ALL, null, 24, 750)]
    const primaryOnly: IndicatorCell[] = table.map((cell) => {
      const reason = primarySuppression(cell, 5)
      return { ...cell, suppressed: reason !== null, reason, value: reason ? null : cell.value } as IndicatorCell
    })
    expect(subtractionAttack(primaryOnly, 'sum', false)).toEqual(new Map([[0, 50]]))
    expect(determinedCells(primaryOnly, false)).toEqual([0])
  })

  it('hides a second family when the overall total would give a small family away', () => {
    // insertion (2 organisations) = 1000 − 300 − 400 − 250 without a second suppression.
    const table = [
      sum('insertion', null, 2, 50),
      sum('reemploi', null, 10, 300),
      sum('inclusion', null, 12, 400),
      sum('communs', null, 9, 250),
      sum(ALL, null, 33, 1000),
    ]
    const { published, recovered, determined } = audit(table, 5)
    expect(published.map((c) => c.reason)).toEqual(['min_count', null, null, 'secondary', null])
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
  })

  it('protects a dominated family the same way', () => {
    const table = [sum('insertion', null, 8, 1000, 900), sum('reemploi', null, 10, 300), sum('inclusion', null, 12, 400), sum(ALL, null, 30, 1700, 900)]
    const { published, recovered, determined } = audit(table, 5)
    expect(published.map((c) => c.reason)).toEqual(['dominance', 'secondary', null, null])
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
  })

  it('hides more than one cell when the two hidden cells would add up to fewer than k organisations', () => {
    // insertion (1) and mesure (2) hidden: their total 3 < k = 5 organisations would be published by subtraction.
    const table = [
      sum('insertion', null, 1, 10),
      sum('mesure', null, 2, 30),
      sum('reemploi', null, 6, 60),
      sum('inclusion', null, 20, 200),
      sum(ALL, null, 29, 300),
    ]
    const { published, recovered, determined } = audit(table, 5)
    expect(published.map((c) => c.reason)).toEqual(['min_count', 'min_count', 'secondary', null, null])
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
  })

  it('protects a small cell of a two-way table (families × regions, both margins) by a rectangle', () => {
    const families = ['insertion', 'reemploi', 'inclusion']
    const regions = ['bretagne', 'normandie', 'occitanie']
    const counts = [
      [2, 10, 12],
      [9, 11, 15],
      [14, 8, 13],
    ]
    const table: CellCandidate[] = []
    families.forEach((f, i) => regions.forEach((r, j) => table.push(sum(f, r, counts[i]![j]!, counts[i]![j]! * 10))))
    families.forEach((f, i) =>
      table.push(
        sum(
          f,
          ALL,
          counts[i]!.reduce((a, b) => a + b),
          counts[i]!.reduce((a, b) => a + b) * 10,
        ),
      ),
    )
    regions.forEach((r, j) => {
      const n = counts.reduce((s, row) => s + row[j]!, 0)
      table.push(sum(ALL, r, n, n * 10))
    })
    const total = counts.flat().reduce((a, b) => a + b)
    table.push(sum(ALL, ALL, total, total * 10))
    const { published, recovered, determined } = audit(table, 5)
    expect(published.filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(4)
    expect(published[0]).toMatchObject({ family: 'insertion', dimensionValue: 'bretagne', reason: 'min_count' })
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
  })

  it('protects the count of a share through the overall share', () => {
    // inclusion: 1 "oui" of 3 — x = n·value would otherwise be 40·0.5 − 20·0.5 − 17·(8/17).
    const table = [share('inclusion', 3, 1), share('insertion', 20, 10), share('reemploi', 17, 8), share(ALL, 40, 19)]
    const { published, recovered, determined } = audit(table, 5)
    expect(published.map((c) => c.reason)).toEqual(['min_count', null, 'secondary', null])
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
  })

  it('protects a small category across families and the overall margin', () => {
    const categories = ['association', 'scop', 'scic']
    const rows: [string, number[]][] = [
      ['insertion', [12, 1, 6]],
      ['reemploi', [9, 7, 8]],
      ['inclusion', [15, 6, 5]],
    ]
    const table: CellCandidate[] = []
    const all = [0, 0, 0]
    for (const [family, counts] of rows) {
      const n = counts.reduce((a, b) => a + b)
      counts.forEach((count, c) => {
        all[c]! += count
        table.push({ ...category(categories[c]!, count, n), family })
      })
    }
    const n = all.reduce((a, b) => a + b)
    all.forEach((count, c) => table.push({ ...category(categories[c]!, count, n), family: ALL }))
    const { published, recovered, determined } = audit(table, 5)
    expect(published.find((c) => c.family === 'insertion' && c.category === 'scop')?.reason).toBe('min_count')
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
  })

  it.each(Array.from({ length: 40 }, (_, seed) => seed))('leaves nothing determined in random two-way table #%i', (seed) => {
    let state = seed * 7919 + 17
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const families = ['a', 'b', 'c', 'd'].slice(0, 2 + (seed % 3))
    const values = ['x', 'y', 'z', 'w', 'v'].slice(0, 2 + (seed % 4))
    const n = families.map(() => values.map(() => (random() < 0.35 ? Math.floor(random() * 5) : 3 + Math.floor(random() * 30))))
    const big = families.map(() => values.map(() => random() < 0.1))
    const table: CellCandidate[] = []
    const add = (f: string, d: string, count: number, total: number, largest: number) => table.push(sum(f, d, count, total, largest))
    const rowTotals = families.map(() => ({ n: 0, total: 0, largest: 0 }))
    const columnTotals = values.map(() => ({ n: 0, total: 0, largest: 0 }))
    const grand = { n: 0, total: 0, largest: 0 }
    families.forEach((f, i) =>
      values.forEach((d, j) => {
        const count = n[i]![j]!
        const largest = count === 0 ? 0 : big[i]![j]! ? 1000 : 10
        const total = count === 0 ? 0 : largest + (count - 1) * 10
        add(f, d, count, total, largest)
        for (const t of [rowTotals[i]!, columnTotals[j]!, grand]) {
          t.n += count
          t.total += total
          t.largest = Math.max(t.largest, largest)
        }
      }),
    )
    families.forEach((f, i) => add(f, ALL, rowTotals[i]!.n, rowTotals[i]!.total, rowTotals[i]!.largest))
    values.forEach((d, j) => add(ALL, d, columnTotals[j]!.n, columnTotals[j]!.total, columnTotals[j]!.largest))
    add(ALL, ALL, grand.n, grand.total, grand.largest)
    const { published, recovered, determined } = audit(table, 5)
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
    // The same table with its margins fixed as the table by family publishes them: they keep that
    // outcome, and the crossed cells are still protected.
    const margins = table.flatMap((cell, i) => (cell.dimensionValue === ALL ? [i] : []))
    const byFamily = applyDisclosureControl(
      margins.map((i) => ({ ...table[i]!, dimensionValue: null })),
      { minCellSize: 5 },
    )
    const fixed = new Map(margins.map((i, j) => [i, byFamily[j]!.reason]))
    const crossed = applyDisclosureControl(table, { minCellSize: 5, fixed })
    margins.forEach((i, j) => expect(crossed[i]!.reason).toBe(byFamily[j]!.reason))
    expect(subtractionAttack(crossed, 'sum', false)).toEqual(new Map())
    expect(determinedCells(crossed, false)).toEqual([])
    // Every primary suppression is kept, and nothing published is shown as 0 in place of a secret.
    table.forEach((cell, i) => {
      if (primarySuppression(cell, 5)) expect(published[i]!.suppressed).toBe(true)
      if (published[i]!.suppressed) expect(published[i]!.value).toBeNull()
    })
  })
})

describe('secondary suppression: unions and bounds', () => {
  it('applies the p % rule to the hidden parts of a line added up by subtraction', () => {
    // A (one organisation, 1000) is hidden; with B hidden beside it, 1620 − 400 gives A + B =
    // 1220, where B's largest contributor (100) bounds A's answer by 1220 − 100 = 1120 < 1150.
    const total = (family: string, n: number, sorted: number[]) =>
      candidate('sum', {
        family,
        n,
        value: sorted.reduce((a, b) => a + b, 0),
        contributions: [{ largest: sorted[sorted.length - 1]!, second: sorted[sorted.length - 2] ?? 0, total: sorted.reduce((a, b) => a + b, 0) }],
      })
    const table = [
      total('a', 1, [1000]),
      total('b', 5, [30, 30, 30, 30, 100]),
      total('c', 20, new Array<number>(20).fill(20)),
      total(ALL, 26, [...new Array<number>(20).fill(20), 30, 30, 30, 30, 100, 1000]),
    ]
    expect(applyDisclosureControl(table, { minCellSize: 5 }).map((c) => c.reason)).toEqual(['min_count', 'secondary', 'secondary', null])
  })

  it.each<{ name: string; bounds: [number, 1 | -1 | 0][]; blocked: number[] }>([
    // A rectangle a b / c d with its four margins published: a + b, c + d, a + c, b + d.
    {
      name: 'two zeros in one row',
      bounds: [
        [0, 1],
        [1, 1],
        [2, 0],
        [3, 0],
      ],
      blocked: [0, 1],
    },
    {
      name: 'two zeros on a diagonal',
      bounds: [
        [0, 1],
        [1, 0],
        [2, 0],
        [3, 1],
      ],
      blocked: [],
    },
    {
      name: 'a zero and a full cell on a diagonal',
      bounds: [
        [0, 1],
        [1, 0],
        [2, 0],
        [3, -1],
      ],
      blocked: [0, 3],
    },
    {
      name: 'no figure at a bound',
      bounds: [
        [0, 0],
        [1, 0],
        [2, 0],
        [3, 0],
      ],
      blocked: [],
    },
  ])('finds the hidden figures their bounds decide: $name', ({ bounds, blocked }) => {
    const rows = [
      new Map([
        [0, 1],
        [1, 1],
      ]),
      new Map([
        [2, 1],
        [3, 1],
      ]),
      new Map([
        [0, 1],
        [2, 1],
      ]),
      new Map([
        [1, 1],
        [3, 1],
      ]),
    ]
    expect(blockedFigures(new Map(bounds), rows).sort()).toEqual(blocked)
  })
})

describe('filtered questions', () => {
  // The n of a question shown under `{f} = v` counts the organisations answering v to f.
  const median = (family: string, n: number, filterN: number) => ({ ...candidate('median', { indicator: 'suite', family, n }), filterN })

  it('hides an n under k, or whose filter leaves fewer than k out, and protects the n of the table like a count', () => {
    // Medians are not additive, but their n's are: B's 3 would come back as 17 − 6 − 8.
    const cells = applyDisclosureControl([median('a', 6, 12), median('b', 3, 10), median('c', 8, 16), median(ALL, 17, 38)], { minCellSize: 5 })
    expect(cells.map((c) => c.reason)).toEqual(['secondary', 'filter_count', null, null])
    // And a 100 % filter: every one of C's 8 organisations met it.
    const full = applyDisclosureControl([median('a', 6, 12), median('b', 6, 14), median('c', 8, 8), median(ALL, 20, 34)], { minCellSize: 5 })
    expect(full.map((c) => c.reason)).toEqual(['secondary', null, 'filter_count', null])
  })

  it('hides a whole distribution with its n: no category of the cell may show it', () => {
    const licence = (family: string, counts: number[], filterN: number) =>
      counts.map((count, i) => ({
        ...category(
          `c${i}`,
          count,
          counts.reduce((a, b) => a + b, 0),
        ),
        indicator: 'licence',
        family,
        filterN,
      }))
    const cells = applyDisclosureControl([...licence('a', [6, 5], 30), ...licence('b', [6, 6], 14)], { minCellSize: 5 })
    expect(cells.map((c) => c.reason)).toEqual([null, null, 'filter_count', 'filter_count'])
  })

  it('links the n of a follow-up question to the share and category of the answer that opens it', () => {
    const filters = indicatorFilters(defaultIndicators, listQuestions(defaultQuestionnaire))
    expect(filters.get('nr_licence_code')).toEqual({ questions: ['nr_code_publie'], equals: [{ question: 'nr_code_publie', value: true }] })
    expect(filters.get('nr_outil_empreinte')?.questions).toEqual(['nr_empreinte_mesuree'])
    // `{nr_fonctions_equipees} notempty` only asks for an answer; family pages are the table's axis.
    expect(filters.has('nr_logiciels_libres_part_globale')).toBe(false)
    expect(filters.has('ins_personnes_formees_total')).toBe(false)
    const links = disclosureLinks(defaultIndicators, filters)
    expect(links).toContainEqual({ source: 'nr_code_publie_part', sourceCategory: null, target: 'nr_licence_code', targetCategory: null, targetN: true })
    expect(links).toContainEqual({ source: 'nr_licence_code', sourceCategory: null, target: 'nr_code_publie_part', targetCategory: null, sourceN: true })
    // A share hidden for any reason hides the follow-up's n in the same cell, and back.
    const cells = applyDisclosureControl(
      [
        { ...share('a', 20, 10), indicator: 'nr_code_publie_part' },
        { ...candidate('median', { indicator: 'nr_licence_code', family: 'a', n: 10 }), filterN: 20 },
      ],
      { minCellSize: 5, links, hide: new Map([[cellKey('nr_code_publie_part', 'a', null, null), 'release_difference']]) },
    )
    expect(cells.map((c) => c.reason)).toEqual(['release_difference', 'secondary'])
  })
})

describe('secondary suppression in three dimensions', () => {
  it.each(Array.from({ length: 30 }, (_, seed) => seed))('leaves nothing determined in random family × region × category table #%i', (seed) => {
    let state = seed * 104729 + 3
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const families = ['a', 'b', 'c'].slice(0, 2 + (seed % 2))
    const values = ['x', 'y', 'z'].slice(0, 2 + ((seed >> 1) % 2))
    const categories = ['p', 'q', 'r']
    const counts = new Map<string, number>()
    const key = (f: string, d: string, c: string) => `${f}|${d}|${c}`
    for (const f of families)
      for (const d of values)
        for (const c of categories) {
          counts.set(key(f, d, c), random() < 0.3 ? Math.floor(random() * 4) : 3 + Math.floor(random() * 12))
        }
    const countOf = (f: string, d: string, c: string): number => {
      if (f === ALL) return families.reduce((s, g) => s + countOf(g, d, c), 0)
      if (d === ALL) return values.reduce((s, v) => s + countOf(f, v, c), 0)
      return counts.get(key(f, d, c))!
    }
    const table: CellCandidate[] = []
    for (const f of [...families, ALL])
      for (const d of [...values, ALL]) {
        const n = categories.reduce((s, c) => s + countOf(f, d, c), 0)
        for (const c of categories) table.push({ ...category(c, countOf(f, d, c), n), family: f, dimensionValue: d })
      }
    const { recovered, determined } = audit(table, 5)
    expect(recovered).toEqual(new Map())
    expect(determined).toEqual([])
    const margins = table.flatMap((cell, i) => (cell.dimensionValue === ALL ? [i] : []))
    const byFamily = applyDisclosureControl(
      margins.map((i) => ({ ...table[i]!, dimensionValue: null })),
      { minCellSize: 5 },
    )
    const crossed = applyDisclosureControl(table, { minCellSize: 5, fixed: new Map(margins.map((i, j) => [i, byFamily[j]!.reason])) })
    margins.forEach((i, j) => expect(crossed[i]!.reason).toBe(byFamily[j]!.reason))
    expect(subtractionAttack(crossed, 'distribution', true)).toEqual(new Map())
    expect(determinedCells(crossed, true)).toEqual([])
    // Counts are integers between 0 and n: no hidden one may have a single feasible value.
    expect(integerAttack(crossed)).toEqual([])
  })
})

/**
 * The hidden counts of a distribution table (n known, as staff read it) that integer feasibility
 * determines: categories add up to n, families and dimension values to their margins, each count
 * between 0 and its n — the attacker of testing/attacker.ts.
 */
function integerAttack(cells: readonly IndicatorCell[]): string[] {
  const system = new IntegerSystem()
  const name = (c: IndicatorCell) => `${c.family}|${c.dimensionValue}|${c.category}`
  const term = (c: IndicatorCell): number | { known: number } => (c.suppressed ? system.variable(name(c), 0, c.n!) : { known: Math.round(c.value! * c.n!) })
  const at = new Map(cells.map((c) => [name(c), c]))
  const families = [...new Set(cells.map((c) => c.family))]
  const values = [...new Set(cells.map((c) => c.dimensionValue))]
  const categories = [...new Set(cells.map((c) => c.category))]
  const get = (f: string, d: string | null, c: string | null) => at.get(`${f}|${d}|${c}`)!
  for (const f of families)
    for (const d of values) {
      if (get(f, d, categories[0]!).n === 0) continue
      system.equal(
        categories.map((c) => [1, term(get(f, d, c))]),
        get(f, d, categories[0]!).n!,
      )
    }
  for (const c of categories) {
    for (const d of values)
      system.equal([
        ...families.filter((f) => f !== ALL).map((f) => [1, term(get(f, d, c))] as [number, number | { known: number }]),
        [-1, term(get(ALL, d, c))],
      ])
    for (const f of families)
      system.equal([...values.filter((d) => d !== ALL).map((d) => [1, term(get(f, d, c))] as [number, number | { known: number }]), [-1, term(get(f, ALL, c))]])
  }
  const solution = system.solve()!
  const targets = cells.filter((c) => c.suppressed && c.n! > 0).map((c) => system.at(name(c)))
  return system.determined(targets, solution).map((i) => system.names[i]!)
}

describe('disclosureLinks', () => {
  const links = disclosureLinks(defaultIndicators)

  it('ties a share "answer = v" to the category v of the same question, both ways', () => {
    expect(links).toContainEqual({ source: 'agrement_esus_part', sourceCategory: null, target: 'agrement_esus', targetCategory: 'oui' })
    expect(links).toContainEqual({ source: 'agrement_esus', sourceCategory: 'oui', target: 'agrement_esus_part', targetCategory: null })
  })

  it('hides a derived CO2e where a device total it is made of is hidden', () => {
    expect(links).toContainEqual({ source: 'ree_ecrans_total', sourceCategory: null, target: 'ree_co2e_fabrication_neuf', targetCategory: null })
    const device = (id: string, family: string, n: number, total: number, largest = total / n) => ({ ...sum(family, null, n, total, largest), indicator: id })
    const cells = applyDisclosureControl(
      [
        device('ree_ecrans_total', 'reemploi', 10, 1000, 900),
        device('ree_smartphones_total', 'reemploi', 10, 1000),
        { ...device('ree_co2e_fabrication_neuf', 'reemploi', 10, 1000 * 65.9 + 1000 * 85.1), aggregation: 'derived_sum' },
      ],
      { minCellSize: 5, links },
    )
    expect(cells.map((c) => c.reason)).toEqual(['dominance', null, 'secondary'])
  })
})

describe('findBridges', () => {
  it.each<{ name: string; edges: [string, string][]; bridges: number[] }>([
    { name: 'a single edge', edges: [['r1', 'c1']], bridges: [0] },
    {
      name: 'two parallel edges',
      edges: [
        ['r1', 'c1'],
        ['r1', 'c1'],
      ],
      bridges: [],
    },
    {
      name: 'a rectangle',
      edges: [
        ['r1', 'c1'],
        ['r1', 'c2'],
        ['r2', 'c1'],
        ['r2', 'c2'],
      ],
      bridges: [],
    },
    {
      name: 'two rectangles joined by one cell',
      edges: [
        ['r1', 'c1'],
        ['r1', 'c2'],
        ['r2', 'c1'],
        ['r2', 'c2'],
        ['r2', 'c3'],
        ['r3', 'c3'],
        ['r3', 'c4'],
        ['r4', 'c3'],
        ['r4', 'c4'],
      ],
      bridges: [4],
    },
  ])('finds the bridges of $name', ({ edges, bridges }) => {
    expect(findBridges(edges.map(([a, b], id) => ({ id, a, b }))).sort()).toEqual(bridges)
  })
})

describe('effectiveMinCellSize', () => {
  it.each([
    [1, 3],
    [3, 3],
    [5, 5],
    [4.2, 5],
  ])('%s → %s', (input, expected) => {
    expect(effectiveMinCellSize(input)).toBe(expected)
  })

  it('refuses a non-number', () => {
    expect(() => effectiveMinCellSize(Number.NaN)).toThrow(RangeError)
  })
})

describe('publishableMedianRanks', () => {
  // Ranks (1, n) would publish the minimum and the maximum: n = 6…8 give no interval.
  it.each([
    [5, null],
    [6, null],
    [8, null],
    [9, { lower: 2, upper: 8 }],
    [20, { lower: 6, upper: 15 }],
  ])('n = %s → %j', (n, ranks) => {
    expect(publishableMedianRanks(n)).toEqual(ranks)
  })
})

describe('two crossings read together', () => {
  // A researcher reads the families crossed by region, then by legal form. Both tables show the
  // same family margins (fixed from the table by family, as computeIndicators does); together
  // they must not determine what each hides: the attacker solves the union of both systems.
  const crossing = (families: string[], values: string[], count: (f: string, d: string) => number, fixedFrom: IndicatorCell[] | null) => {
    const table: CellCandidate[] = []
    const n = (f: string, d: string): number =>
      f === ALL ? families.reduce((s, g) => s + n(g, d), 0) : d === ALL ? values.reduce((s, v) => s + n(f, v), 0) : count(f, d)
    for (const f of [...families, ALL]) for (const d of [...values, ALL]) table.push(sum(f, d, n(f, d), n(f, d) * 10 + (f.length + d.length)))
    const margins = table.flatMap((cell, i) => (cell.dimensionValue === ALL ? [i] : []))
    const byFamily =
      fixedFrom ??
      applyDisclosureControl(
        margins.map((i) => ({ ...table[i]!, dimensionValue: null })),
        { minCellSize: 5 },
      )
    const published = applyDisclosureControl(table, { minCellSize: 5, fixed: new Map(margins.map((i, j) => [i, byFamily[j]!.reason])) })
    return { published, byFamily }
  }

  /** Hidden figures (n > 0) of either table that the two systems of margins determine together. */
  function determinedTogether(tables: IndicatorCell[][]): string[] {
    // Unknowns are named: a family margin or the overall total is the same unknown in both tables.
    const name = (t: number, cell: IndicatorCell) => (cell.dimensionValue === ALL ? `${cell.family}|${ALL}` : `${t}|${cell.family}|${cell.dimensionValue}`)
    const unknowns = [...new Set(tables.flatMap((cells, t) => cells.filter((c) => c.suppressed && (c.n ?? 0) > 0).map((c) => name(t, c))))]
    const column = new Map(unknowns.map((u, j) => [u, j]))
    const rows = tables.flatMap((cells, t) =>
      constraintsOf(cells, false).map(({ terms }) => {
        const row = new Array<number>(unknowns.length).fill(0)
        for (const term of terms) {
          const j = column.get(name(t, cells[term.cell]!))
          if (j !== undefined) row[j]! += term.sign
        }
        return row
      }),
    )
    return solvedColumns(rows, unknowns.length).map((c) => unknowns[c]!)
  }

  it.each(Array.from({ length: 40 }, (_, seed) => seed))('leaves nothing determined by region and legal form together, random tables #%i', (seed) => {
    let state = seed * 7919 + 11
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
    const families = ['a', 'b', 'c', 'd'].slice(0, 2 + (seed % 3))
    // Family a is tiny in most tables (its margin hidden, and another family's with it).
    const tiny = seed % 4 !== 0
    const draw = (f: string, d: string) =>
      f === 'a' && tiny ? (d === 'r1' ? 1 : Math.floor(random() * 2)) : random() < 0.35 ? Math.floor(random() * 5) : 3 + Math.floor(random() * 15)
    const regionCounts = new Map<string, number>()
    const region = crossing(
      families,
      ['r1', 'r2', 'r3'],
      (f, d) => regionCounts.get(`${f}${d}`) ?? regionCounts.set(`${f}${d}`, draw(f, d)).get(`${f}${d}`)!,
      null,
    )
    // The same organisations by legal form: each family's total split again, differently.
    const formCounts = new Map<string, number[]>()
    const splitOf = (f: string) => {
      if (!formCounts.has(f)) {
        const total = ['r1', 'r2', 'r3'].reduce((s, d) => s + regionCounts.get(`${f}${d}`)!, 0)
        const first = Math.floor(random() * (total + 1))
        const second = Math.floor(random() * (total - first + 1))
        formCounts.set(f, [first, second, total - first - second])
      }
      return formCounts.get(f)!
    }
    const form = crossing(families, ['u1', 'u2', 'u3'], (f, d) => splitOf(f)[Number(d[1]) - 1]!, region.byFamily)
    for (const table of [region.published, form.published]) {
      expect(subtractionAttack(table, 'sum', false)).toEqual(new Map())
      expect(determinedCells(table, false)).toEqual([])
    }
    // The margins are the same cells in both tables, published or hidden alike.
    const margins = (cells: IndicatorCell[]) => cells.filter((c) => c.dimensionValue === ALL).map((c) => [c.family, c.suppressed, c.value])
    expect(margins(form.published)).toEqual(margins(region.published))
    // A tiny family's margin is hidden in both tables: the shared unknowns the union could solve for.
    if (tiny) expect(region.published.filter((c) => c.suppressed && c.dimensionValue === ALL).length).toBeGreaterThanOrEqual(2)
    expect(determinedTogether([region.published, form.published])).toEqual([])
  })
})
