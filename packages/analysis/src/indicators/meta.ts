import type { IndicatorMeta } from '@sonde/contracts'
import type { IndicatorDefinition, RatioTerm } from './types'

/** A ratio term in its long form, defaults filled in. */
export interface NormalisedTerm {
  question: string
  count: boolean
  times: string | null
  coefficient: number
  default: number | null
}

/** The long form of a `RatioTerm`: a plain name is the question itself, coefficient 1. */
export function normaliseTerm(term: RatioTerm): NormalisedTerm {
  if (typeof term === 'string') return { question: term, count: false, times: null, coefficient: 1, default: null }
  return {
    question: term.question,
    count: term.count ?? false,
    times: term.times ?? null,
    coefficient: term.coefficient ?? 1,
    default: term.default ?? null,
  }
}

function termQuestions(terms: readonly RatioTerm[]): string[] {
  return terms.flatMap((term) => {
    const t = normaliseTerm(term)
    return t.times ? [t.question, t.times] : [t.question]
  })
}

/** The question names an indicator reads, in order, without repetition. */
export function indicatorQuestions(definition: IndicatorDefinition): string[] {
  switch (definition.aggregation) {
    case 'sum':
    case 'median':
    case 'share':
    case 'distribution':
      return [definition.question]
    case 'pooled_ratio':
    case 'median_ratio':
      return [...new Set([...termQuestions(definition.numerator), ...termQuestions(definition.denominator)])]
    case 'derived_sum':
      return [...new Set([...definition.terms.map((term) => term.question), ...(definition.multiplier ? [definition.multiplier.question] : [])])]
  }
}

/**
 * The factors of a derived indicator as one readable line, printed beside every derived figure
 * (CSV `factor_source`): each term with its factor, the multiplier, then the sources and versions.
 * Null for indicators without factors.
 */
/** A factor as a person reads it in the source text: French digits, six significant at most (1/1607 → 0,000622278). */
function factorText(value: number): string {
  return value.toLocaleString('fr-FR', { maximumSignificantDigits: 6 })
}

export function indicatorFactorSource(definition: IndicatorDefinition): string | null {
  if (definition.aggregation !== 'derived_sum') return null
  const terms = definition.terms.map((t) => `${t.question} × ${factorText(t.factor.value)} ${t.factor.unit}`)
  const multiplier = definition.multiplier ? [`× ${definition.multiplier.question} (${definition.multiplier.default} si non renseigné)`] : []
  const sources = [...new Set(definition.terms.map((t) => `${t.factor.source} [${t.factor.version}]`))]
  return [...terms, ...multiplier].join(' ; ') + ' — ' + sources.join(' ; ')
}

/** The published description of an indicator (contracts `IndicatorMeta`). */
export function indicatorMeta(definition: IndicatorDefinition): IndicatorMeta {
  return {
    id: definition.id,
    labelFr: definition.labelFr,
    labelEn: definition.labelEn,
    unit: definition.unit,
    aggregation: definition.aggregation,
    questions: indicatorQuestions(definition),
    families: definition.families ? [...definition.families] : null,
    factorSource: indicatorFactorSource(definition),
  }
}
