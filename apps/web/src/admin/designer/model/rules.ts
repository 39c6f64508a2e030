import { bilingual, type Localised } from './texts'

/** An error blocks the answer; a warning asks the respondent to check and confirm (`notificationType: "warning"`). */
type Severity = 'error' | 'warning'

/**
 * The rules the designer builds, each stored as one SurveyJS validator of the question, written
 * exactly as the 2025 questionnaire writes it so that rebuilding its rules gives the same JSON.
 * `other` keeps a validator the designer does not know as it is.
 */
export type Rule =
  | { kind: 'bounds'; min: number | null; max: number | null; message?: Localised }
  | { kind: 'partOf'; part: string; total: string; severity: Severity; message?: Localised }
  | { kind: 'sum'; terms: string[]; max: number; severity: Severity; message?: Localised }
  | { kind: 'ratio'; value: string; per: string; min: number | null; max: number | null; skipZero: boolean; severity: Severity; message?: Localised }
  | { kind: 'digits'; count: number; message?: Localised }
  | { kind: 'regex'; pattern: string; message?: Localised }
  | { kind: 'expression'; expression: string; severity: Severity; message?: Localised }
  | { kind: 'other'; json: Record<string, unknown> }

export type RuleKind = Rule['kind']

type Validator = Record<string, unknown>

const NAME = '([A-Za-z][A-Za-z0-9_]*)'
const NUMBER = '(-?\\d+(?:\\.\\d+)?)'
const ref = (name: string) => `{${name}}`

function severityOf(json: Validator): Severity {
  return json.notificationType === 'warning' ? 'warning' : 'error'
}

function messageOf(json: Validator): { message?: Localised } {
  return json.text === undefined ? {} : { message: json.text as Localised }
}

function onlyKeys(json: Validator, allowed: string[]): boolean {
  return Object.keys(json).every((key) => allowed.includes(key))
}

/** The rule an expression validator states, when it is one the designer builds. */
function expressionRule(expression: string, severity: Severity, message: { message?: Localised }): Rule {
  const pieces = expression.trim().replace(/\s+/g, ' ').split(' or ')
  const last = pieces.pop() ?? ''
  const guards = pieces.map((piece) => new RegExp(`^\\{${NAME}\\} empty$`).exec(piece)?.[1] ?? null)
  const zero = pieces.length > 0 ? new RegExp(`^\\{${NAME}\\} = 0$`).exec(pieces[pieces.length - 1]!) : null
  const emptyGuards = zero ? guards.slice(0, -1) : guards

  // « dont ≤ total »: {a} empty or {b} empty or {a} <= {b}
  const part = new RegExp(`^\\{${NAME}\\} <= \\{${NAME}\\}$`).exec(last)
  if (part && !zero && guards.length === 2 && guards[0] === part[1] && guards[1] === part[2]) {
    return { kind: 'partOf', part: part[1]!, total: part[2]!, severity, ...message }
  }
  // « la somme de … ≤ N »: {a} empty or {b} empty or {a} + {b} <= N (one term: a plain upper bound)
  const sum = new RegExp(`^(\\{${NAME}\\}(?: \\+ \\{${NAME}\\})*) <= ${NUMBER}$`).exec(last)
  if (sum && !zero) {
    const terms = [...sum[1]!.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((found) => found[1]!)
    if (guards.length === terms.length && guards.every((guard, i) => guard === terms[i])) {
      return { kind: 'sum', terms, max: Number(sum[sum.length - 1]), severity, ...message }
    }
  }
  // A ratio between two answers: {a} empty or {b} empty [or {b} = 0] or {a} <= K * {b} (or >=, or both).
  if (emptyGuards.length === 2 && emptyGuards.every((guard) => guard !== null) && (!zero || zero[1] === emptyGuards[1])) {
    const [value, per] = emptyGuards as [string, string]
    const side = (op: string) => `\\{${value}\\} ${op} ${NUMBER} \\* \\{${per}\\}`
    const both = new RegExp(`^\\(${side('>=')} and ${side('<=')}\\)$`).exec(last)
    const upper = new RegExp(`^${side('<=')}$`).exec(last)
    const lower = new RegExp(`^${side('>=')}$`).exec(last)
    const min = both ? Number(both[1]) : lower ? Number(lower[1]) : null
    const max = both ? Number(both[2]) : upper ? Number(upper[1]) : null
    if (min !== null || max !== null) return { kind: 'ratio', value, per, min, max, skipZero: zero !== null, severity, ...message }
  }
  return { kind: 'expression', expression, severity, ...message }
}

/** The rule a validator of the questionnaire states (`other` when the designer does not build it). */
export function ruleFromValidator(json: Validator): Rule {
  if (json.type === 'numeric' && onlyKeys(json, ['type', 'minValue', 'maxValue', 'text'])) {
    const bound = (value: unknown) => (typeof value === 'number' ? value : null)
    return { kind: 'bounds', min: bound(json.minValue), max: bound(json.maxValue), ...messageOf(json) }
  }
  if (json.type === 'regex' && typeof json.regex === 'string' && onlyKeys(json, ['type', 'regex', 'text'])) {
    const digits = /^\^\[0-9\]\{(\d+)\}\$$/.exec(json.regex)
    return digits ? { kind: 'digits', count: Number(digits[1]), ...messageOf(json) } : { kind: 'regex', pattern: json.regex, ...messageOf(json) }
  }
  if (json.type === 'expression' && typeof json.expression === 'string' && onlyKeys(json, ['type', 'notificationType', 'expression', 'text'])) {
    if (json.notificationType !== undefined && json.notificationType !== 'warning') return { kind: 'other', json }
    return expressionRule(json.expression, severityOf(json), messageOf(json))
  }
  return { kind: 'other', json }
}

function expressionValidator(expression: string, severity: Severity, message: Localised | undefined): Validator {
  return {
    type: 'expression',
    ...(severity === 'warning' ? { notificationType: 'warning' } : {}),
    expression,
    ...(message === undefined ? {} : { text: message }),
  }
}

function times(factor: number, per: string): string {
  return `${factor} * ${ref(per)}`
}

/** The expression a rule writes (for the rules stored as expression validators). */
function ruleExpression(rule: Rule): string | null {
  switch (rule.kind) {
    case 'partOf':
      return `${ref(rule.part)} empty or ${ref(rule.total)} empty or ${ref(rule.part)} <= ${ref(rule.total)}`
    case 'sum':
      return `${rule.terms.map((term) => `${ref(term)} empty or `).join('')}${rule.terms.map(ref).join(' + ')} <= ${rule.max}`
    case 'ratio': {
      const { value, per, min, max } = rule
      const guard = `${ref(value)} empty or ${ref(per)} empty or ${rule.skipZero ? `${ref(per)} = 0 or ` : ''}`
      if (min !== null && max !== null) return `${guard}(${ref(value)} >= ${times(min, per)} and ${ref(value)} <= ${times(max, per)})`
      if (min !== null) return `${guard}${ref(value)} >= ${times(min, per)}`
      return `${guard}${ref(value)} <= ${times(max ?? 0, per)}`
    }
    case 'expression':
      return rule.expression
    default:
      return null
  }
}

/** The SurveyJS validator of a rule. */
export function validatorFromRule(rule: Rule): Validator {
  const text = rule.kind === 'other' || rule.message === undefined ? {} : { text: rule.message }
  switch (rule.kind) {
    case 'bounds':
      return { type: 'numeric', ...(rule.min === null ? {} : { minValue: rule.min }), ...(rule.max === null ? {} : { maxValue: rule.max }), ...text }
    case 'digits':
      return { type: 'regex', regex: `^[0-9]{${rule.count}}$`, ...text }
    case 'regex':
      return { type: 'regex', regex: rule.pattern, ...text }
    case 'other':
      return rule.json
    default:
      return expressionValidator(ruleExpression(rule)!, rule.severity, rule.message)
  }
}

/** The French and English titles of the questions a message names. */
export type TitleOf = (name: string) => { fr: string; en: string }

const fr = (value: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 }).format(value).replace(/\u202f/g, '\u00a0')
const en = (value: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 }).format(value)

function frenchList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`
}

function englishList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/**
 * The message a new rule starts with, in French and in English when every question it names has
 * an English title (staff can rewrite it). Bounds have SurveyJS's own message; a raw expression
 * has none until staff write one.
 */
export function defaultMessage(rule: Rule, titleOf: TitleOf): Localised | undefined {
  const q = (name: string) => titleOf(name)
  const quoteFr = (name: string) => `« ${q(name).fr} »`
  const quoteEn = (name: string) => `“${q(name).en}”`
  const names = rule.kind === 'partOf' ? [rule.part, rule.total] : rule.kind === 'sum' ? rule.terms : rule.kind === 'ratio' ? [rule.value, rule.per] : []
  const withEnglish = names.every((name) => q(name).en !== '')
  const pick = (french: string, english: string) => bilingual(french, withEnglish ? english : '')
  switch (rule.kind) {
    case 'partOf':
      return rule.severity === 'error'
        ? pick(`${quoteFr(rule.part)} ne peut pas dépasser ${quoteFr(rule.total)}.`, `${quoteEn(rule.part)} cannot be more than ${quoteEn(rule.total)}.`)
        : pick(
            `${quoteFr(rule.part)} dépasse ${quoteFr(rule.total)} : vérifiez les deux réponses.`,
            `${quoteEn(rule.part)} is more than ${quoteEn(rule.total)}: check both answers.`,
          )
    case 'sum':
      return pick(
        `${rule.terms.length > 2 ? 'La somme de' : 'Ensemble,'} ${frenchList(rule.terms.map(quoteFr))} ne peuvent pas dépasser ${fr(rule.max)}.`,
        `${englishList(rule.terms.map(quoteEn))} cannot add up to more than ${en(rule.max)}.`,
      )
    case 'ratio': {
      const { min, max } = rule
      const rangeFr =
        min !== null && max !== null ? `moins de ${fr(min)} ou plus de ${fr(max)}` : min !== null ? `moins de ${fr(min)}` : `plus de ${fr(max ?? 0)}`
      const rangeEn = min !== null && max !== null ? `under ${en(min)} or over ${en(max)}` : min !== null ? `under ${en(min)}` : `over ${en(max ?? 0)}`
      return pick(
        `${quoteFr(rule.value)} : ${rangeFr} par unité de ${quoteFr(rule.per)}, c’est inhabituel. Vérifiez les deux réponses.`,
        `${quoteEn(rule.value)}: ${rangeEn} per unit of ${quoteEn(rule.per)} is unusual. Check both answers.`,
      )
    }
    case 'digits':
      return bilingual(`Saisissez ${rule.count} chiffres, sans espace.`, `Enter ${rule.count} digits, without spaces.`)
    default:
      return undefined
  }
}
