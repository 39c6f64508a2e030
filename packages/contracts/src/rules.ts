// The rules several places check — the API's bodies, the member file, the command line, the
// web's forms — written once. Plain values and functions, no zod: a page can import them without
// pulling the schema library into its bundle.

/** Passwords of accounts: at least 8 characters (ASVS 6.2.1), at most 128 (argon2 input bound, ASVS 6.2.9). */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const

/** Whether a password has an accepted length (`PASSWORD_LENGTH`). */
export function isPasswordLengthValid(password: string): boolean {
  return password.length >= PASSWORD_LENGTH.min && password.length <= PASSWORD_LENGTH.max
}

/** The longest e-mail address (RFC 5321's path limit, less the angle brackets). */
export const EMAIL_MAX_LENGTH = 254

/**
 * An e-mail address as Sonde accepts it everywhere: zod's `z.email()` pattern (zod 4,
 * `regexes.email`, "a practical subset of RFC 5322" — ASCII local part, a dotted domain with a
 * final label of two letters or more), copied here so that code without zod applies the same rule.
 */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/** Whether `text` (already trimmed) is an e-mail address Sonde accepts (`EMAIL_PATTERN`, `EMAIL_MAX_LENGTH`). */
export function isEmailAddress(text: string): boolean {
  return text.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(text)
}

/** A wave's slug, the last part of its open link `/w/<slug>`: lowercase letters, digits and dashes, 2 to 63. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/

/** A family key: snake_case, 1 to 40 characters. */
export const FAMILY_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/

/**
 * The minimum number of organisations behind a published cell (the k of disclosure control and
 * of k-anonymous microdata): 3 at least (the usual threshold of official statistics), 5 by default.
 */
export const MIN_CELL_SIZE_RANGE = { min: 3, max: 100, default: 5 } as const

/** The p of the p % rule: no published total may let anyone estimate its largest contribution within p %. */
export const P_PERCENT_RANGE = { min: 1, max: 50, default: 15 } as const

/** Lifetime of a personal API token in days: 90 when its creator does not choose, a year at most (ASVS 7.1.3). */
export const API_TOKEN_DAYS = { min: 1, max: 365, default: 90 } as const

/** The extra dimensions a researcher can cross the families with (`?dimension=`). */
export const DIMENSION_KEYS = ['region', 'legal_form', 'size_class'] as const

/** How a CSV file is written: RFC 4180 (`,`, decimal point) or for French spreadsheets (`;`, decimal comma, BOM). */
export const CSV_DIALECTS = ['rfc4180', 'excel-fr'] as const
export type CsvDialect = (typeof CSV_DIALECTS)[number]

/**
 * Which results a reader asks for (`?release=`): `latest` (the default), a release id of the wave,
 * or `live` — the computation now, provisional, for staff only.
 */
export const RELEASE_PARAMETER_PATTERN = /^(latest|live|[0-9a-fA-F-]{36})$/

/** An `Idempotency-Key` header: 1 to 200 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/

/** The longest organisation name, everywhere one is typed or imported. */
export const ORGANISATION_NAME_MAX_LENGTH = 300

/**
 * Whether a SIREN (the French business register's 9-digit number) is valid: 9 digits whose Luhn
 * sum is a multiple of 10 (INSEE's check digit).
 */
export function isValidSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) {
    let digit = Number(siren[i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}
