/** Longest answer accepted, as JSON text: far above any honest answer, far below the body limit. */
export const maxAnswerLength = 100_000

/**
 * Why a value cannot be stored as-is, or null. PostgreSQL's jsonb refuses `\u0000`, and a
 * lone UTF-16 surrogate is not text: both are rejected with a 400 naming the question
 * rather than surfacing as a 500. Emoji and right-to-left text are ordinary text.
 */
export function unstorableText(value: unknown): string | null {
  if (JSON.stringify(value).length > maxAnswerLength) return `answer longer than ${maxAnswerLength} characters`
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'answer contains a NUL character (\\u0000)'
      if (!item.isWellFormed()) return 'answer contains an unpaired UTF-16 surrogate'
    } else if (Array.isArray(item)) {
      stack.push(...item)
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) stack.push(key, inner)
    }
  }
  return null
}
