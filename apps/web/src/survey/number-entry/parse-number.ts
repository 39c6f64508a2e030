/**
 * What a typed number means, whatever the browser's language. Sonde never guesses: a text that
 * reads two ways is refused with both readings, so that the person says which one.
 */
export type NumberReading =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  /** Not a number at all ("abc", "12,5,3", "1e3", "5 %", "12 34"). */
  | { kind: 'unparseable' }
  /** More significant digits than a stored number keeps exactly. */
  | { kind: 'too_precise' }
  /** One "," or "." followed by three digits: "1,607" is 1607 or 1.607. */
  | { kind: 'ambiguous'; asThousands: number; asDecimal: number }

/** Digits a double holds faithfully (IEEE 754 DBL_DIG): more would be stored as something else. */
export const MAX_SIGNIFICANT_DIGITS = 15

// Group separators people type or paste: space, no-break space, narrow no-break space (what
// French formatting writes, Intl included), thin space.
const SPACE = /[ \u00a0\u202f\u2009]/
const ALLOWED = /^[0-9., \u00a0\u202f\u2009]+$/

function count(text: string, char: string): number {
  let n = 0
  for (const c of text) if (c === char) n += 1
  return n
}

/** "1", "1 607", "12 345 678": a first group of 1–3 digits, then groups of exactly 3. */
function validGroups(groups: string[]): boolean {
  return groups.every((group, i) => (i === 0 ? /^\d{1,3}$/ : /^\d{3}$/).test(group))
}

function toNumber(sign: number, integer: string, fraction: string): number {
  const value = sign * Number(`${integer || '0'}.${fraction || '0'}`)
  // "-0" is stored and shown as 0.
  return value === 0 ? 0 : value
}

/**
 * Reads a number as a person types it, in French or English writing:
 * - a decimal comma or point: "21,5", "21.5", ",5";
 * - groups of thousands separated by spaces (also no-break and narrow no-break spaces): "1 607",
 *   "1 607,5"; or by the separator that is not the decimal one when both appear: "1.607,5",
 *   "1,607.5"; or by one separator repeated: "1,607,000" — only when every group after the first
 *   has exactly three digits;
 * - a leading minus, "-" or "−" (U+2212).
 * Refused: anything else ("abc", "1e3", "5 %", "12 34", "12,5,3", "5,"), more than 15 significant
 * digits, and what reads two ways — a single "," or "." followed by exactly three digits after
 * an integer part of one to three digits other than 0 ("1,607", "12.500"), which is a thousands
 * separator in English and a decimal one in French.
 */
export function parseNumber(raw: string): NumberReading {
  const text = raw.trim()
  if (text === '') return { kind: 'empty' }
  let sign = 1
  let body = text
  if (body.startsWith('-') || body.startsWith('\u2212')) {
    sign = -1
    body = body.slice(1)
  }
  if (!ALLOWED.test(body) || SPACE.test(body.charAt(0))) return { kind: 'unparseable' }

  const commas = count(body, ',')
  const points = count(body, '.')
  let decimalMark: ',' | '.' | null = null
  let groupMark: ',' | '.' | null = null
  if (commas > 0 && points > 0) {
    // Both: the last one is the decimal separator, the other one groups the thousands.
    decimalMark = body.lastIndexOf(',') > body.lastIndexOf('.') ? ',' : '.'
    groupMark = decimalMark === ',' ? '.' : ','
    if (count(body, decimalMark) !== 1) return { kind: 'unparseable' }
  } else if (commas + points > 1) {
    // The same separator twice can only group thousands.
    groupMark = commas > 0 ? ',' : '.'
  } else if (commas + points === 1) {
    decimalMark = commas > 0 ? ',' : '.'
  }

  const [integerPart = '', fraction = ''] = decimalMark === null ? [body] : body.split(decimalMark)
  if (decimalMark !== null && !/^\d+$/.test(fraction)) return { kind: 'unparseable' }
  const spaced = SPACE.test(integerPart)
  if (spaced && groupMark !== null) return { kind: 'unparseable' }
  let integer: string
  if (spaced || groupMark !== null) {
    const groups = integerPart.split(groupMark ?? SPACE)
    if (!validGroups(groups)) return { kind: 'unparseable' }
    integer = groups.join('')
  } else {
    if (!/^\d*$/.test(integerPart)) return { kind: 'unparseable' }
    integer = integerPart
  }
  if (integer === '' && fraction === '') return { kind: 'unparseable' }

  const significant = (integer + fraction.replace(/0+$/, '')).replace(/^0+/, '')
  if (significant.length > MAX_SIGNIFICANT_DIGITS) return { kind: 'too_precise' }

  if (decimalMark !== null && groupMark === null && !spaced && fraction.length === 3 && /^[1-9]\d{0,2}$/.test(integer)) {
    return { kind: 'ambiguous', asThousands: toNumber(sign, integer + fraction, ''), asDecimal: toNumber(sign, integer, fraction) }
  }
  return { kind: 'number', value: toNumber(sign, integer, fraction) }
}
