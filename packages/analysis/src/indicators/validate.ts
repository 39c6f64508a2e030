import { indicatorQuestions, normaliseTerm } from './meta'
import type { IndicatorDefinition, QuestionInfo } from './types'

export type IndicatorProblemCode =
  | 'INVALID_ID'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_QUESTION'
  | 'NOT_NUMERIC'
  | 'EMPTY_SIDE'
  | 'INVALID_FACTOR'
  | 'CONDITION_MISMATCH'
  | 'NOT_A_CHOICE_QUESTION'
  | 'UNKNOWN_CATEGORY'
  | 'DUPLICATE_CATEGORY'
  | 'MULTIPLE_MISMATCH'
  | 'NOT_MULTIPLE'
  | 'INVALID_NUMBER'
  | 'UNKNOWN_FAMILY'

export interface IndicatorProblem {
  indicator: string
  code: IndicatorProblemCode
  message: string
}

const ID_PATTERN = /^[a-z][a-z0-9_]{0,62}$/

/**
 * Checks indicator definitions against the questions of a questionnaire (and, when given, the
 * family keys of the wave) and lists every problem found, none meaning the set can be computed:
 * ids snake_case and unique; every question exists; numeric aggregations (sum, median, ratios,
 * derived terms and multiplier) read numeric questions; ratio sides and derived terms are not
 * empty; a counted ratio term reads a multiple-choice question, its `times` a numeric one, and
 * its coefficient and default are finite; factors are finite with a unit, source and version; a
 * share's condition has the type of its question (a boolean for a boolean question, one of the
 * choices for a choice question, a number — or a finite bound — for a numeric one); a distribution reads a choice question, with known, distinct
 * categories and the same single/multiple nature; family filters name families of the wave.
 */
export function validateIndicators(
  definitions: readonly IndicatorDefinition[],
  questions: readonly QuestionInfo[],
  options: { families?: readonly string[] } = {},
): IndicatorProblem[] {
  const problems: IndicatorProblem[] = []
  const byName = new Map(questions.map((q) => [q.name, q]))
  const choicesOf = (question: QuestionInfo): string[] | null => (question.choices ? question.choices.map((c) => (typeof c === 'string' ? c : c.value)) : null)
  const seen = new Set<string>()

  for (const definition of definitions) {
    const report = (code: IndicatorProblemCode, message: string) => problems.push({ indicator: definition.id, code, message })

    if (!ID_PATTERN.test(definition.id)) report('INVALID_ID', `"${definition.id}" is not a snake_case id`)
    if (seen.has(definition.id)) report('DUPLICATE_ID', `"${definition.id}" is defined more than once`)
    seen.add(definition.id)

    for (const name of indicatorQuestions(definition)) {
      if (!byName.has(name)) report('UNKNOWN_QUESTION', `question "${name}" is not in the questionnaire`)
    }
    const requireNumeric = (names: readonly string[]) => {
      for (const name of names) {
        const question = byName.get(name)
        if (question && !question.numeric) report('NOT_NUMERIC', `question "${name}" (${question.type}) is not numeric`)
      }
    }

    switch (definition.aggregation) {
      case 'sum':
      case 'median':
        requireNumeric([definition.question])
        break
      case 'pooled_ratio':
      case 'median_ratio':
        if (definition.numerator.length === 0) report('EMPTY_SIDE', 'the numerator has no question')
        if (definition.denominator.length === 0) report('EMPTY_SIDE', 'the denominator has no question')
        for (const term of [...definition.numerator, ...definition.denominator].map(normaliseTerm)) {
          if (term.count) {
            const question = byName.get(term.question)
            if (question && !question.multiple) {
              report('NOT_MULTIPLE', `question "${term.question}" (${question.type}) has no choices to count`)
            }
          } else {
            requireNumeric([term.question])
          }
          if (term.times) requireNumeric([term.times])
          if (!Number.isFinite(term.coefficient) || (term.default !== null && !Number.isFinite(term.default))) {
            report('INVALID_NUMBER', `the coefficient and default of "${term.question}" must be finite numbers`)
          }
        }
        break
      case 'derived_sum':
        if (definition.terms.length === 0) report('EMPTY_SIDE', 'the derived sum has no term')
        requireNumeric(definition.terms.map((t) => t.question))
        if (definition.multiplier) {
          requireNumeric([definition.multiplier.question])
          if (!Number.isFinite(definition.multiplier.default)) {
            report('INVALID_FACTOR', 'the default multiplier is not a finite number')
          }
        }
        for (const { question, factor } of definition.terms) {
          if (!Number.isFinite(factor.value) || !factor.unit || !factor.source || !factor.version) {
            report('INVALID_FACTOR', `the factor of "${question}" needs a finite value, a unit, a source and a version`)
          }
        }
        break
      case 'share': {
        const question = byName.get(definition.question)
        if (!question) break
        const when = definition.when
        if (!('equals' in when)) {
          const bound = 'atMost' in when ? when.atMost : when.atLeast
          if (!Number.isFinite(bound)) report('INVALID_NUMBER', 'the bound of the condition is not a finite number')
          if (!question.numeric) {
            report('CONDITION_MISMATCH', `"${definition.question}" (${question.type}) is not numeric: it has no bound`)
          }
          break
        }
        const expected = when.equals
        const fits =
          !question.multiple &&
          (typeof expected === 'boolean'
            ? question.type === 'boolean'
            : typeof expected === 'number'
              ? question.numeric
              : question.choices
                ? (choicesOf(question) ?? []).includes(expected)
                : !question.numeric && question.type !== 'boolean')
        if (!fits) {
          report('CONDITION_MISMATCH', `"${definition.question}" (${question.type}) never equals ${JSON.stringify(expected)}`)
        }
        break
      }
      case 'distribution': {
        const seenCategories = new Set<string>()
        for (const category of definition.categories) {
          if (seenCategories.has(category)) report('DUPLICATE_CATEGORY', `category "${category}" is listed twice`)
          seenCategories.add(category)
        }
        if (definition.categories.length === 0) report('EMPTY_SIDE', 'the distribution has no category')
        const question = byName.get(definition.question)
        if (!question) break
        const choices = choicesOf(question)
        if (!choices) {
          report('NOT_A_CHOICE_QUESTION', `question "${definition.question}" (${question.type}) has no choices`)
          break
        }
        if (question.multiple !== definition.multiple) {
          report('MULTIPLE_MISMATCH', `question "${definition.question}" is ${question.multiple ? 'multiple' : 'single'} choice`)
        }
        for (const category of definition.categories) {
          if (!choices.includes(category)) {
            report('UNKNOWN_CATEGORY', `"${category}" is not a choice of "${definition.question}"`)
          }
        }
        break
      }
    }

    if (options.families && definition.families) {
      for (const family of definition.families) {
        if (!options.families.includes(family)) report('UNKNOWN_FAMILY', `family "${family}" is not in the wave`)
      }
    }
  }
  return problems
}
