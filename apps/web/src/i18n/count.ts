import { getLang, t, type MessageKey } from './index'

/**
 * `t()` for a sentence that depends on a number: `one` for 0 and 1 in French ("1 réponse",
 * "0 réponse"), for 1 only in English, `other` otherwise (Intl.PluralRules of the interface language).
 */
export function tCount(keys: { one: MessageKey; other: MessageKey }, count: number, params: Record<string, string | number> = {}): string {
  const form = new Intl.PluralRules(getLang()).select(count)
  return t(form === 'one' ? keys.one : keys.other, { ...params, count })
}
