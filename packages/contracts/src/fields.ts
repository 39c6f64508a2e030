import { z } from 'zod'
import {
  API_TOKEN_DAYS,
  CSV_DIALECTS,
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  MIN_CELL_SIZE_RANGE,
  P_PERCENT_RANGE,
  PASSWORD_LENGTH,
  RELEASE_PARAMETER_PATTERN,
  SLUG_PATTERN,
} from './rules'

// The shared rules of rules.ts as the fields of HTTP bodies and queries.

/** An e-mail address typed by someone: trimmed, lower-cased, then checked (`EMAIL_PATTERN`). */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_LENGTH)
  .pipe(z.email({ pattern: EMAIL_PATTERN }))

/** A new password (`PASSWORD_LENGTH`). */
export const PasswordSchema = z.string().min(PASSWORD_LENGTH.min).max(PASSWORD_LENGTH.max)

export const SlugSchema = z.string().regex(SLUG_PATTERN, 'lowercase letters, digits and dashes (2–63)')

export const MinCellSizeSchema = z.number().int().min(MIN_CELL_SIZE_RANGE.min).max(MIN_CELL_SIZE_RANGE.max)

export const PPercentSchema = z.number().int().min(P_PERCENT_RANGE.min).max(P_PERCENT_RANGE.max)

/** `?dialect=` of a CSV download. */
export const CsvDialectSchema = z.enum(CSV_DIALECTS)

/** `?release=` (`RELEASE_PARAMETER_PATTERN`): `latest` unless said otherwise. */
export const ReleaseParameterSchema = z.string().max(100).regex(RELEASE_PARAMETER_PATTERN, 'latest, live or a release id').default('latest')

/** `?dimension=`: any short text here; an unknown one is a 400 UNKNOWN_DIMENSION that lists the known ones. */
export const DimensionParameterSchema = z.string().max(100).optional()

/** Days an API token lasts (`API_TOKEN_DAYS`). */
export const ApiTokenDaysSchema = z.number().int().min(API_TOKEN_DAYS.min).max(API_TOKEN_DAYS.max)

/** PostgreSQL text cannot hold U+0000: such a text is refused at the edge (400), never a 500 from the database. */
export const noNulCharacter = (text: string) => !text.includes('\u0000')

/** The body of a 204 answer. */
export const NoContentSchema = z.null()
