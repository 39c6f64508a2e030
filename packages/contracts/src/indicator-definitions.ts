import { z } from 'zod'
import { noNulCharacter } from './fields'
import { THEME_KEYS } from './rules'

// A wave's indicator definitions as staff write them and Sonde stores them (the shapes of
// packages/analysis/src/indicators/types.ts, which checks at compile time that both agree).
// Only the shape is checked here (400 INVALID_BODY); what depends on the questionnaire — ids,
// questions, conditions, categories, factors, families — is checked by `validateIndicators`
// of @sonde/analysis and answered as 422 INDICATORS_INVALID, field by field.

/** At most this many indicators in a wave (the 2025 catalogue has about fifty). */
export const MAX_INDICATORS = 300

const text = (max: number) => z.string().max(max).refine(noNulCharacter, 'holds a NUL character')
const label = (max: number) => text(max).regex(/\S/, 'must not be empty')
/** A question name: any short text here, checked against the questionnaire afterwards. */
const QuestionNameSchema = text(200)

/** A conversion factor: `value` per `unit`, from `source`, in `version` (emission factors, full-time equivalents). */
export const FactorSchema = z.strictObject({
  value: z.number(),
  unit: text(100),
  source: text(1000),
  version: text(100),
})

/** An organisation counts in a share's numerator when its answer equals a value, or is at most / at least a bound. */
export const ShareConditionSchema = z.union([
  z.strictObject({ equals: z.union([text(200), z.number(), z.boolean()]) }),
  z.strictObject({ atMost: z.number() }),
  z.strictObject({ atLeast: z.number() }),
])

/** One term of a ratio side: a numeric question's name, or the long form. */
export const RatioTermSchema = z.union([
  QuestionNameSchema,
  z.strictObject({
    question: QuestionNameSchema,
    count: z.boolean().optional(),
    times: QuestionNameSchema.optional(),
    coefficient: z.number().optional(),
    default: z.number().optional(),
  }),
])

/** An indicator's theme (`THEME_KEYS`). */
export const ThemeKeySchema = z.enum(THEME_KEYS)
export type ThemeKey = z.infer<typeof ThemeKeySchema>

const base = {
  /** Stable key, snake_case, unique in the wave (checked with the questionnaire: 422 at `id`). */
  id: text(100),
  labelFr: label(300),
  labelEn: label(300),
  unit: text(100),
  /** The families the indicator is computed for; null for every family of the wave. */
  families: z.array(text(100)).max(100).nullable(),
  /** The theme the portal reads it under (`THEME_KEYS`); none (or null): « Autres ». */
  theme: ThemeKeySchema.nullable().optional(),
}

const terms = z.array(RatioTermSchema).max(50)

export const IndicatorDefinitionSchema = z.discriminatedUnion('aggregation', [
  z.strictObject({ ...base, aggregation: z.literal('sum'), question: QuestionNameSchema }),
  z.strictObject({ ...base, aggregation: z.literal('median'), question: QuestionNameSchema }),
  z.strictObject({ ...base, aggregation: z.literal('share'), question: QuestionNameSchema, when: ShareConditionSchema }),
  z.strictObject({ ...base, aggregation: z.literal('pooled_ratio'), numerator: terms, denominator: terms }),
  z.strictObject({ ...base, aggregation: z.literal('median_ratio'), numerator: terms, denominator: terms }),
  z.strictObject({
    ...base,
    aggregation: z.literal('distribution'),
    question: QuestionNameSchema,
    categories: z.array(text(200)).max(200),
    multiple: z.boolean(),
  }),
  z.strictObject({
    ...base,
    aggregation: z.literal('derived_sum'),
    terms: z.array(z.strictObject({ question: QuestionNameSchema, factor: FactorSchema })).max(50),
    multiplier: z.strictObject({ question: QuestionNameSchema, default: z.number() }).nullable(),
  }),
])
export type IndicatorDefinitionInput = z.infer<typeof IndicatorDefinitionSchema>
export type RatioTermInput = z.infer<typeof RatioTermSchema>

/** A ratio term in its long form, defaults filled in. */
export interface NormalisedTerm {
  question: string
  count: boolean
  times: string | null
  coefficient: number
  default: number | null
}

/** The long form of a ratio term: a plain name is the question itself, counted as its value, coefficient 1. */
export function normaliseTerm(term: RatioTermInput): NormalisedTerm {
  if (typeof term === 'string') return { question: term, count: false, times: null, coefficient: 1, default: null }
  return {
    question: term.question,
    count: term.count ?? false,
    times: term.times ?? null,
    coefficient: term.coefficient ?? 1,
    default: term.default ?? null,
  }
}

/**
 * What `indicatorQuestions` reads of a definition: the fields that name questions, as the
 * contract's `IndicatorDefinitionInput` and @sonde/analysis's stored `IndicatorDefinition` both have them.
 */
export type IndicatorQuestionFields =
  | { aggregation: 'sum' | 'median' | 'share' | 'distribution'; question: string }
  | { aggregation: 'pooled_ratio' | 'median_ratio'; numerator: readonly RatioTermInput[]; denominator: readonly RatioTermInput[] }
  | { aggregation: 'derived_sum'; terms: readonly { question: string }[]; multiplier: { question: string } | null }

function termQuestions(terms: readonly RatioTermInput[]): string[] {
  return terms.flatMap((term) => {
    const t = normaliseTerm(term)
    return t.times ? [t.question, t.times] : [t.question]
  })
}

/**
 * The question names an indicator reads, in order, without repetition: its question; each ratio
 * term's question and the question it is multiplied by (`times`); each converted term's question
 * and the multiplier's. The one list behind the console's indicator table, the questionnaire
 * guard, disclosure filters and published metadata.
 */
export function indicatorQuestions(definition: IndicatorQuestionFields): string[] {
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

/** `PUT /api/waves/{id}/indicator-definitions`: the whole list, in the order it is shown. */
export const IndicatorDefinitionsBodySchema = z.strictObject({
  indicators: z.array(IndicatorDefinitionSchema).max(MAX_INDICATORS),
})
export type IndicatorDefinitionsBody = z.infer<typeof IndicatorDefinitionsBodySchema>

/** A question of the wave's questionnaire as the indicator editor offers it (its codebook entry). */
export const IndicatorQuestionSchema = z.object({
  name: z.string(),
  /** The French title (the name when it has none). */
  title: z.string(),
  /** survey-core type: `text`, `boolean`, `radiogroup`, `checkbox`, … */
  type: z.string(),
  numeric: z.boolean(),
  multiple: z.boolean(),
  /** Values and French texts; null for a question without choices. */
  choices: z.array(z.object({ value: z.string(), text: z.string() })).nullable(),
})
export type IndicatorQuestion = z.infer<typeof IndicatorQuestionSchema>

/**
 * `GET`, `PUT /api/waves/{id}/indicator-definitions` and `POST …/reset`: the wave's indicators and
 * the questions they can read. `releasedIds`: the ids of indicators published in a release of
 * the wave — their computation can no longer change under the same id.
 */
export const IndicatorDefinitionsSchema = z.object({
  indicators: z.array(IndicatorDefinitionSchema),
  questions: z.array(IndicatorQuestionSchema),
  releasedIds: z.array(z.string()),
})
export type IndicatorDefinitions = z.infer<typeof IndicatorDefinitionsSchema>

/** One problem of a 422 INDICATORS_INVALID: `path` names the field (`indicators[2].question`), `message` is French. */
export const IndicatorDefinitionProblemSchema = z.object({ path: z.string(), code: z.string(), message: z.string() })
export type IndicatorDefinitionProblem = z.infer<typeof IndicatorDefinitionProblemSchema>
