import { jsonDepth, MAX_TEXT_LENGTH } from '@sonde/survey'

/**
 * Longest answer accepted, as JSON text: a composite answer (a table, a dynamic panel) may hold
 * several texts, each at most `MAX_TEXT_LENGTH` characters; far below the body limit.
 */
export const maxAnswerLength = 100_000

/** Deepest answer accepted: a dynamic panel holding a table of choice lists is 5 levels. */
export const maxAnswerDepth = 16

const fr = new Intl.NumberFormat('fr-FR')

/**
 * Why a value cannot be stored as-is, in French, or null: nested deeper than `maxAnswerDepth`
 * (measured without recursion, before anything serialises it), longer than `maxAnswerLength`
 * as JSON, or holding `\u0000` (PostgreSQL's jsonb refuses it) or a lone UTF-16 surrogate (not
 * text) — each a 400 naming the question rather than a 500. Texts of a text question are capped
 * at `MAX_TEXT_LENGTH` by `checkAnswer`. Emoji and right-to-left text are ordinary text.
 */
export function unstorableText(value: unknown): string | null {
  const { depth } = jsonDepth(value, maxAnswerDepth)
  if (depth > maxAnswerDepth) return `réponse imbriquée sur ${fr.format(depth)} niveaux, au-delà de ${maxAnswerDepth}`
  const length = JSON.stringify(value)?.length ?? 0
  if (length > maxAnswerLength) {
    return `réponse de ${fr.format(length)} caractères en JSON, au-delà de ${fr.format(maxAnswerLength)} (et ${fr.format(MAX_TEXT_LENGTH)} pour un texte)`
  }
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return 'la réponse contient un caractère NUL (\\u0000), qui ne peut pas être enregistré'
      if (!item.isWellFormed()) return 'la réponse contient un demi-caractère UTF-16 isolé (surrogate), qui n’est pas du texte'
    } else if (Array.isArray(item)) {
      stack.push(...item)
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) stack.push(key, inner)
    }
  }
  return null
}
