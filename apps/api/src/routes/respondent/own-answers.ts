import { formatCsvNumber } from '@sonde/analysis'
import type { JsonValue } from '@sonde/db'
import type { QuestionInfo } from '@sonde/survey'

export interface OwnAnswer {
  name: string
  title: string
  page: string
  value: JsonValue
  /**
   * The answer as a person reads it: choice labels instead of codes, lists joined; a number as
   * files write numbers (no thousands separator, a decimal point, never float noise).
   */
  text: string
}

function label(question: QuestionInfo, value: JsonValue): string {
  const choice = question.choices?.find((c) => c.value === value)
  if (choice) return choice.text
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non'
  if (value === null) return ''
  if (typeof value === 'number') return formatCsvNumber(value, 'rfc4180')
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/**
 * An organisation's own answers in questionnaire order, with readable texts, for its download.
 * Only questions: the confirmations of unusual values (`<question>__confirme`) are not answers.
 */
export function ownAnswers(questions: Iterable<QuestionInfo>, answers: Record<string, JsonValue>): OwnAnswer[] {
  const rows: OwnAnswer[] = []
  for (const question of questions) {
    const value = answers[question.name]
    if (value === undefined || value === null) continue
    const text = Array.isArray(value) ? value.map((v) => label(question, v)).join(' ; ') : label(question, value)
    rows.push({ name: question.name, title: question.title, page: question.page, value, text })
  }
  return rows
}
