import { frenchParisDateTime } from '@sonde/contracts/rules'
import { getLang, LOCALES, type Lang } from './lang'

/**
 * Every number and date a person reads on Sonde's pages goes through this module: French format
 * by default ("24,6 kg CO2e", "1 569 521", "12,5 %", "1 234 €"), English format when the
 * interface is English, rounded for display (never "10212.400000000003", never "24.6" in
 * French). Machine files are not written here: they keep their own plain format
 * (packages/analysis, `formatCsvNumber`). Each function takes the language last, the
 * interface's by default, so that tests can ask for either.
 */

/** What a person reads where a number is missing (null, not a number, infinite): a dash, never "NaN" nor 0. */
export const NO_VALUE = '—'

// French typography: a no-break space between a number and its unit, which must never end a
// line alone.
const UNIT_SPACE = '\u00A0'

const numberFormats = new Map<string, Intl.NumberFormat>()

// Building an Intl.NumberFormat is costly and a results page formats thousands of figures.
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang} ${JSON.stringify(options)}`
  let format = numberFormats.get(key)
  if (!format) {
    // A value that rounds to zero reads "0", never "-0".
    format = new Intl.NumberFormat(LOCALES[lang], { signDisplay: 'negative', ...options })
    numberFormats.set(key, format)
  }
  return format
}

const isNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value)

/**
 * The precision a person reads: whole units from 100 up ("10 212"), three significant digits
 * below ("24,6", "2,35", "0,0123") — what a survey of a few hundred organisations can claim, and
 * enough to tell two small values apart.
 */
function displayPrecision(value: number): Intl.NumberFormatOptions {
  return Math.abs(value) >= 100 ? { maximumFractionDigits: 0 } : { maximumSignificantDigits: 3 }
}

/** A whole number with the language's grouping: "1 569 521" (narrow no-break spaces), "1,569,521". */
export function formatCount(value: number | null | undefined, lang: Lang = getLang()): string {
  if (!isNumber(value)) return NO_VALUE
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(value)
}

/** A measured quantity without unit, rounded for display (`displayPrecision`): "10 212", "24,6". */
export function formatDecimal(value: number | null | undefined, lang: Lang = getLang()): string {
  if (!isNumber(value)) return NO_VALUE
  return numberFormat(lang, displayPrecision(value)).format(value)
}

/**
 * A proportion (0–1) as a percentage with at most one decimal: "12,5 %", "12.5%". A share that
 * is neither 0 nor 1 never reads "0 %" or "100 %": it reads "< 0,1 %" or "> 99,9 %".
 */
export function formatPercent(proportion: number | null | undefined, lang: Lang = getLang()): string {
  if (!isNumber(proportion)) return NO_VALUE
  const format = numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 })
  if (proportion > 0 && proportion < 0.0005) return `<${UNIT_SPACE}${format.format(0.001)}`
  if (proportion < 1 && proportion >= 0.9995) return `>${UNIT_SPACE}${format.format(0.999)}`
  return format.format(proportion)
}

/** An amount in euros: whole euros ("1 234 €", "€1,234"), cents only under 100 € when there are some ("12,50 €"). */
export function formatEuros(value: number | null | undefined, lang: Lang = getLang()): string {
  if (!isNumber(value)) return NO_VALUE
  const cents = Math.abs(value) < 100 && Math.round(value * 100) % 100 !== 0 ? 2 : 0
  return numberFormat(lang, { style: 'currency', currency: 'EUR', minimumFractionDigits: cents, maximumFractionDigits: cents }).format(value)
}

/** A number already on a 0–100 scale with the sign, spaced as the language's percentages: "85 %", "85%". */
function formatPercentPoints(value: number, lang: Lang): string {
  return numberFormat(lang, { style: 'percent', ...displayPrecision(value) }).format(value / 100)
}

/**
 * A figure in its unit, as the indicators give it: `proportion` (0–1) as a percentage, `EUR` in
 * euros, `%` (already 0–100) with the sign, any other unit after the number and a no-break space
 * ("24,6 kg CO2e"), a number alone when there is no unit.
 */
export function formatMeasure(value: number | null | undefined, unit: string, lang: Lang = getLang()): string {
  if (!isNumber(value)) return NO_VALUE
  if (unit === 'proportion') return formatPercent(value, lang)
  if (unit === 'EUR') return formatEuros(value, lang)
  if (unit === '%') return formatPercentPoints(value, lang)
  return unit ? `${formatDecimal(value, lang)}${UNIT_SPACE}${unit}` : formatDecimal(value, lang)
}

/**
 * A label of a chart's value axis, short because the unit is written beside the chart:
 * percentages for proportions, compact from 10 000 up ("12 k", "1,5 M"; "12k", "1.5m" in British English),
 * `formatDecimal` below. Empty for a non-number, so that a bad tick shows nothing.
 */
export function formatAxisTick(value: number, unit: string, lang: Lang = getLang()): string {
  if (!isNumber(value)) return ''
  if (unit === 'proportion') return numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value)
  if (unit === '%') return formatPercentPoints(value, lang)
  if (Math.abs(value) >= 10_000) return numberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(value)
  return formatDecimal(value, lang)
}

/**
 * A number with explicit Intl options, for the rare figure the functions above do not describe;
 * NO_VALUE when it is missing. Prefer `formatCount`, `formatDecimal`, `formatPercent`,
 * `formatEuros` and `formatMeasure`.
 */
export function formatNumber(value: number | null | undefined, options: Intl.NumberFormatOptions = {}, lang: Lang = getLang()): string {
  if (!isNumber(value)) return NO_VALUE
  return numberFormat(lang, options).format(value)
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

function dateFormat(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang} ${JSON.stringify(options)}`
  let format = dateFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], options)
    dateFormats.set(key, format)
  }
  return format
}

const isDate = (date: Date): boolean => !Number.isNaN(date.getTime())

/** A calendar day from an ISO date or timestamp ("12 mars 2026", "12 Mar 2026"); "" when there is none, the text itself when it is not a date. */
export function formatDate(iso: string | null | undefined, lang: Lang = getLang()): string {
  if (!iso) return ''
  // A bare YYYY-MM-DD is a day, not midnight UTC: read it as such wherever the browser is.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso)
  return isDate(date) ? dateFormat(lang, { dateStyle: 'medium' }).format(date) : iso
}

/** A moment, in the browser's time zone: "12 mars 2026 à 14:32", "12 March 2026 at 14:32". */
export function formatDateTime(date: Date, lang: Lang = getLang()): string {
  return isDate(date) ? dateFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(date) : NO_VALUE
}

/** The time of a moment, in the browser's time zone: "14:32". */
export function formatTime(date: Date, lang: Lang = getLang()): string {
  return isDate(date) ? dateFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(date) : NO_VALUE
}

/** A day of a chart's time axis from a UTC day YYYY-MM-DD: "12 mars", "12 Mar". */
export function formatShortDay(day: string, lang: Lang = getLang()): string {
  const date = new Date(`${day}T00:00:00Z`)
  return isDate(date) ? dateFormat(lang, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date) : day
}

/**
 * A wave's planned moment (its deadline, its opening), always in Paris time whatever the
 * browser's zone — the time the network works in and the e-mails give: "15 mars 2026 à 23 h 59"
 * (hours written the French way, "1er" for the first of the month), "15 March 2026 at 23:59".
 */
export function formatParisDateTime(iso: string | null | undefined, lang: Lang = getLang()): string {
  const date = iso ? new Date(iso) : null
  if (!date || !isDate(date)) return NO_VALUE
  if (lang === 'en') return dateFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date)
  return frenchParisDateTime(date)
}
