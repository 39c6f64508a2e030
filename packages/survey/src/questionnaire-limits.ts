import type { Problem } from './lint-questionnaire'

/**
 * The largest questionnaire Sonde accepts, far above the 2025 questionnaire (12 pages, 81
 * questions, 90 kB, no panel, 19 choices at most, 8 levels of JSON) and below what would make one
 * save or one respondent's page heavy: the size of its JSON text in UTF-8, pages, questions (every
 * element that is not a panel, dynamic-panel templates included), panels nested inside each other
 * (a question on a page is at depth 1, in a panel at depth 2…), choices, rows or columns of one
 * question, and levels of JSON (objects and lists inside each other).
 */
export const QUESTIONNAIRE_LIMITS = {
  bytes: 2 * 1024 * 1024,
  pages: 100,
  questions: 2_000,
  depth: 8,
  choices: 1_000,
  jsonDepth: 64,
} as const

const formatter = new Intl.NumberFormat('fr-FR')
const fr = (n: number) => formatter.format(n)

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * The depth of a JSON value and the path of its first value beyond `limit` levels, measured
 * without recursion (a body of nested lists a million deep must not overflow the stack).
 */
export function jsonDepth(value: unknown, limit: number = QUESTIONNAIRE_LIMITS.jsonDepth): { depth: number; deepest: string | null } {
  let depth = 0
  let deepest: string | null = null
  const stack: [unknown, number, string][] = [[value, 1, '']]
  while (stack.length > 0) {
    const [item, level, path] = stack.pop()!
    if (item === null || typeof item !== 'object') continue
    depth = Math.max(depth, level)
    if (level > limit && deepest === null) deepest = path
    // Paths are built only while they stay short enough to read.
    const keep = level <= limit + 1
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], level + 1, keep ? `${path}[${i}]` : path])
    } else {
      for (const [key, inner] of Object.entries(item)) stack.push([inner, level + 1, keep ? (path === '' ? key : `${path}.${key}`) : path])
    }
  }
  return { depth, deepest }
}

/**
 * Checks `QUESTIONNAIRE_LIMITS` before any other check (and before survey-core reads anything), so
 * that an oversized questionnaire costs one linear walk: each problem names the limit and the
 * value measured, in French. JSON depth comes first, as the other measures walk the structure.
 */
export function checkQuestionnaireLimits(definition: unknown): Problem[] {
  const limits = QUESTIONNAIRE_LIMITS
  const { depth, deepest } = jsonDepth(definition, limits.jsonDepth)
  if (deepest !== null) {
    return [{ path: deepest, message: `Structure JSON trop profonde : ${fr(depth)} niveaux, au-delà de ${fr(limits.jsonDepth)}.` }]
  }
  const problems: Problem[] = []
  // TextEncoder, not Buffer: the web app runs these checks too.
  const bytes = new TextEncoder().encode(JSON.stringify(definition) ?? '').length
  if (bytes > limits.bytes) {
    problems.push({
      path: '',
      message: `Questionnaire trop volumineux : ${fr(bytes)} octets, au-delà de ${fr(limits.bytes)} octets (2 Mio).`,
    })
  }
  if (!isObject(definition) || !Array.isArray(definition.pages)) return problems
  if (definition.pages.length > limits.pages) {
    problems.push({ path: 'pages', message: `Trop de pages : ${fr(definition.pages.length)}, au-delà de ${fr(limits.pages)}.` })
  }
  let questions = 0
  let tooDeep: { path: string; depth: number } | null = null
  const walk = (elements: unknown, path: string, level: number) => {
    if (!Array.isArray(elements)) return
    elements.forEach((element, index) => {
      if (!isObject(element)) return
      const elementPath = `${path}[${index}]`
      if (level > limits.depth && (tooDeep === null || level > tooDeep.depth)) tooDeep = { path: elementPath, depth: level }
      const type = typeof element.type === 'string' ? element.type.toLowerCase() : ''
      if (type !== 'panel' && type !== 'flowpanel') questions++
      for (const key of ['choices', 'rows', 'columns'] as const) {
        const list = element[key]
        if (Array.isArray(list) && list.length > limits.choices) {
          problems.push({
            path: `${elementPath}.${key}`,
            message: `Trop de choix, lignes ou colonnes : ${fr(list.length)}, au-delà de ${fr(limits.choices)} par question.`,
          })
        }
      }
      walk(element.elements, `${elementPath}.elements`, level + 1)
      walk(element.templateElements, `${elementPath}.templateElements`, level + 1)
    })
  }
  definition.pages.forEach((page, index) => {
    if (isObject(page)) walk(page.elements, `pages[${index}].elements`, 1)
  })
  if (questions > limits.questions) {
    problems.push({ path: 'pages', message: `Trop de questions : ${fr(questions)}, au-delà de ${fr(limits.questions)}.` })
  }
  const deepElement = tooDeep as { path: string; depth: number } | null
  if (deepElement) {
    problems.push({
      path: deepElement.path,
      message: `Éléments imbriqués trop profondément : ${fr(deepElement.depth)} niveaux, au-delà de ${fr(limits.depth)}.`,
    })
  }
  return problems
}
