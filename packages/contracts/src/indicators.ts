import { z } from 'zod'
import { ThemeKeySchema } from './indicator-definitions'
import { DIMENSION_KEYS } from './rules'

export const AggregationSchema = z.enum(['sum', 'median', 'share', 'pooled_ratio', 'median_ratio', 'distribution', 'derived_sum'])
export type Aggregation = z.infer<typeof AggregationSchema>

/**
 * Why a cell is hidden (or, on a published cell, why some of its figures are withheld): staff
 * see it; everyone else sees only `suppressed: true` (one public mark), never the reason.
 *  - `min_count`: fewer organisations than the wave's minimum behind the cell;
 *  - `median_min_count`: a median (and its quartiles) needs 5 organisations;
 *  - `complement`: a count (category, a share's numerator) or its complement is under the minimum;
 *  - `filter_count`: the question is asked only under a filter, and its n, a count of the filter's
 *    answers, is under the minimum (or its complement is);
 *  - `dominance`: one organisation makes more than 85 % of a total (NK(1,85));
 *  - `p_percent`: the p % rule — what is published for the cell bounds the largest contribution
 *    within p %; on a published median cell, its quartiles and interval were withheld instead;
 *  - `secondary`: hidden so that another hidden cell cannot be recomputed;
 *  - `release_difference`: published in an earlier release with an n fewer than the minimum away.
 */
export const SuppressionReasonSchema = z.enum([
  'min_count',
  'median_min_count',
  'complement',
  'filter_count',
  'dominance',
  'p_percent',
  'secondary',
  'release_difference',
])
export type SuppressionReason = z.infer<typeof SuppressionReasonSchema>

/** The extra dimensions a researcher can cross the families with (`?dimension=`). */
export const DimensionKeySchema = z.enum(DIMENSION_KEYS)
export type DimensionKey = z.infer<typeof DimensionKeySchema>

/** A value of a dimension; `_none` is "not stated". The margin of an axis is `_all`. */
export const DimensionValueSchema = z.object({ key: z.string(), labelFr: z.string(), labelEn: z.string() })
export type DimensionValue = z.infer<typeof DimensionValueSchema>

/**
 * One published cell: an indicator for one family (`_all`: every family the indicator applies
 * to, each organisation once), one value of the extra dimension (`_all` for its margin; null when
 * no dimension was asked) and, for a distribution, one category. A suppressed cell has `n`,
 * `value`, `ciLow`, `ciHigh` and quartiles null, never 0; its `reason` is given to staff only
 * (null for everyone else). On a published cell, `reason` (staff only) says why some figures
 * (quartiles, interval) are null.
 */
export const IndicatorCellSchema = z.object({
  indicator: z.string(),
  family: z.string(),
  dimensionValue: z.string().nullable(),
  category: z.string().nullable(),
  n: z.number().int().nullable(),
  value: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  q1: z.number().nullable(),
  q3: z.number().nullable(),
  suppressed: z.boolean(),
  reason: SuppressionReasonSchema.nullable(),
})
export type IndicatorCell = z.infer<typeof IndicatorCellSchema>

export const IndicatorMetaSchema = z.object({
  id: z.string(),
  labelFr: z.string(),
  labelEn: z.string(),
  unit: z.string(),
  aggregation: AggregationSchema,
  questions: z.array(z.string()),
  families: z.array(z.string()).nullable(),
  factorSource: z.string().nullable(),
  /**
   * The theme the portal reads it under; null for none (« Autres »). Absent from releases
   * published before themes existed: the API fills it in from the default catalogue by id.
   */
  theme: ThemeKeySchema.nullable().optional(),
  /** A distribution's categories with the questionnaire's labels (the API adds them where it knows them). */
  categories: z
    .array(z.object({ key: z.string(), labelFr: z.string(), labelEn: z.string() }))
    .nullable()
    .optional(),
})
export type IndicatorMeta = z.infer<typeof IndicatorMetaSchema>

/** A published release of a wave's results: dated, numbered, immutable. */
export const ReleaseSummarySchema = z.object({
  id: z.string(),
  waveId: z.string(),
  /** 1 for the first release of the wave, then 2, 3… */
  number: z.number().int(),
  publishedAt: z.string(),
  note: z.string(),
  /** Submitted responses the release was computed from. */
  responses: z.number().int(),
  minCellSize: z.number().int(),
  pPercent: z.number().int(),
})
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>

export const IndicatorResultsSchema = z.object({
  waveId: z.string(),
  by: z.literal('family'),
  /**
   * Where the cells come from: a release (what researchers, tokens, members and every export
   * read), or the live computation — staff only, provisional, with the reasons of hidden cells.
   */
  source: z.enum(['release', 'live']),
  release: ReleaseSummarySchema.nullable(),
  dimension: DimensionKeySchema.nullable(),
  dimensionValues: z.array(DimensionValueSchema),
  minCellSize: z.number().int(),
  pPercent: z.number().int(),
  indicators: z.array(IndicatorMetaSchema),
  cells: z.array(IndicatorCellSchema),
})
export type IndicatorResults = z.infer<typeof IndicatorResultsSchema>

/** An indicator found in several waves under the same id, aggregation and question names. */
export const ComparedIndicatorSchema = IndicatorMetaSchema.extend({
  /** The waves it is in, in the order asked. */
  waveIds: z.array(z.string()),
})
export type ComparedIndicator = z.infer<typeof ComparedIndicatorSchema>

export const ComparedWaveSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  minCellSize: z.number().int(),
  /** The release whose cells are compared (each wave's latest). */
  release: ReleaseSummarySchema,
})

/**
 * `GET /api/indicators/comparison?waves=…`: the indicators present in at least two of the waves,
 * and their cells by family in each wave's latest release — each wave's cells exactly as that
 * release publishes them (its own minimum cell size and suppression).
 */
export const IndicatorComparisonSchema = z.object({
  waves: z.array(ComparedWaveSchema),
  indicators: z.array(ComparedIndicatorSchema),
  cells: z.array(IndicatorCellSchema.extend({ waveId: z.string() })),
})
export type IndicatorComparison = z.infer<typeof IndicatorComparisonSchema>

/**
 * One line of an organisation's own report: its own value for a median, median of ratios or share
 * (`own`; for a share 1 or 0), beside the figures of one of its families — or of the whole network
 * (`family: "_all"`). The family's figures are null when its cell is suppressed.
 */
export const ReportItemSchema = z.object({
  indicator: IndicatorMetaSchema,
  family: z.string(),
  own: z.number().nullable(),
  n: z.number().int().nullable(),
  value: z.number().nullable(),
  q1: z.number().nullable(),
  q3: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  suppressed: z.boolean(),
  reason: SuppressionReasonSchema.nullable(),
})
export type ReportItem = z.infer<typeof ReportItemSchema>

/** `GET /api/r/{token}/report`: the organisation's own report, from the wave's latest release, once staff publish it to members. */
export const MemberReportSchema = z.object({
  wave: z.object({ slug: z.string(), title: z.string() }),
  release: z.object({ number: z.number().int(), publishedAt: z.string() }),
  organisation: z.object({ name: z.string() }),
  submitted: z.boolean(),
  families: z.array(z.object({ key: z.string(), labelFr: z.string(), labelEn: z.string() })),
  minCellSize: z.number().int(),
  items: z.array(ReportItemSchema),
})
export type MemberReport = z.infer<typeof MemberReportSchema>
