/**
 * A respondent's confirmation of an unusual value. A plausibility rule of the questionnaire (a
 * SurveyJS validator with `notificationType: "warning"`) never blocks; the person may confirm
 * the value instead, and that confirmation is stored as an answer under `<question>__confirme`,
 * holding the value confirmed. Stored beside the answers, it goes through the same autosave
 * (offline-safe, merged, conflicts detected) and reaches a colleague's device; holding the value
 * rather than `true`, it confirms that value only: once the answer changes, it confirms nothing.
 * It is not a question: the server accepts it only for questions that declare a warning, and
 * the exports, built from the question list, never see it.
 *
 * This module has no dependency, so that the browser can share it.
 */
export const CONFIRMATION_SUFFIX = '__confirme'

/** The answer key holding the confirmation of question `name`. */
export function confirmationKey(name: string): string {
  return `${name}${CONFIRMATION_SUFFIX}`
}

/** The question a confirmation key confirms, or null when `key` is not a confirmation key. */
export function confirmedQuestion(key: string): string | null {
  return key.endsWith(CONFIRMATION_SUFFIX) && key.length > CONFIRMATION_SUFFIX.length ? key.slice(0, -CONFIRMATION_SUFFIX.length) : null
}

/**
 * Whether `confirmation` confirms `value`: the same JSON value (object keys in any order), and
 * not empty — an empty answer has nothing to confirm.
 */
export function confirms(confirmation: unknown, value: unknown): boolean {
  if (confirmation === null || confirmation === undefined || value === null || value === undefined) return false
  return canonical(confirmation) === canonical(value)
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
