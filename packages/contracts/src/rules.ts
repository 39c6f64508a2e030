// The rules several places check — the API's bodies, the member file, the command line, the
// web's forms — written once. Plain values and functions, no zod: a page can import them without
// pulling the schema library into its bundle.

/** Passwords of accounts: at least 8 characters (ASVS 6.2.1), at most 128 (argon2 input bound, ASVS 6.2.9). */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const

/**
 * How many of its unanswered saves a browser names to the server with its next save
 * (`unacknowledged`); the server remembers as many of a response's last saves (migration
 * 20261203180200_apply_answer_patch).
 */
export const UNACKNOWLEDGED_SAVES_MAX = 20

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
/**
 * The checkbox question whose answer lists the families a response belongs to (its choice codes
 * are the wave's family keys; the registry fills it in): every result per family is counted by it.
 */
export const FAMILIES_QUESTION = 'familles'

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

/**
 * The themes the research portal and the public page group indicators by, across families:
 * economy and jobs, governance, environment, inclusion, commons. An indicator without one is read
 * under « Autres » (`THEME_OTHER`, also the `?theme=` filter for them).
 */
export const THEME_KEYS = ['economie_emploi', 'gouvernance', 'environnement', 'inclusion', 'communs'] as const
export const THEME_OTHER = 'autres'

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

// Words beginning with a mute h, which French elides before ("l’habitat", "d’Humanité"): a short
// list of stems, without accents; a name beginning with another h keeps "de" ("de Hauts-de-France").
const MUTE_H_STEMS = [
  'habit',
  'harmoni',
  'heberg',
  'herb',
  'herit',
  'heur',
  'histoir',
  'hiver',
  'homm',
  'hopit',
  'horizon',
  'hospital',
  'hotel',
  'huil',
  'human',
  'hygien',
]

/**
 * Whether French elides before `text` ("de" → "d’", "le" → "l’"): it begins with a vowel, accented
 * or not (A E I O U, À Â É È Ê Ë Î Ï Ô Œ Ù Û Ü, Æ), with a y before a consonant ("Yvelines", not
 * "Yes"), or with one of a few words known to begin with a mute h (`MUTE_H_STEMS`: "Habitat",
 * "Humanité", "Hôpital"…). Any other h, a digit or a sign keeps "de" (Grevisse, *Le Bon Usage*,
 * §§ 44–50, simplified: an unknown h is taken as aspirated, which never produces a wrong "d’").
 */
export function elidesBefore(text: string): boolean {
  const word = text.trimStart().normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  // An e-mail address or a web address is not a word one pronounces: "le rôle de equipe@…".
  if (/^\S*[@/]/.test(word)) return false
  if (/^[aeiouæœ]/.test(word)) return true
  if (/^y[^aeiouy]/.test(word)) return true
  return MUTE_H_STEMS.some((stem) => word.startsWith(stem))
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Elides the "de" before `placeholder` in a French `template` when `value`, the text that will
 * replace it, calls for it (`elidesBefore`): "le questionnaire de {{organisation}}" with "Open Food
 * France" becomes "le questionnaire d’{{organisation}}". Also across opening guillemets ("de « … »"
 * → "d’« … »", as the Imprimerie nationale's *Lexique* elides before quoted words) and for a
 * capital "De". The placeholder is left for the caller to fill, so that staff-written templates
 * get the same treatment as built-in ones.
 */
export function elideDeBefore(template: string, placeholder: string, value: string): string {
  if (!elidesBefore(value)) return template
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])([Dd])e ((?:«[\\u0020\\u00A0\\u202F])?)(?=${escapeRegExp(placeholder)})`, 'gu')
  return template.replace(pattern, (_whole, before: string, d: string, quote: string) => `${before}${d}’${quote}`)
}

/**
 * French spacing in a text: a no-break space (U+00A0) before ":" and inside « », a narrow no-break
 * space (U+202F) before ";", "!", "?" and "%" and between the thousands of a number ("12 500"), in
 * place of an ordinary space, so that a line never breaks there (Imprimerie nationale, *Lexique
 * des règles typographiques*, "Ponctuation"; the narrow space before ; ! ? is today's usage and
 * what `Intl.NumberFormat('fr-FR')` writes in numbers and before %). Spaces after "://" or in
 * a URL are not touched: a URL has none.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ (?=:)/g, '\u00A0')
    .replace(/ (?=[;!?%])/g, '\u202F')
    .replace(/« /g, '«\u00A0')
    .replace(/ »/g, '\u00A0»')
    .replace(/(?<=\d) (?=\d{3}(?!\d))/g, '\u202F')
}

/**
 * Every error code the API answers (its error table, `apps/api/src/errors.ts`, is typed against
 * this list, so that neither can have a code the other lacks): the clients map each one to a
 * sentence in the reader's language rather than show the API's English `message`.
 */
export const API_ERROR_CODES = [
  'MALFORMED_JSON',
  'MALFORMED_URL',
  'INVALID_BODY',
  'INVALID_QUERY',
  'UNKNOWN_QUESTION',
  'INVALID_ANSWER',
  'INVALID_REVISION',
  'IMPORT_INVALID',
  'UNKNOWN_FAMILY',
  'UNKNOWN_DIMENSION',
  'RESET_TOKEN_INVALID',
  'IDEMPOTENCY_KEY_REQUIRED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'MICRODATA_FORBIDDEN',
  'CROSS_SITE_REQUEST',
  'NOT_FOUND',
  'INVITATION_NOT_FOUND',
  'ORGANISATION_NOT_FOUND',
  'USER_NOT_FOUND',
  'WAVE_NOT_FOUND',
  'RELEASE_NOT_FOUND',
  'PUBLIC_PAGE_NOT_FOUND',
  'QUESTIONNAIRE_VERSION_NOT_FOUND',
  'CLAIM_NOT_FOUND',
  'ANSWER_CONFLICT',
  'EDIT_AFTER_SUBMIT_DISABLED',
  'WAVE_NOT_OPEN',
  'ALREADY_SUBMITTED',
  'REVISION_MISMATCH',
  'IDEMPOTENCY_KEY_REUSED',
  'ORGANISATION_EXISTS',
  'USER_EXISTS',
  'SLUG_TAKEN',
  'QUESTIONNAIRE_FROZEN',
  'QUESTIONNAIRE_CHANGED',
  'RESULTS_NOT_PUBLISHED',
  'RESULTS_NOT_RELEASED',
  'RELEASE_REFUSED',
  'RELEASE_BUSY',
  'INVALID_TRANSITION',
  'NO_ADDRESS_ON_FILE',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'QUESTIONNAIRE_INVALID',
  'INDICATORS_INVALID',
  'VALIDATION_FAILED',
  'BUNDLE_INVALID',
  'SPREADSHEET_INVALID',
  'SCHEDULE_INVALID',
  'TOO_MANY_REQUESTS',
  'INTERNAL_ERROR',
  'SERVER_BUSY',
  'SERVER_BUSY',
  'DATABASE_UNAVAILABLE',
  'STORAGE_FULL',
  'STORAGE_READ_ONLY',
  'SHUTTING_DOWN',
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** Whether `code` is one the API answers (a client may also see codes of its own, or of a newer server). */
export function isApiErrorCode(code: string): code is ApiErrorCode {
  return (API_ERROR_CODES as readonly string[]).includes(code)
}

// Sonde's calendar is in Paris time, whatever the zone of the server or the browser: the network
// works in Paris time, and the e-mails and the respondents' page say "heure de Paris". Paris is
// UTC+1 in winter and UTC+2 in summer, from the last Sunday of March to the last Sunday of
// October at 01:00 UTC (EU Directive 2000/84/EC); the offsets come from the runtime's time-zone
// data (Intl), never from a table of ours. Plain functions without imports: the respondent's page
// can use them without pulling the schema library into its bundle.

const PARIS = 'Europe/Paris'

/** A wall-clock time in Paris: what its clocks and calendars show (month 1–12). */
export interface ParisWallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const wallParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
})

/** The wall-clock time in Paris at `date`. */
export function parisWallClock(date: Date): ParisWallClock {
  const parts = Object.fromEntries(wallParts.formatToParts(date).map((p) => [p.type, Number(p.value)]))
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! }
}

// The Paris wall time at `at` read as if it were UTC: its difference to `at` is Paris's offset then.
function wallAsUtc(at: number): number {
  const w = parisWallClock(new Date(at))
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
}

/**
 * The moment at which Paris's clocks show `wall`. Fields may overflow as in `Date.UTC` (day 0 is
 * the last day of the month before, `day - 7` a week earlier). The offset is Paris's at that
 * moment: guessed with the offset at the wall time read as UTC, then corrected once with the
 * offset found. A time the spring change skips (2:30 on the last Sunday of March) comes out an
 * hour later, at 3:30 summer time; a time the autumn change shows twice (2:30 on the last Sunday
 * of October) is its second occurrence, in winter time.
 */
export function fromParisWallClock(wall: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0)
  let at = asUtc - (wallAsUtc(asUtc) - asUtc)
  at = asUtc - (wallAsUtc(at) - at)
  return new Date(at)
}

const pad = (value: number) => String(value).padStart(2, '0')

/**
 * A stored moment as a native date-time input shows it (a wall time without a zone), in Paris
 * time: "2026-03-15T23:59"; "" for none.
 */
export function isoToParisInput(iso: string | null): string {
  if (!iso) return ''
  const w = parisWallClock(new Date(iso))
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`
}

/**
 * The moment a date-time input's value ("2026-03-15T23:59") means in Paris, as ISO (UTC); null
 * for an empty or unreadable value (`fromParisWallClock`).
 */
export function parisInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!match) return null
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number]
  return fromParisWallClock({ year, month, day, hour, minute }).toISOString()
}

const frenchDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: PARIS })

/**
 * A moment as French writes it, in Paris time: "15 mars 2026 à 23 h 59" — hours the French way
 * with no-break spaces (Lexique des règles typographiques en usage à l’Imprimerie nationale:
 * "23 h 59"), "1er" for the first of the month. The e-mails' `{{date_limite}}` and the pages'
 * French dates both say it so.
 */
export function frenchParisDateTime(date: Date): string {
  const day = frenchDay.format(date).replace(/^1 /, '1er ')
  const wall = parisWallClock(date)
  return `${day} à ${wall.hour}\u00A0h\u00A0${pad(wall.minute)}`
}
