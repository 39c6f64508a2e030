import { backtrackingGrowth } from './backtracking'
import { compileLinear, type LinearRegex } from './matcher'
import { parseRegex, RegexProblem } from './parse'

export { MAX_PATTERN_LENGTH, MAX_POSITIONS, MAX_REPEAT } from './parse'
export type { LinearRegex } from './matcher'

/**
 * Why a regex validator's pattern (SurveyJS `{ "type": "regex", "regex": …, "caseInsensitive"? }`)
 * cannot be saved, in French, or null. Browsers test the pattern with their own backtracking
 * engine (`new RegExp(regex, caseInsensitive ? "i" : "")`) and the server with a linear-time one
 * (`linearRegex`), so a pattern must be, at once: valid JavaScript; within what the linear engine
 * runs (no back references nor lookaround, at most 500 characters, repetitions up to 1 000, at
 * most 1 000 positions once written out); and free of what makes backtracking super-linear in the
 * length of the answer — nested or overlapping repetitions (`^(a+)+$`, `^(a|aa)*$`, `^\d+\d+$`,
 * `^.*a.*b$`) or an unanchored pattern that a search retries at every position (`\d+x`), as the
 * ambiguity of its automaton shows (`backtrackingGrowth`; Weideman et al., CIAA 2016).
 */
export function regexPatternProblem(pattern: unknown, ignoreCase: boolean): string | null {
  if (typeof pattern !== 'string') return 'Expression régulière invalide : le motif doit être un texte.'
  let parsed
  try {
    parsed = parseRegex(pattern, ignoreCase)
  } catch (error) {
    if (!(error instanceof RegexProblem)) throw error
    return error.kind === 'syntax' ? `Expression régulière invalide : ${error.message}.` : `Expression régulière non prise en charge : ${error.message}.`
  }
  try {
    // Compiling only: the browser's engine must accept it too (duplicate group names…).
    new RegExp(pattern, ignoreCase ? 'i' : '')
  } catch (error) {
    return `Expression régulière invalide : ${error instanceof Error ? error.message : String(error)}.`
  }
  switch (backtrackingGrowth(parsed)) {
    case 'exponential':
      return (
        'Expression régulière refusée : des répétitions imbriquées, ou dont les choix peuvent lire le même texte ' +
        '(comme « (a+)+ » ou « (a|aa)* »), rendent sa vérification exponentielle dans le navigateur. ' +
        'Écrivez chaque répétition sur des caractères qui ne se chevauchent pas.'
      )
    case 'polynomial':
      return (
        'Expression régulière refusée : des répétitions qui peuvent lire le même texte l’une après l’autre ' +
        '(comme « \\d+\\d+ » ou « .*a.* »), ou une répétition en tête d’un motif sans « ^ », rendent sa vérification ' +
        'de plus en plus lente avec la longueur de la réponse. Ancrez le motif (« ^…$ ») et séparez les répétitions ' +
        'par un caractère qu’elles ne lisent pas.'
      )
    case 'unknown':
      return 'Expression régulière refusée : trop complexe pour être vérifiée ; simplifiez-la.'
    case 'linear':
      return null
  }
}

const compiled = new Map<string, LinearRegex | null>()

/**
 * The pattern compiled for the linear-time engine (a Pike VM: `compileLinear`), which answers
 * `test` as `new RegExp(pattern, flags).test` does, in time proportional to the input's length;
 * null when the engine cannot run it (invalid, back references, lookaround, too large) — a pattern
 * `regexPatternProblem` would have refused, saved before that check existed. Compiled patterns are
 * kept (a few hundred at most).
 */
export function linearRegex(pattern: string, ignoreCase: boolean): LinearRegex | null {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`
  if (compiled.has(key)) return compiled.get(key)!
  let regex: LinearRegex | null = null
  try {
    regex = compileLinear(parseRegex(pattern, ignoreCase))
  } catch (error) {
    if (!(error instanceof RegexProblem)) throw error
  }
  if (compiled.size >= 500) compiled.clear()
  compiled.set(key, regex)
  return regex
}
