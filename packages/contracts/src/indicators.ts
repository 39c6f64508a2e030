import { z } from 'zod'

export const AggregationSchema = z.enum([
  'sum',
  'median',
  'share',
  'pooled_ratio',
  'median_ratio',
  'distribution',
  'derived_sum',
])
export type Aggregation = z.infer<typeof AggregationSchema>

export const SuppressionReasonSchema = z.enum(['min_count', 'dominance', 'secondary', 'median_min_count'])
export type SuppressionReason = z.infer<typeof SuppressionReasonSchema>

/**
 * One published cell: an indicator for one family (and, for a distribution, one category).
 * A suppressed cell has `value`, `ciLow`, `ciHigh` (and quartiles) null, never 0.
 */
export const IndicatorCellSchema = z.object({
  indicator: z.string(),
  family: z.string(),
  category: z.string().nullable(),
  n: z.number().int(),
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
})
export type IndicatorMeta = z.infer<typeof IndicatorMetaSchema>

export const IndicatorResultsSchema = z.object({
  waveId: z.string(),
  by: z.literal('family'),
  minCellSize: z.number().int(),
  indicators: z.array(IndicatorMetaSchema),
  cells: z.array(IndicatorCellSchema),
})
export type IndicatorResults = z.infer<typeof IndicatorResultsSchema>
