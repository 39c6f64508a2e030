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
 * The text of `key` in the current language, with `{name}` placeholders replaced from `params`.
 * A number given as a parameter is written in the language's format (`formatDecimal`: "1 234",
 * "2,5"): pass a string for a figure that is not a quantity, such as a year or a code.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const lang = getLang()
  // A key no page loaded shows as itself: visible in review, never a crash.
  const text = dictionaries[lang][key] ?? dictionaries.fr[key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? formatDecimal(value, lang) : value
  })
}
