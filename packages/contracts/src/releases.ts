import { z } from 'zod'
import { DimensionKeySchema, ReleaseSummarySchema } from './indicators'

export const ReleaseListSchema = z.object({ releases: z.array(ReleaseSummarySchema) })
export type ReleaseList = z.infer<typeof ReleaseListSchema>

/** `POST /api/waves/{id}/releases`: publish the wave's results as they are now. */
export const CreateReleaseBodySchema = z.strictObject({
  note: z.string().trim().max(2000).optional(),
  /**
   * Publish even though some cells moved by fewer organisations than the minimum since an earlier
   * release: those cells are hidden in the new release (and what protects them with them).
   */
  hideDifferences: z.boolean().optional(),
  /** Also show each member organisation its own report from this release (the wave's `resultsPublished`). */
  showMembers: z.boolean().optional(),
})
export type CreateReleaseBody = z.infer<typeof CreateReleaseBodySchema>

/**
 * A cell that would isolate fewer organisations than the minimum when read beside an earlier
 * release: `details.differences` of 409 RELEASE_REFUSED.
 */
export const ReleaseDifferenceSchema = z.object({
  indicator: z.string(),
  family: z.string(),
  dimension: DimensionKeySchema.nullable(),
  dimensionValue: z.string().nullable(),
  category: z.string().nullable(),
  /** The earlier release the cell was published in, and its n there. */
  releaseNumber: z.number().int(),
  nBefore: z.number().int(),
  /** The cell's n now, and how many of its organisations are new or changed their answers since. */
  nAfter: z.number().int(),
  changed: z.number().int(),
})
export type ReleaseDifference = z.infer<typeof ReleaseDifferenceSchema>

export const ReleaseRefusedDetailsSchema = z.object({
  /** How many cells would isolate organisations; `differences` lists the first 200 of them. */
  total: z.number().int(),
  differences: z.array(ReleaseDifferenceSchema),
})
export type ReleaseRefusedDetails = z.infer<typeof ReleaseRefusedDetailsSchema>
