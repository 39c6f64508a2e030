import { formatNumber, getLang, t, type Lang } from '../../i18n'
import { MAX_SIGNIFICANT_DIGITS, parseNumber } from './parse-number'

/**
 * A stored number as the field shows it, in the interface's format: exactly what is stored (up to
 * the 15 significant digits a stored number holds, so float noise never shows), grouped for reading
 * ("1 607,5", "1,607.5") or, while the person edits it, without groups ("1607,5"), so that an
 * English "1,607" is never edited into "1,6078".
 */
export function formatEntry(value: number, grouped = true, lang: Lang = getLang()): string {
  return formatNumber(value, { maximumSignificantDigits: MAX_SIGNIFICANT_DIGITS, useGrouping: grouped }, lang)
}

/** The bounds of a numeric question, as SurveyJS holds them (text, empty when unset). */
export interface NumberBounds {
  min?: string | number | null
  max?: string | number | null
  step?: string | number | null
}

/**
 * Whether a question's numbers are written with groups of thousands: not a whole number bounded
 * within 1000–9999 (a year such as `annee_creation`, min 1800, max 2025), which reads "2012",
 * never "2 012".
 */
export function groupsThousands(bounds: NumberBounds): boolean {
  const set = (value: NumberBounds['min']) => value !== undefined && value !== null && value !== ''
  return !(set(bounds.min) && set(bounds.max) && Number(bounds.min) >= 1000 && Number(bounds.max) <= 9999 && Number(bounds.step) === 1)
}

/** A way to write `value` that Sonde reads back as `value` alone: grouped when that is clear, else without groups, else with one more decimal. */
function unambiguous(value: number, lang: Lang): string {
  for (const text of [formatEntry(value, true, lang), formatEntry(value, false, lang)]) {
    const reading = parseNumber(text)
    if (reading.kind === 'number' && reading.value === value) return text
  }
  // "1,607" for 1.607 reads two ways; "1,6070" does not.
  return `${formatEntry(value, false, lang)}0`
}

/**
 * Why the text typed in a numeric field is not stored, as a person reads it at the field, or null
 * when it is a number (or nothing). An ambiguous text gets both ways of writing what was meant.
 */
export function entryProblem(text: string, lang: Lang = getLang()): string | null {
  const reading = parseNumber(text)
  const typed = text.trim()
  let problem: string
  switch (reading.kind) {
    case 'empty':
    case 'number':
      return null
    case 'unparseable':
      problem = t('respondent.number.unparseable', { text: typed })
      break
    case 'too_precise':
      problem = t('respondent.number.tooPrecise', { text: typed, digits: String(MAX_SIGNIFICANT_DIGITS) })
      break
    case 'ambiguous':
      problem = t('respondent.number.ambiguous', {
        text: typed,
        thousands: unambiguous(reading.asThousands, lang),
        decimal: unambiguous(reading.asDecimal, lang),
      })
      break
  }
  return `${problem} ${t('respondent.number.notStored')}`
}
