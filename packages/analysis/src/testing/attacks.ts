// The four attacks of issue 8 on published cells, built on the attacker's own arithmetic
// (attacker.ts). Each takes what a researcher reads — public cells, the indicator definitions,
// the questionnaire's questions — and, for attack 2, the answer of the contributor who attacks
// (the second largest of the cell: the attacker knows its own answer).
import type { IndicatorCell } from '@sonde/contracts'
import type { IndicatorDefinition } from '../indicators/types'
import { attackerBound, IntegerSystem, medianCellEqualities, Rational } from './attacker'

const ALL = '_all'

/** What the attacker reads of the questionnaire: `listQuestions` output fits. */
export interface AttackerQuestion {
  name: string
  minimum?: number
  visibleIf?: readonly { tests: readonly { question: string; operator: string; value?: string | number | boolean; negated?: boolean }[] }[]
}

/** A finding: what the attacker learnt that it should not have. */
export interface Finding {
  attack: 1 | 2 | 3 | 4
  what: string
}

const countOf = (cell: IndicatorCell) => Math.round(cell.value! * cell.n!)

/** The follow-up questions of a questionnaire: shown when `{question} = value`, the families question aside. */
function openedBy(questions: readonly AttackerQuestion[], familiesQuestion: string): Map<string, { question: string; value: string | number | boolean }[]> {
  const result = new Map<string, { question: string; value: string | number | boolean }[]>()
  for (const q of questions) {
    const tests = (q.visibleIf ?? [])
      .flatMap((c) => c.tests)
      .filter((t) => t.question !== familiesQuestion && t.operator !== 'notempty' && t.operator !== 'empty')
    if (tests.length === 0) continue
    result.set(
      q.name,
      tests.filter((t) => t.operator === 'equal' && !t.negated && t.value !== undefined).map((t) => ({ question: t.question, value: t.value! })),
    )
  }
  return result
}

/** The key of the count "answer to `question` meets `when`", shared by a share and a category that count the same thing. */
function conditionKey(question: string, when: string): string {
  return `${question}=${when}`
}

/**
 * Attacks 1 and 3 on one published table (one crossing): every hidden count — a distribution
 * category, the organisations meeting a share's condition, the n of a question shown only under a
 * filter — as an integer unknown; what is published as constants; the rules of the game as
 * constraints: categories of a single choice add up to n, the families add up to `_all`, the
 * dimension values add up to theirs (each organisation in one family), a count lies between 0 and
 * its n, a share "q = v" and the category v of q count the same organisations, the n of a
 * question shown when `{q} = v` is the count of "q = v" and at most the n of q. A hidden count
 * with one feasible value is found (attack 1). A follow-up's n found with one feasible value is a
 * filter answer come back when it is one the rules hide — under k, or leaving fewer than k of the
 * filter's n out (that n known or found too) — and a published follow-up's n equal to 0 or to its
 * filter's n is one (attack 3).
 */
export function countAttacks(
  cells: readonly IndicatorCell[],
  definitions: readonly IndicatorDefinition[],
  questions: readonly AttackerQuestion[],
  familiesQuestion: string,
  k: number,
): Finding[] {
  const system = new IntegerSystem()
  const targets: { index: number; what: string; attack: 1 | 3; filter?: number | { known: number } }[] = []
  const findings: Finding[] = []
  const byId = new Map(definitions.map((d) => [d.id, d]))
  const follow = openedBy(questions, familiesQuestion)
  const counted = definitions.filter((d) => d.aggregation === 'share' || d.aggregation === 'distribution' || follow.has(questionOf(d) ?? ''))
  const grid = new Map<string, { families: Set<string>; values: Set<string | null> }>()
  for (const cell of cells) {
    if (!counted.some((d) => d.id === cell.indicator)) continue
    const g = grid.get(cell.indicator) ?? { families: new Set(), values: new Set() }
    g.families.add(cell.family)
    g.values.add(cell.dimensionValue)
    grid.set(cell.indicator, g)
  }

  const term = (name: string, known: number | null): number | { known: number } => {
    if (known !== null) {
      if (system.has(name)) system.variable(name, known, known)
      return { known }
    }
    return system.variable(name)
  }
  const nName = (question: string, f: string, d: string | null) => `n|${question}|${f}|${d}`
  const cName = (key: string, f: string, d: string | null) => `c|${key}|${f}|${d}`

  // Every count and n of every cell: a constant where published, an unknown where hidden.
  const known = new Map<string, number>()
  const learn = (name: string, value: number) => {
    const before = known.get(name)
    if (before !== undefined && before !== value) throw new Error(`two published values for ${name}: ${before} and ${value}`)
    known.set(name, value)
  }
  for (const cell of cells) {
    const d = byId.get(cell.indicator)
    if (!d || !counted.includes(d) || cell.suppressed) continue
    learn(nName(questionOf(d)!, cell.family, cell.dimensionValue), cell.n!)
    const key = keyOf(d, cell.category)
    if (key) learn(cName(key, cell.family, cell.dimensionValue), countOf(cell))
  }
  const value = (name: string) => term(name, known.get(name) ?? null)

  for (const d of counted) {
    const g = grid.get(d.id)
    if (!g) continue
    const question = questionOf(d)!
    const families = [...g.families]
    const values = [...g.values]
    const keys = d.aggregation === 'distribution' ? d.categories.map((c) => keyOf(d, c)!) : d.aggregation === 'share' ? [keyOf(d, null)!] : []
    for (const f of families)
      for (const v of values) {
        const n = value(nName(question, f, v))
        for (const key of keys) {
          const c = value(cName(key, f, v))
          system.atMost(c, n)
          if (typeof c === 'number') targets.push({ index: c, what: `${d.id} ${f} ${v} ${key}`, attack: 1 })
        }
        if (d.aggregation === 'distribution' && !d.multiple)
          system.equal([...keys.map((key) => [1, value(cName(key, f, v))] as [number, number | { known: number }]), [-1, n]])
        for (const { question: filter, value: opening } of follow.get(question) ?? []) {
          // Shown when `{filter} = opening`: its n is that count, and at most the filter's n.
          const count = value(cName(conditionKey(filter, String(opening)), f, v))
          const filterN = value(nName(filter, f, v))
          system.equal([
            [1, n],
            [-1, count],
          ])
          system.atMost(n, filterN)
          if (typeof n === 'number') targets.push({ index: n, what: `n of ${question} (${d.id}) ${f} ${v}`, attack: 3, filter: filterN })
          const publishedFilterN = known.get(nName(filter, f, v))
          const ownN = known.get(nName(question, f, v))
          if (publishedFilterN !== undefined && ownN !== undefined && publishedFilterN > 0 && (ownN === 0 || ownN === publishedFilterN)) {
            findings.push({ attack: 3, what: `${d.id} ${f} ${v}: ${ownN} of the ${publishedFilterN} who answered ${filter} were shown ${question}` })
          }
        }
        // Margins add up: each organisation is in one family, and in one value of the dimension.
      }
    for (const name of [(f: string, v: string | null) => nName(question, f, v), ...keys.map((key) => (f: string, v: string | null) => cName(key, f, v))]) {
      if (families.includes(ALL)) {
        for (const v of values)
          system.equal([
            ...families.filter((f) => f !== ALL).map((f) => [1, value(name(f, v))] as [number, number | { known: number }]),
            [-1, value(name(ALL, v))],
          ])
      }
      if (values.includes(ALL)) {
        for (const f of families)
          system.equal([
            ...values.filter((v) => v !== ALL).map((v) => [1, value(name(f, v))] as [number, number | { known: number }]),
            [-1, value(name(f, ALL))],
          ])
      }
    }
  }

  const solution = system.solve()
  if (!solution) throw new Error('the published cells admit no solution: the attacker has made a mistake')
  const unique = new Map(targets.map((t) => [t.index, t]))
  const filters = [...unique.values()].flatMap((t) => (typeof t.filter === 'number' ? [t.filter] : []))
  const found = new Set(system.determined([...new Set([...unique.keys(), ...filters])], solution))
  for (const [index, target] of unique) {
    if (!found.has(index)) continue
    const recovered = solution[index]!
    if (target.attack === 1) {
      findings.push({ attack: 1, what: `${target.what} is ${recovered} and nothing else` })
      continue
    }
    const filterN = typeof target.filter === 'number' ? (found.has(target.filter) ? solution[target.filter]! : null) : (target.filter?.known ?? null)
    if (recovered < k || (filterN !== null && filterN - recovered < k)) {
      findings.push({ attack: 3, what: `${target.what} is ${recovered} and nothing else, of ${filterN ?? 'an unknown number'} who answered the filter` })
    }
  }
  return findings
}

function questionOf(d: IndicatorDefinition): string | null {
  return 'question' in d ? d.question : null
}

function keyOf(d: IndicatorDefinition, category: string | null): string | null {
  if (d.aggregation === 'distribution') return category === null ? null : conditionKey(d.question, category)
  if (d.aggregation !== 'share') return null
  const when = d.when
  if ('equals' in when) return conditionKey(d.question, String(when.equals))
  return 'atMost' in when ? `${d.question}<=${when.atMost}` : `${d.question}>=${when.atLeast}`
}

/**
 * Attack 4: a published share or category, or the n of a published follow-up question, whose one
 * side holds 1 to k − 1 organisations (or none).
 */
export function sideAttacks(
  cells: readonly IndicatorCell[],
  definitions: readonly IndicatorDefinition[],
  questions: readonly AttackerQuestion[],
  familiesQuestion: string,
  k: number,
): Finding[] {
  const findings: Finding[] = []
  const byId = new Map(definitions.map((d) => [d.id, d]))
  const follow = openedBy(questions, familiesQuestion)
  const nOf = new Map<string, number>()
  for (const cell of cells) {
    const d = byId.get(cell.indicator)
    if (d && !cell.suppressed && questionOf(d)) nOf.set(`${questionOf(d)}|${cell.family}|${cell.dimensionValue}`, cell.n!)
  }
  for (const cell of cells) {
    const d = byId.get(cell.indicator)
    if (!d || cell.suppressed) continue
    if (d.aggregation === 'share' || d.aggregation === 'distribution') {
      const count = countOf(cell)
      if (count < k || cell.n! - count < k)
        findings.push({ attack: 4, what: `${d.id} ${cell.family} ${cell.dimensionValue} ${cell.category}: ${count} of ${cell.n}` })
    }
    for (const { question } of follow.get(questionOf(d) ?? '') ?? []) {
      const filterN = nOf.get(`${question}|${cell.family}|${cell.dimensionValue}`)
      if (cell.n! < k || (filterN !== undefined && filterN - cell.n! < k)) {
        findings.push({ attack: 4, what: `${d.id} ${cell.family} ${cell.dimensionValue}: n ${cell.n} under a filter answered by ${filterN}` })
      }
    }
  }
  return findings
}

/** The answers behind one cell of a total, as the test knows them: used only for the attacker's own answer and to judge. */
export type Contributions = (indicator: string, family: string, dimensionValue: string | null) => number[]

/**
 * Attack 2: for every published total (a sum or a derived sum), and for the hidden parts of a
 * line whose margin and other parts are published (their total and n by subtraction), the second
 * largest contributor bounds the largest from the total, n, its own answer, the questionnaire's
 * lower bound and a published median cell of the same question and cell (`attackerBound`): a
 * bound under (1 + p/100)·x₁ is found.
 */
export function largestContributionAttacks(
  cells: readonly IndicatorCell[],
  definitions: readonly IndicatorDefinition[],
  questions: readonly AttackerQuestion[],
  contributions: Contributions,
  pPercent: number,
  intervalRanks: (n: number) => { lower: number; upper: number } | null,
): Finding[] {
  const findings: Finding[] = []
  const byId = new Map(definitions.map((d) => [d.id, d]))
  const threshold = (largest: number) => Rational.of(largest).mul(Rational.of(1 + pPercent / 100))
  const judge = (what: string, answers: number[], total: number, ranks: ReturnType<typeof medianCellEqualities>, lowerBound: number) => {
    const sorted = [...answers].sort((a, b) => a - b)
    const n = sorted.length
    if (n === 0 || sorted[n - 1]! <= 0) return
    if (n === 1) {
      findings.push({ attack: 2, what: `${what}: one organisation, its answer ${total} given by the total` })
      return
    }
    const bound = attackerBound({ n, total, own: sorted[n - 2]!, lowerBound, ranks })
    if (bound.compare(threshold(sorted[n - 1]!)) < 0) {
      findings.push({ attack: 2, what: `${what}: the second largest (${sorted[n - 2]}) bounds the largest (${sorted[n - 1]}) by ${bound.toNumber()}` })
    }
  }
  const medians = new Map<string, IndicatorCell>()
  for (const cell of cells) {
    const d = byId.get(cell.indicator)
    if (d?.aggregation === 'median' && !cell.suppressed) medians.set(`${d.question}|${cell.family}|${cell.dimensionValue}`, cell)
  }
  const lowerOf = (d: IndicatorDefinition) => (d.aggregation === 'sum' ? (questions.find((q) => q.name === d.question)?.minimum ?? 0) : 0)

  for (const d of definitions) {
    if (d.aggregation !== 'sum' && d.aggregation !== 'derived_sum') continue
    const table = cells.filter((c) => c.indicator === d.id)
    for (const cell of table) {
      if (cell.suppressed) continue
      const median = d.aggregation === 'sum' ? medians.get(`${d.question}|${cell.family}|${cell.dimensionValue}`) : undefined
      const ranks = median && median.n === cell.n ? medianCellEqualities(cell.n!, median, intervalRanks(cell.n!)) : []
      judge(`${d.id} ${cell.family} ${cell.dimensionValue}`, contributions(d.id, cell.family, cell.dimensionValue), cell.value!, ranks, lowerOf(d))
    }
    // The hidden parts of a line, added up by subtraction from its published margin.
    const families = [...new Set(table.map((c) => c.family))]
    const values = [...new Set(table.map((c) => c.dimensionValue))]
    const at = (f: string, v: string | null) => table.find((c) => c.family === f && c.dimensionValue === v)
    const lines: { margin: IndicatorCell | undefined; parts: (IndicatorCell | undefined)[]; name: string }[] = []
    if (families.includes(ALL))
      for (const v of values)
        lines.push({ margin: at(ALL, v), parts: families.filter((f) => f !== ALL).map((f) => at(f, v)), name: `${d.id} families of ${v}` })
    if (values.includes(ALL))
      for (const f of families) lines.push({ margin: at(f, ALL), parts: values.filter((v) => v !== ALL).map((v) => at(f, v)), name: `${d.id} values of ${f}` })
    for (const { margin, parts, name } of lines) {
      if (!margin || margin.suppressed) continue
      const hidden = parts.filter((p): p is IndicatorCell => p !== undefined && p.suppressed)
      if (hidden.length === 0) continue
      const published = parts.filter((p): p is IndicatorCell => p !== undefined && !p.suppressed)
      const total = margin.value! - published.reduce((s, p) => s + p.value!, 0)
      const answers = hidden.flatMap((p) => contributions(d.id, p.family, p.dimensionValue))
      judge(`${name}, hidden together`, answers, total, [], lowerOf(d))
    }
  }
  return findings
}
