import { sanitizeHtml } from './sanitize-html'

/** A place in the questionnaire where markup was taken out, and what. */
export interface HtmlChange {
  path: string
  removed: string[]
}

// Properties holding names, stored values, expressions or URLs: never shown as HTML, never
// rewritten (a comparison `{a} < 3` is not markup); `findUnsafeHtml` checks them instead. A bare
// string in `choices`, `rows` or `columns` is a stored value (shown as its own text).
const CODE_KEY = /^(?:name|value|type|expression|locale|mode|choices|rows|columns)$|(?:Name|Value|If|Expression|Url)$/

// Keys of a localised text: `{ "default": "…", "fr": "…", "en": "…" }`.
const LOCALE_KEY = /^(?:default|[a-z]{2}(?:-[a-z]{2,4})?)$/i

/** Whether a string under this property is code (a name, a value, an expression) rather than text shown to people. */
export function isCodeKey(key: string): boolean {
  return CODE_KEY.test(key)
}

/**
 * The property the strings of `object` belong to when `object` is a localised text
 * (`title: { default, en }` → `title`), or `null` when each of its keys is its own property.
 */
export function localisedTextKey(parentKey: string, object: Record<string, unknown>): string | null {
  if (parentKey === '') return null
  return Object.entries(object).every(([k, v]) => LOCALE_KEY.test(k) && typeof v === 'string') ? parentKey : null
}

/**
 * The questionnaire with every text that may be shown as HTML (titles, descriptions, HTML
 * elements, `completedHtml`, choice texts, error texts…, in every locale) rebuilt from the
 * allow-list (`sanitizeHtml`; a text without markup stays as written); names, values and expressions are left as they are. Returns a new
 * object (the input is not changed) and the places where something was removed.
 */
export function sanitizeQuestionnaire<T>(definition: T): { definition: T; changes: HtmlChange[] } {
  const changes: HtmlChange[] = []
  const clean = (value: unknown, path: string, key: string): unknown => {
    if (typeof value === 'string') {
      if (isCodeKey(key) || !value.includes('<')) return value
      const { html, removed, markup } = sanitizeHtml(value)
      if (removed.length > 0) changes.push({ path, removed })
      // Text without any markup (« si x < 3 ») stays as written rather than escaped.
      return markup ? html : value
    }
    if (Array.isArray(value)) return value.map((item, index) => clean(item, `${path}[${index}]`, key))
    if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>
      const copy: Record<string, unknown> = {}
      const textKey = localisedTextKey(key, object)
      for (const [k, item] of Object.entries(object)) copy[k] = clean(item, path === '' ? k : `${path}.${k}`, textKey ?? k)
      return copy
    }
    return value
  }
  return { definition: clean(definition, '', '') as T, changes }
}
