import { FAMILIES_QUESTION } from '../compute/queries'
import { indicatorQuestions } from '../indicators/meta'
import type { IndicatorDefinition } from '../indicators/types'

/**
 * What disclosure control needs to know of a question of the wave's questionnaire: the
 * conditions it is shown under and the smallest answer it accepts. `@sonde/survey`'s
 * `listQuestions` output fits as it is.
 */
export interface DisclosureQuestion {
  name: string
  minimum?: number
  visibleIf?: readonly {
    tests: readonly { question: string; operator: string; value?: string | number | boolean; negated?: boolean }[]
  }[]
}

/** How an indicator's questions are filtered: the filter questions, and the answers that open them. */
export interface IndicatorFilter {
  /** Every question a condition showing one of the indicator's questions tests, followed through their own filters. */
  questions: string[]
  /** The tests `{question} = value` (not negated) among those conditions: the answer that shows the question. */
  equals: { question: string; value: string | number | boolean }[]
}

const NOT_A_FILTER: ReadonlySet<string> = new Set(['empty', 'notempty'])

/**
 * The filters of each question of a questionnaire (domain of the disclosure rule on filtered
 * questions): a question shown only under a condition on another answer — its own `visibleIf`,
 * its panel's or its page's — has that answer as a filter, and the filters of that answer's
 * question too (chained). A test on the families question (`{familles} contains 'x'`: the table's
 * own axis) or one that only asks whether a question is answered (`{x} notempty`, `{x} empty`) is
 * not a filter.
 */
export function questionFilters(questions: readonly DisclosureQuestion[]): Map<string, IndicatorFilter> {
  const direct = new Map<string, IndicatorFilter>()
  for (const question of questions) {
    const filter: IndicatorFilter = { questions: [], equals: [] }
    for (const condition of question.visibleIf ?? []) {
      for (const test of condition.tests) {
        if (test.question === FAMILIES_QUESTION || test.question === question.name || NOT_A_FILTER.has(test.operator)) continue
        if (!filter.questions.includes(test.question)) filter.questions.push(test.question)
        if (test.operator === 'equal' && !test.negated && test.value !== undefined) {
          filter.equals.push({ question: test.question, value: test.value })
        }
      }
    }
    if (filter.questions.length > 0) direct.set(question.name, filter)
  }
  const closed = new Map<string, IndicatorFilter>()
  for (const [name, filter] of direct) {
    const seen = new Set<string>([name])
    const queue = [...filter.questions]
    const all: string[] = []
    while (queue.length > 0) {
      const next = queue.shift()!
      if (seen.has(next)) continue
      seen.add(next)
      all.push(next)
      queue.push(...(direct.get(next)?.questions ?? []))
    }
    closed.set(name, { questions: all, equals: filter.equals })
  }
  return closed
}

/** The filters of each indicator reading a filtered question (see `questionFilters`), by indicator id. */
export function indicatorFilters(definitions: readonly IndicatorDefinition[], questions: readonly DisclosureQuestion[]): Map<string, IndicatorFilter> {
  const byQuestion = questionFilters(questions)
  const result = new Map<string, IndicatorFilter>()
  for (const definition of definitions) {
    const filter: IndicatorFilter = { questions: [], equals: [] }
    for (const name of indicatorQuestions(definition)) {
      const own = byQuestion.get(name)
      if (!own) continue
      for (const q of own.questions) if (!filter.questions.includes(q)) filter.questions.push(q)
      filter.equals.push(...own.equals)
    }
    if (filter.questions.length > 0) result.set(definition.id, filter)
  }
  return result
}

/**
 * The smallest answer an attacker may assume for each contribution to an indicator's totals (the
 * p % rule): the questionnaire's declared minimum of a sum's question (a number input's `min`, a
 * numeric validator's `minValue`); 0 when none is declared, and for derived sums and ratio
 * totals — every numeric question of the catalogue counts or measures something that cannot be
 * negative, so an attacker would assume 0 anyway, and a higher guess would not hold for the data.
 */
export function contributionLowerBound(definition: IndicatorDefinition, questions: readonly DisclosureQuestion[]): number {
  if (definition.aggregation !== 'sum') return 0
  return questions.find((q) => q.name === definition.question)?.minimum ?? 0
}
