// From the rules file itself, not the package's index: this module is in the chunk every page
// shares, and importing the index from it made the chunks import each other ("t is not a function").
import { elideDeBefore, frenchSpacing, isApiErrorCode } from '@sonde/contracts/rules'
import { en } from './en'
import { formatDecimal } from './format'
import { fr, type PublicMessageKey } from './fr'
import type { StaffMessageKey } from './fr-staff'
import { getLang, type Lang } from './lang'

export { getLang, switchLang, type Lang } from './lang'
export { formatDateTime, formatNumber, formatTime } from './format'

/** Every key of the interface. The staff pages' keys are loaded by those pages only (`staff.ts`). */
export type MessageKey = PublicMessageKey | StaffMessageKey

type Dictionary = Partial<Record<MessageKey, string>>

const dictionaries: Record<Lang, Dictionary> = { fr: { ...fr }, en: { ...en } }

/** Adds texts to the interface: the staff pages add theirs at start-up (`staff.ts`). */
export function addMessages(more: Record<Lang, Dictionary>): void {
  Object.assign(dictionaries.fr, more.fr)
  Object.assign(dictionaries.en, more.en)
}

/** Sets `<html lang>` and the document title for the current language. */
export function applyDocumentLang(titleKey: MessageKey): void {
  document.documentElement.lang = getLang()
  document.title = `${t(titleKey)} — ${t('app.name')}`
}

/**
 * A French message as it is shown: its own spaces made non-breaking where French typography wants
 * them (`frenchSpacing`), and "de" elided before a parameter that begins with a vowel ("le
 * questionnaire d’Open Food France", `elideDeBefore`). Only the message's own words are changed,
 * never the values put in it.
 */
export function frenchText(text: string, params?: Record<string, string | number>): string {
  let result = frenchSpacing(text)
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === 'string') result = elideDeBefore(result, `{${name}}`, value)
  }
  return result
}

/**
 * The text of `key` in the current language, with `{name}` placeholders replaced from `params`.
 * A number given as a parameter is written in the language's format (`formatDecimal`: "1 234",
 * "2,5"): pass a string for a figure that is not a quantity, such as a year or a code.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const lang = getLang()
  // A key no page loaded shows as itself: visible in review, never a crash.
  let text = dictionaries[lang][key] ?? dictionaries.fr[key] ?? key
  if (lang === 'fr') text = frenchText(text, params)
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? formatDecimal(value, lang) : value
  })
}

/**
 * What an error code of the API means, in the reader's language: one sentence per code of the
 * API's error table (`error.<CODE>` in fr.ts and en.ts). The API's own `message` is English and
 * written for developers: a page never shows it. A code this page does not know (a newer server)
 * reads as an unexpected error naming the code; `NETWORK` (no answer at all) says so.
 */
export function errorMessage(code: string): string {
  if (code === 'NETWORK') return t('common.error.network')
  return isApiErrorCode(code) ? t(`error.${code}`) : t('common.error.unexpected', { code })
}
