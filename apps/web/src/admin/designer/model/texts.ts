/** A questionnaire text: French alone (a plain string), or French and its translations. */
export type Localised = string | Record<string, string>

type TextLang = 'fr' | 'en'

/**
 * The text of `value` in one language: SurveyJS keeps the questionnaire's own language (French)
 * under `default` (or `fr`), and a plain string is French.
 */
export function textIn(value: unknown, lang: TextLang): string {
  if (typeof value === 'string') return lang === 'fr' ? value : ''
  if (value === null || typeof value !== 'object') return ''
  const texts = value as Record<string, unknown>
  const found = lang === 'fr' ? (texts.default ?? texts.fr) : texts.en
  return typeof found === 'string' ? found : ''
}

/**
 * `value` with its text in `lang` replaced. French alone stays a plain string, as in the 2025
 * questionnaire; an empty text in every language is no text at all (`undefined`).
 */
export function withText(value: unknown, lang: TextLang, text: string): Localised | undefined {
  const others: Record<string, string> = {}
  if (value !== null && typeof value === 'object') {
    for (const [key, other] of Object.entries(value as Record<string, unknown>)) {
      if (!['default', 'fr', 'en'].includes(key) && typeof other === 'string' && other !== '') others[key] = other
    }
  }
  const fr = lang === 'fr' ? text : textIn(value, 'fr')
  const en = lang === 'en' ? text : textIn(value, 'en')
  if (en === '' && Object.keys(others).length === 0) return fr === '' ? undefined : fr
  const result: Record<string, string> = {}
  if (fr !== '') result.default = fr
  if (en !== '') result.en = en
  return { ...result, ...others }
}

/** A text in both languages at once (for texts Sonde writes itself, such as rule messages). */
export function bilingual(fr: string, en: string): Localised {
  return en === '' ? fr : { default: fr, en }
}
