/** The interface languages: French first, English second. */
export type Lang = 'fr' | 'en'

/**
 * The locale Intl formats each language with. English is British English: day before month and
 * 24-hour times, as the French readers of an English page expect.
 */
export const LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' }

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
