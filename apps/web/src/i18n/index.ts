import { en } from './en'
import { fr, type PublicMessageKey } from './fr'
import type { StaffMessageKey } from './fr-staff'

/** Every key of the interface. The staff pages' keys are loaded by those pages only (`staff.ts`). */
export type MessageKey = PublicMessageKey | StaffMessageKey
export type Lang = 'fr' | 'en'

type Dictionary = Partial<Record<MessageKey, string>>

const dictionaries: Record<Lang, Dictionary> = { fr: { ...fr }, en: { ...en } }

/** Adds texts to the interface: the staff pages add theirs at start-up (`staff.ts`). */
export function addMessages(more: Record<Lang, Dictionary>): void {
  Object.assign(dictionaries.fr, more.fr)
  Object.assign(dictionaries.en, more.en)
}
const STORAGE_KEY = 'sonde.lang'

function detectLang(): Lang {
  if (typeof window === 'undefined') return 'fr'
  const fromUrl = new URLSearchParams(window.location.search).get('lang')
  if (fromUrl === 'fr' || fromUrl === 'en') return fromUrl
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY)
    if (stored === 'fr' || stored === 'en') return stored
  } catch {
    // Storage can be disabled (private mode, policy): French is the default anyway.
  }
  return 'fr'
}

let current: Lang = detectLang()

/** The interface language: French unless the person chose English (`?lang=en` or the switch). */
export function getLang(): Lang {
  return current
}

/** Remembers the choice and reloads, so that every string and the SurveyJS locale change together. */
export function switchLang(next: Lang): void {
  current = next
  try {
    window.localStorage.setItem(STORAGE_KEY, next)
  } catch {
    // Not remembered: the reload still shows the chosen language through the URL.
  }
  const url = new URL(window.location.href)
  url.searchParams.set('lang', next)
  window.location.assign(url.toString())
}

/** Sets `<html lang>` and the document title for the current language. */
export function applyDocumentLang(titleKey: MessageKey): void {
  document.documentElement.lang = current
  document.title = `${t(titleKey)} — ${t('app.name')}`
}

/** The text of `key` in the current language, with `{name}` placeholders replaced from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  // A key no page loaded shows as itself: visible in review, never a crash.
  const text = dictionaries[current][key] ?? dictionaries.fr[key] ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}

const locales: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' }

export function formatTime(date: Date): string {
  return new Intl.DateTimeFormat(locales[current], { hour: '2-digit', minute: '2-digit' }).format(date)
}

export function formatDateTime(date: Date): string {
  return new Intl.DateTimeFormat(locales[current], { dateStyle: 'long', timeStyle: 'short' }).format(date)
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locales[current], options).format(value)
}
