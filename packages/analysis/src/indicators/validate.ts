import { THEME_KEYS } from '@sonde/contracts'
import { indicatorQuestions, normaliseTerm } from './meta'
import type { IndicatorDefinition, QuestionInfo, RatioTerm } from './types'

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
  | 'UNKNOWN_THEME'

export interface IndicatorProblem {
  /** The id of the indicator, as given. */
  indicator: string
  /** Its position in the list checked (0 first): ids may be repeated or empty. */
  index: number
  /** The field of the definition at fault, as a path into it: `id`, `question`, `numerator[1].times`, `terms[0].factor`, `families[2]`… */
  path: string
  code: IndicatorProblemCode
  /** In French, for the person who wrote the definition. */
  message: string
  /** The question of the questionnaire the problem is about, when it is about one (missing, of another type, without that choice). */
  question?: string
}

const ID_PATTERN = /^[a-z][a-z0-9_]{0,62}$/

/** Where each question name of a definition is written (`indicatorQuestions` lists the same names). */
function questionPaths(definition: IndicatorDefinition): Map<string, string> {
  const paths = new Map<string, string>()
  const add = (name: string, path: string) => {
    if (!paths.has(name)) paths.set(name, path)
  }
  const addTerms = (side: 'numerator' | 'denominator', terms: readonly RatioTerm[]) =>
    terms.forEach((term, i) => {
      const t = normaliseTerm(term)
      add(t.question, typeof term === 'string' ? `${side}[${i}]` : `${side}[${i}].question`)
      if (t.times) add(t.times, `${side}[${i}].times`)
    })
  switch (definition.aggregation) {
    case 'sum':
    case 'median':
    case 'share':
    case 'distribution':
      add(definition.question, 'question')
      break
    case 'pooled_ratio':
    case 'median_ratio':
      addTerms('numerator', definition.numerator)
      addTerms('denominator', definition.denominator)
      break
    case 'derived_sum':
      definition.terms.forEach((term, i) => add(term.question, `terms[${i}].question`))
      if (definition.multiplier) add(definition.multiplier.question, 'multiplier.question')
      break
  }
  return paths
}

/**
 * Checks indicator definitions against the questions of a questionnaire (and, when given, the
 * family keys of the wave) and lists every problem found, each with the field at fault and a
 * French message, none meaning the set can be computed:
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

  definitions.forEach((definition, index) => {
    const report = (code: IndicatorProblemCode, path: string, message: string, question?: string) =>
      problems.push({ indicator: definition.id, index, path, code, message, ...(question === undefined ? {} : { question }) })
    const paths = questionPaths(definition)
    const pathOf = (name: string) => paths.get(name) ?? 'question'

    if (!ID_PATTERN.test(definition.id)) {
      report(
        'INVALID_ID',
        'id',
        `« ${definition.id} » n’est pas un identifiant valide : minuscules, chiffres et « _ », en commençant par une lettre (63 caractères au plus).`,
      )
    }
    if (seen.has(definition.id)) report('DUPLICATE_ID', 'id', `L’identifiant « ${definition.id} » est déjà pris par un autre indicateur.`)
    seen.add(definition.id)
    const theme: unknown = definition.theme
    if (theme !== undefined && theme !== null && !(THEME_KEYS as readonly unknown[]).includes(theme)) {
      report('UNKNOWN_THEME', 'theme', `« ${String(theme)} » n’est pas un thème connu : ${THEME_KEYS.join(', ')}.`)
    }

    for (const name of indicatorQuestions(definition)) {
      if (!byName.has(name))
        report('UNKNOWN_QUESTION', pathOf(name), name ? `La question « ${name} » n’est pas dans le questionnaire.` : 'Choisissez une question.', name)
    }
    const requireNumeric = (names: readonly string[]) => {
      for (const name of names) {
        const question = byName.get(name)
        if (question && !question.numeric) report('NOT_NUMERIC', pathOf(name), `La question « ${name} » (${question.type}) n’est pas numérique.`, name)
      }
    }

    switch (definition.aggregation) {
      case 'sum':
      case 'median':
        requireNumeric([definition.question])
        break
      case 'pooled_ratio':
      case 'median_ratio':
        if (definition.numerator.length === 0) report('EMPTY_SIDE', 'numerator', 'Le numérateur n’a aucune question.')
        if (definition.denominator.length === 0) report('EMPTY_SIDE', 'denominator', 'Le dénominateur n’a aucune question.')
        for (const [side, terms] of [
          ['numerator', definition.numerator],
          ['denominator', definition.denominator],
        ] as const) {
          terms.forEach((raw, i) => {
            const term = normaliseTerm(raw)
            if (term.count) {
              const question = byName.get(term.question)
              if (question && !question.multiple) {
                report(
                  'NOT_MULTIPLE',
                  `${side}[${i}]`,
                  `La question « ${term.question} » (${question.type}) n’a pas de choix multiples à compter.`,
                  term.question,
                )
              }
            } else {
              requireNumeric([term.question])
            }
            if (term.times) requireNumeric([term.times])
            if (!Number.isFinite(term.coefficient) || (term.default !== null && !Number.isFinite(term.default))) {
              report('INVALID_NUMBER', `${side}[${i}]`, `Le coefficient et la valeur par défaut de « ${term.question} » doivent être des nombres.`)
            }
          })
        }
        break
      case 'derived_sum':
        if (definition.terms.length === 0) report('EMPTY_SIDE', 'terms', 'Le total converti n’a aucun terme.')
        requireNumeric(definition.terms.map((t) => t.question))
        if (definition.multiplier) {
          requireNumeric([definition.multiplier.question])
          if (!Number.isFinite(definition.multiplier.default)) {
            report('INVALID_FACTOR', 'multiplier.default', 'Le multiplicateur par défaut doit être un nombre.')
          }
        }
        definition.terms.forEach(({ question, factor }, i) => {
          if (!Number.isFinite(factor.value) || !factor.unit || !factor.source || !factor.version) {
            report('INVALID_FACTOR', `terms[${i}].factor`, `Le facteur de « ${question} » doit avoir une valeur, une unité, une source et une version.`)
          }
        })
        break
      case 'share': {
        const question = byName.get(definition.question)
        if (!question) break
        const when = definition.when
        if (!('equals' in when)) {
          const bound = 'atMost' in when ? when.atMost : when.atLeast
          if (!Number.isFinite(bound)) report('INVALID_NUMBER', 'when', 'La borne de la condition doit être un nombre.')
          if (!question.numeric) {
            report(
              'CONDITION_MISMATCH',
              'when',
              `« ${definition.question} » (${question.type}) n’est pas numérique : elle n’a pas de borne.`,
              definition.question,
            )
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
          report('CONDITION_MISMATCH', 'when', `« ${definition.question} » (${question.type}) ne vaut jamais ${JSON.stringify(expected)}.`, definition.question)
        }
        break
      }
      case 'distribution': {
        const seenCategories = new Set<string>()
        definition.categories.forEach((category, i) => {
          if (seenCategories.has(category)) report('DUPLICATE_CATEGORY', `categories[${i}]`, `La catégorie « ${category} » est listée deux fois.`)
          seenCategories.add(category)
        })
        if (definition.categories.length === 0) report('EMPTY_SIDE', 'categories', 'La répartition n’a aucune catégorie.')
        const question = byName.get(definition.question)
        if (!question) break
        const choices = choicesOf(question)
        if (!choices) {
          report('NOT_A_CHOICE_QUESTION', 'question', `La question « ${definition.question} » (${question.type}) n’a pas de choix.`, definition.question)
          break
        }
        if (question.multiple !== definition.multiple) {
          report(
            'MULTIPLE_MISMATCH',
            'multiple',
            `La question « ${definition.question} » est à choix ${question.multiple ? 'multiples' : 'unique'}.`,
            definition.question,
          )
        }
        definition.categories.forEach((category, i) => {
          if (!choices.includes(category)) {
            report('UNKNOWN_CATEGORY', `categories[${i}]`, `« ${category} » n’est pas un choix de « ${definition.question} ».`, definition.question)
          }
        })
        break
      }
    }

    if (options.families && definition.families) {
      definition.families.forEach((family, i) => {
        if (!options.families!.includes(family)) report('UNKNOWN_FAMILY', `families[${i}]`, `La famille « ${family} » n’est pas dans la vague.`)
      })
    }
  })
  return problems
}
