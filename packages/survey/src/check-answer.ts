import type { Choice, QuestionInfo } from './list-questions'

/** Longest free text accepted for one answer, in characters. */
export const MAX_TEXT_LENGTH = 10_000

/**
 * The shape check run on every autosave, before anything is stored: is `value` the kind of value
 * this question holds? `null` and `undefined` always pass (they clear the answer). Numbers must be
 * finite numbers (never numeric strings: nothing is coerced), texts strings of at most
 * `MAX_TEXT_LENGTH` characters, booleans booleans, single choices one of the question's choice
 * values, multiple choices an array of distinct choice values, composite questions (matrices,
 * multiple text, dynamic panels) objects or arrays of objects keyed by their rows and fields.
 * The questionnaire's own rules (required, ranges, expressions) are checked at submit only, by
 * `validateSubmission`. Returns a short French message naming the problem, or `null`.
 */
export function checkAnswer(question: QuestionInfo, value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (question.numeric) return isFiniteNumber(value) ? null : 'Un nombre est attendu.'
  switch (question.type) {
    case 'text':
    case 'comment':
      return checkText(value)
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Une réponse oui ou non (booléen) est attendue.'
    case 'radiogroup':
    case 'dropdown':
    case 'buttongroup':
    case 'rating':
      return checkChoice(question.choices, value)
    case 'imagepicker':
      return question.multiple ? checkChoiceList(question.choices, value) : checkChoice(question.choices, value)
    case 'checkbox':
    case 'tagbox':
    case 'ranking':
      return checkChoiceList(question.choices, value)
    case 'matrix':
      return checkMatrix(question, value)
    case 'matrixdropdown':
      return checkRowsOf(question, value)
    case 'matrixdynamic':
    case 'paneldynamic':
      return checkListOfObjects(question.fields, value)
    case 'multipletext':
      return checkMultipleText(question.fields, value)
    case 'slider':
      return Array.isArray(value) && value.length === 2 && value.every(isFiniteNumber) ? null : 'Deux nombres (minimum et maximum) sont attendus.'
    case 'file':
      return Array.isArray(value) && value.every(isPlainObject) ? null : 'Une liste de fichiers est attendue.'
    case 'signaturepad':
      return typeof value === 'string' ? null : 'Une signature (image encodée en texte) est attendue.'
    default:
      // Custom components: survey-core alone knows their shape; `validateSubmission` still runs their rules.
      return null
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** The value as a short quoted string for a message. */
function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return `« ${text.length > 40 ? `${text.slice(0, 40)}…` : text} »`
}

function checkText(value: unknown): string | null {
  if (typeof value !== 'string') return 'Un texte est attendu.'
  if (value.length > MAX_TEXT_LENGTH) {
    return `Le texte compte ${value.length.toLocaleString('fr-FR')} caractères, au-delà de ${MAX_TEXT_LENGTH.toLocaleString('fr-FR')}.`
  }
  return null
}

function checkChoice(choices: Choice[] | undefined, value: unknown): string | null {
  if (typeof value !== 'string') return 'Un choix (texte) est attendu.'
  if (choices && !choices.some((choice) => choice.value === value)) return `Choix inconnu : ${quote(value)}.`
  return null
}

function checkChoiceList(choices: Choice[] | undefined, value: unknown): string | null {
  if (!Array.isArray(value)) return 'Une liste de choix est attendue.'
  const seen = new Set<string>()
  for (const item of value) {
    const problem = checkChoice(choices, item)
    if (problem) return problem
    if (seen.has(item as string)) return `Choix en double : ${quote(item)}.`
    seen.add(item as string)
  }
  return null
}

function unknownKey(allowed: Choice[] | string[] | undefined, object: Record<string, unknown>): string | undefined {
  if (!allowed) return undefined
  const keys = new Set(allowed.map((entry) => (typeof entry === 'string' ? entry : entry.value)))
  return Object.keys(object).find((key) => !keys.has(key))
}

function checkMatrix(question: QuestionInfo, value: unknown): string | null {
  if (!isPlainObject(value)) return 'Un tableau de réponses (objet par ligne) est attendu.'
  const row = unknownKey(question.rows, value)
  if (row !== undefined) return `Ligne inconnue : ${quote(row)}.`
  for (const cell of Object.values(value)) {
    const problem = question.multiple ? checkChoiceList(question.choices, cell) : checkChoice(question.choices, cell)
    if (problem) return problem
  }
  return null
}

function checkRowsOf(question: QuestionInfo, value: unknown): string | null {
  if (!isPlainObject(value)) return 'Un tableau de réponses (objet par ligne) est attendu.'
  const row = unknownKey(question.rows, value)
  if (row !== undefined) return `Ligne inconnue : ${quote(row)}.`
  for (const cells of Object.values(value)) {
    if (!isPlainObject(cells)) return 'Chaque ligne doit être un objet (une valeur par colonne).'
    const field = unknownKey(question.fields, cells)
    if (field !== undefined) return `Colonne inconnue : ${quote(field)}.`
  }
  return null
}

function checkListOfObjects(fields: string[] | undefined, value: unknown): string | null {
  if (!Array.isArray(value)) return 'Une liste d’éléments est attendue.'
  for (const entry of value) {
    if (!isPlainObject(entry)) return 'Chaque élément de la liste doit être un objet.'
    const field = unknownKey(fields, entry)
    if (field !== undefined) return `Champ inconnu : ${quote(field)}.`
  }
  return null
}

function checkMultipleText(fields: string[] | undefined, value: unknown): string | null {
  if (!isPlainObject(value)) return 'Un objet (une valeur par champ) est attendu.'
  const field = unknownKey(fields, value)
  if (field !== undefined) return `Champ inconnu : ${quote(field)}.`
  for (const entry of Object.values(value)) {
    if (entry === null || isFiniteNumber(entry)) continue
    const problem = checkText(entry)
    if (problem) return problem
  }
  return null
}
