import { parseNumber } from '../../../survey/number-entry/parse-number'

/** The comparisons the visibility builder offers; `empty` and `notempty` take no value. */
export const OPERATORS = ['=', '<>', 'contains', 'notcontains', '>', '<', '>=', '<=', 'empty', 'notempty'] as const
export type Operator = (typeof OPERATORS)[number]

/** One row of the builder: `{question} operator value`. The value is as typed (quoted or not when written). */
export interface Condition {
  question: string
  operator: Operator
  value: string
}

export interface Conditions {
  join: 'and' | 'or'
  rows: Condition[]
}

/** How a value is written: a number or true/false as they are, anything else between quotes. */
export type ValueKind = 'text' | 'number' | 'boolean'

export function takesValue(operator: Operator): boolean {
  return operator !== 'empty' && operator !== 'notempty'
}

function literal(value: string, kind: ValueKind): string {
  // Read as the respondent's number boxes read it: "2,5" and "1 000" are numbers, not texts to compare with.
  const reading = kind === 'number' ? parseNumber(value) : null
  if (reading?.kind === 'number') return String(reading.value)
  if (kind === 'boolean' && (value === 'true' || value === 'false')) return value
  return value.includes("'") ? `"${value}"` : `'${value}'`
}

/**
 * The SurveyJS expression of the builder's rows: `{familles} contains 'insertion' and {budget} > 0`.
 * `kindOf` says how each question's values are written (numbers and booleans without quotes).
 */
export function toExpression(conditions: Conditions, kindOf: (question: string) => ValueKind): string {
  return conditions.rows
    .filter((row) => row.question !== '')
    .map((row) => {
      const left = `{${row.question}}`
      return takesValue(row.operator) ? `${left} ${row.operator} ${literal(row.value, kindOf(row.question))}` : `${left} ${row.operator}`
    })
    .join(` ${conditions.join} `)
}

const CONDITION = /^\{([A-Za-z][A-Za-z0-9_]*)\}\s*(?:(notempty|empty)\b|(=|<>|>=|<=|>|<|notcontains|contains)\s*('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|true|false))/
const JOIN = /^\s+(and|or)\s+/

/**
 * The builder's rows for an expression it can represent — conditions on one question each, all
 * joined by the same `and` or `or`, no parentheses — or `null` (the expression then stays in the
 * raw field as it is). An empty expression is no row at all.
 */
export function fromExpression(expression: string): Conditions | null {
  let rest = expression.trim()
  if (rest === '') return { join: 'and', rows: [] }
  const rows: Condition[] = []
  let join: 'and' | 'or' | undefined
  for (;;) {
    const match = CONDITION.exec(rest)
    if (!match) return null
    const [whole, question, unary, operator, value] = match
    rows.push(
      unary
        ? { question: question!, operator: unary as Operator, value: '' }
        : { question: question!, operator: operator as Operator, value: /^['"]/.test(value!) ? value!.slice(1, -1) : value! },
    )
    rest = rest.slice(whole.length)
    if (rest.trim() === '') return { join: join ?? 'and', rows }
    const next = JOIN.exec(rest)
    if (!next || (join !== undefined && next[1] !== join)) return null
    join = next[1] as 'and' | 'or'
    rest = rest.slice(next[0].length)
  }
}
