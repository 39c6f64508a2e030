import type { Aggregation, ThemeKey } from '@sonde/contracts'

/**
 * A conversion factor kept as data, so that a researcher can read, check and replace it:
 * `value` per `unit`, from `source`, in `version` (docs/indicators.md, "Environmental factors").
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

/**
 * The condition that makes an organisation count in the numerator of a share: its answer equals
 * a value (a boolean, a choice, a number), or a numeric answer is at most / at least a bound
 * (e.g. the ESUS pay caps: highest pay ≤ 10 × SMIC).
 */
export type ShareCondition = { equals: string | number | boolean } | { atMost: number } | { atLeast: number }

/**
 * One term of a ratio side: a numeric question (a plain name), or an object for the other forms —
 * `count: true` counts the choices ticked in a multiple-choice question; `times` multiplies by a
 * second numeric question (a weighted total, e.g. public-funding share × budget); `coefficient`
 * scales the term (1 by default); `default` is the term's value when the question is unanswered
 * (without it an unanswered term has no number). A term has a number when its question (and
 * `times`) has one.
 */
export type RatioTerm = string | { question: string; count?: boolean; times?: string; coefficient?: number; default?: number }

interface IndicatorBase {
  /** Stable key, snake_case, unique in a wave. */
  id: string
  labelFr: string
  labelEn: string
  unit: string
  /** Families the indicator is computed for; null for every family of the wave. */
  families: readonly string[] | null
  /** The theme the research portal reads it under (`THEME_KEYS`); absent or null: « Autres ». */
  theme?: ThemeKey | null
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
 * A ratio whose numerator and denominator are each a sum of terms (`RatioTerm`). An organisation
 * counts when at least one term of each side has a number (unanswered ones count as 0 on that
 * side). `pooled_ratio` is Σnumerator / Σdenominator over organisations; `median_ratio` is the
 * median of the per-organisation ratios (organisations with a zero denominator left out).
 */
export interface RatioIndicator extends IndicatorBase {
  aggregation: 'pooled_ratio' | 'median_ratio'
  numerator: readonly RatioTerm[]
  denominator: readonly RatioTerm[]
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

export type IndicatorDefinition = SumIndicator | MedianIndicator | ShareIndicator | RatioIndicator | DistributionIndicator | DerivedSumIndicator

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
