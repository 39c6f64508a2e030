import type { Aggregation } from '@sonde/contracts'

/**
 * A conversion factor kept as data, so that a researcher can read, check and replace it:
 * `value` per `unit`, from `source`, in `version` (domain/indicators.md, environmental factors).
 */
export interface Factor {
  value: number
  unit: string
  source: string
  version: string
}

/** One term of a derived sum: the numeric answer to `question` times `factor.value`. */
export interface DerivedTerm {
  question: string
  factor: Factor
}

/** The condition that makes an organisation count in the numerator of a share. */
export type ShareCondition = { equals: string | number | boolean }

interface IndicatorBase {
  /** Stable key, snake_case, unique in a wave. */
  id: string
  labelFr: string
  labelEn: string
  unit: string
  /** Families the indicator is computed for; null for every family of the wave. */
  families: readonly string[] | null
}

/** Total of a numeric question ("total déclaré par les répondants"). */
export interface SumIndicator extends IndicatorBase {
  aggregation: 'sum'
  question: string
}

/** Median, with quartiles and an exact distribution-free interval, of a numeric question. */
export interface MedianIndicator extends IndicatorBase {
  aggregation: 'median'
  question: string
}

/** Proportion of the organisations answering `question` whose answer meets `when`. */
export interface ShareIndicator extends IndicatorBase {
  aggregation: 'share'
  question: string
  when: ShareCondition
}

/**
 * A ratio whose numerator and denominator are each a sum of numeric questions. An organisation
 * counts when at least one question of each side has a number (unanswered ones count as 0 on
 * that side). `pooled_ratio` is Σnumerator / Σdenominator over organisations; `median_ratio` is
 * the median of the per-organisation ratios (organisations with a zero denominator left out).
 */
export interface RatioIndicator extends IndicatorBase {
  aggregation: 'pooled_ratio' | 'median_ratio'
  numerator: readonly string[]
  denominator: readonly string[]
}

/**
 * Counts per category of a choice question: single choice (a string answer) or multiple choice
 * (`multiple`, an array answer). Only the listed categories are counted or published, so that a
 * free-text "other" never appears verbatim.
 */
export interface DistributionIndicator extends IndicatorBase {
  aggregation: 'distribution'
  question: string
  categories: readonly string[]
  multiple: boolean
}

/**
 * A total of answers converted by factors: per organisation Σ answerᵢ × factorᵢ.value, times the
 * numeric answer to `multiplier.question` (or `multiplier.default` when it is not answered), then
 * summed over organisations.
 */
export interface DerivedSumIndicator extends IndicatorBase {
  aggregation: 'derived_sum'
  terms: readonly DerivedTerm[]
  multiplier: { question: string; default: number } | null
}

export type IndicatorDefinition =
  | SumIndicator
  | MedianIndicator
  | ShareIndicator
  | RatioIndicator
  | DistributionIndicator
  | DerivedSumIndicator

// Compile-time check that every aggregation of the contract has a definition shape.
type MissingAggregation = Exclude<Aggregation, IndicatorDefinition['aggregation']>
const _everyAggregationCovered: MissingAggregation extends never ? true : never = true

/**
 * What an indicator needs to know about a question of the questionnaire (its codebook entry):
 * the SurveyJS `type`, whether the answer is a number, whether it is a list (checkbox, tagbox),
 * and its choices when it has some — their values, or `{ value }` objects as listed by
 * `@sonde/survey`'s `listQuestions`, whose output can be passed as it is.
 */
export interface QuestionInfo {
  name: string
  type: string
  numeric: boolean
  multiple: boolean
  choices?: readonly (string | { value: string })[]
}
