/** What the API stores for "no answer": a cleared or empty SurveyJS value is sent as `null`. */
export function normaliseAnswer(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null
  if (Array.isArray(value) && value.length === 0) return null
  if (isPlainObject(value) && Object.keys(value).length === 0) return null
  return value
}

/** Structural equality of two JSON answers (key order does not matter; null equals undefined). */
export function sameAnswer(a: unknown, b: unknown): boolean {
  return deepEqual(normaliseAnswer(a), normaliseAnswer(b))
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]))
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]))
  }
  return false
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
