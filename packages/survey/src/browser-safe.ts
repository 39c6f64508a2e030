import { regexPatternProblem } from './safe-regex'

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

function unsafeRegexValidator(validator: unknown): boolean {
  if (!isObject(validator)) return false
  const type = typeof validator.type === 'string' ? validator.type.toLowerCase() : ''
  if (type !== 'regex' && type !== 'regexvalidator') return false
  const ignoreCase = validator.caseInsensitive === true || validator.insensitive === true
  return regexPatternProblem(validator.regex ?? '', ignoreCase) !== null
}

/**
 * The questionnaire as a respondent's browser may run it: a regex validator whose pattern the
 * lint refuses today (invalid, or one a browser's backtracking engine takes exponential or
 * polynomial time on) is left out. Such a pattern can only come from a questionnaire saved before
 * the rule; the server skips it too when it validates a submission. The same object comes back
 * when nothing is left out.
 */
export function withoutUnsafeRegexValidators<T>(definition: T): T {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      let changed = false
      const items = value.map((item) => {
        const next = visit(item)
        if (next !== item) changed = true
        return next
      })
      return changed ? items : value
    }
    if (!isObject(value)) return value
    let copy: Record<string, unknown> | null = null
    for (const [key, item] of Object.entries(value)) {
      let next = visit(item)
      if (key === 'validators' && Array.isArray(next) && next.some(unsafeRegexValidator)) next = next.filter((v) => !unsafeRegexValidator(v))
      if (next !== item) (copy ??= { ...value })[key] = next
    }
    return copy ?? value
  }
  return visit(definition) as T
}
