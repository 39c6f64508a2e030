import { z } from 'zod'
import { AUDIT_KINDS } from './audit'
import { CsvDialectSchema, DimensionParameterSchema, ReleaseParameterSchema } from './fields'
import { THEME_KEYS, THEME_OTHER } from './rules'

// The query strings of the API: every parameter named, unknown ones refused (strict objects).

/** A comma-separated list of at most 300 items, each checked by `item`; absent: no filter. */
function commaList<T extends z.ZodType<string, string>>(item: T) {
  return z
    .string()
    .max(10_000)
    .transform((text) => text.split(',').map((part) => part.trim()))
    .pipe(z.array(item).min(1).max(300))
    .optional()
}

/** `?theme=`: a theme key, or `autres` (`THEME_OTHER`) for the indicators without one. */
export const IndicatorThemeFilterSchema = z.enum([...THEME_KEYS, THEME_OTHER])
export type IndicatorThemeFilter = z.infer<typeof IndicatorThemeFilterSchema>

/** `GET /api/waves/{id}/indicators` */
export const IndicatorsQuerySchema = z.strictObject({
  by: z.literal('family').default('family'),
  dimension: DimensionParameterSchema,
  release: ReleaseParameterSchema,
  /** Only the indicators (and cells) of these families, comma-separated: keys of the wave, else 400 INVALID_QUERY naming `family`. */
  family: commaList(z.string().min(1).max(100)),
  /** Only the indicators of these themes (`THEME_KEYS`, or `autres` for those without one), comma-separated. */
  theme: commaList(IndicatorThemeFilterSchema),
  /** Only these indicators, by id, comma-separated: ids of the release, else 400 INVALID_QUERY naming `indicator`. */
  indicator: commaList(z.string().min(1).max(100)),
  /** `none`: the descriptions alone, no cell (a search, the choice of key figures); `all` by default. */
  cells: z.enum(['all', 'none']).default('all'),
})

/** `GET /api/waves/{id}/exports/indicators.csv` */
export const IndicatorsCsvQuerySchema = z.strictObject({
  dialect: CsvDialectSchema.default('rfc4180'),
  dimension: DimensionParameterSchema,
  release: ReleaseParameterSchema,
})

/** `GET /api/indicators/comparison?waves=<id>,<id>…`: two to ten waves, separated by commas. */
export const ComparisonQuerySchema = z.strictObject({
  waves: z
    .string()
    .max(1000)
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(100)).min(2, 'name at least two waves, separated by commas').max(10)),
})

/** `responses.csv` and `codebook.csv` of a wave. */
export const ReleaseFileQuerySchema = z.strictObject({ dialect: CsvDialectSchema.default('rfc4180'), release: ReleaseParameterSchema })

/** `datapackage.zip` of a wave. */
export const DataPackageQuerySchema = z.strictObject({ release: ReleaseParameterSchema })

/** A CSV file of the registry (`organisations.csv`, `invitations.csv`). */
export const RegistryCsvQuerySchema = z.strictObject({ dialect: CsvDialectSchema.default('rfc4180') })

/** An organisation's own answers as CSV: for French spreadsheets unless asked otherwise. */
export const OwnAnswersCsvQuerySchema = z.strictObject({ dialect: CsvDialectSchema.default('excel-fr') })

/** `POST /api/waves/{id}/organisations/import?dryRun=true`: check and preview without writing. */
export const ImportQuerySchema = z.strictObject({ dryRun: z.enum(['true', 'false']).default('false') })

/** `GET /api/audit` */
export const AuditQuerySchema = z.strictObject({
  waveId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  /** One kind of event (`accounts`, `members`…): the actions of `AUDIT_ACTIONS` of that kind. */
  kind: z.enum(AUDIT_KINDS).optional(),
  actorId: z.string().max(100).optional(),
  // An audit event id: a bigint, so at most 2^63 - 1, which the database could not compare beyond.
  before: z
    .string()
    .refine((id) => /^\d{1,19}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n, 'an audit event id: digits, at most 2^63 - 1')
    .optional(),
  /** Days, inclusive, in UTC: `from=2025-03-01&to=2025-03-31`. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type AuditQuery = z.input<typeof AuditQuerySchema>
