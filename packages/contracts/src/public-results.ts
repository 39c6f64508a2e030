import { z } from 'zod'
import { CsvDialectSchema } from './fields'
import { DimensionValueSchema, IndicatorCellSchema, IndicatorMetaSchema } from './indicators'

/**
 * The public observatory: a wave's page at `/resultats/<slug>`, readable without a login once staff
 * publish it. It shows one release, chosen by staff, through the same disclosure gate as every
 * other reader (`publicCells`): nothing unreleased, no hidden figure, no microdata.
 */

/** The open licences staff can put the public files under. */
export const PUBLIC_LICENCES = ['etalab-2.0', 'cc-by-4.0'] as const
export const PublicLicenceSchema = z.enum(PUBLIC_LICENCES)
export type PublicLicence = z.infer<typeof PublicLicenceSchema>

/** `PUT /api/waves/{id}/public-page`: publish (or move) the public page onto a release. */
export const PublishPublicPageBodySchema = z.strictObject({
  /** The release shown; the wave's latest release when absent. */
  releaseId: z.string().uuid().optional(),
  licence: PublicLicenceSchema,
})
export type PublishPublicPageBody = z.infer<typeof PublishPublicPageBodySchema>

/** `GET|PUT /api/waves/{id}/public-page` (staff): whether the wave has a public page, and which release it shows. */
export const PublicPageStateSchema = z.object({
  published: z.boolean(),
  /** `/resultats/<slug>`, relative to the server. */
  path: z.string(),
  releaseId: z.string().nullable(),
  releaseNumber: z.number().int().nullable(),
  licence: PublicLicenceSchema.nullable(),
  publishedAt: z.string().nullable(),
  /** A newer release exists than the one shown. */
  newerRelease: z.boolean(),
})
export type PublicPageState = z.infer<typeof PublicPageStateSchema>

/** How many organisations were invited and answered, for one family or all (`_all`). */
export const PublicResponseCountSchema = z.object({
  family: z.string(),
  invited: z.number().int(),
  /**
   * Submitted responses in the release; null when fewer than the wave's minimum cell size (the
   * page says "moins de N"), so that a count never singles out the organisations of a small family.
   */
  submitted: z.number().int().nullable(),
  /** submitted / invited, null with `submitted`. */
  rate: z.number().nullable(),
})
export type PublicResponseCount = z.infer<typeof PublicResponseCountSchema>

/** A conversion factor an indicator uses, with its source (the methodology lists them). */
export const PublicFactorSchema = z.object({
  indicator: z.string(),
  question: z.string().nullable(),
  value: z.number(),
  unit: z.string(),
  source: z.string(),
  version: z.string().nullable(),
})
export type PublicFactor = z.infer<typeof PublicFactorSchema>

/** `GET /api/public/{slug}`: everything the public page shows, no login. 404 `PUBLIC_PAGE_NOT_FOUND` when not published. */
export const PublicResultsSchema = z.object({
  wave: z.object({ slug: z.string(), title: z.string(), opensAt: z.string().nullable(), closesAt: z.string().nullable() }),
  release: z.object({ number: z.number().int(), publishedAt: z.string(), responses: z.number().int() }),
  licence: PublicLicenceSchema,
  families: z.array(z.object({ key: z.string(), labelFr: z.string(), labelEn: z.string() })),
  indicators: z.array(IndicatorMetaSchema),
  /** By family (dimensionValue null): the release's cells through the public gate (a hidden cell is a bare mark). */
  cells: z.array(IndicatorCellSchema),
  /** By family and region, for the map: the release's region table through the same gate; empty when it has none. */
  regions: z.object({ values: z.array(DimensionValueSchema), cells: z.array(IndicatorCellSchema) }),
  methodology: z.object({
    responseCounts: z.array(PublicResponseCountSchema),
    minCellSize: z.number().int(),
    pPercent: z.number().int(),
    /** The confidence level of every interval, 0.95. */
    confidence: z.number(),
    factors: z.array(PublicFactorSchema),
  }),
})
export type PublicResults = z.infer<typeof PublicResultsSchema>

/** `/api/public/{slug}…`: the wave's slug (an unknown one answers as a wave without a public page). */
export const PublicSlugParamsSchema = z.object({ slug: z.string().max(100) })

/** `?dialect=` of the public files (`indicators.csv`, `datapackage.zip`): rfc4180 by default, or excel-fr. */
export const PublicFileQuerySchema = z.strictObject({ dialect: CsvDialectSchema.default('rfc4180') })
