import { en } from './en'
import { fr, type MessageKey } from './fr'

export type { MessageKey }
export type Lang = 'fr' | 'en'

const dictionaries: Record<Lang, Record<MessageKey, string>> = { fr, en }
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
  const text = dictionaries[current][key] ?? fr[key]
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
