import { applicableQuestions, validateSubmission, type QuestionnaireJson } from '@sonde/survey'
import type { JsonValue } from '@sonde/db'

/** Questionnaire versions the check thread keeps (oldest forgotten first); the main thread counts the same way. */
export const VERSIONS_KEPT = 20

/** What a submission's checks give: the answers to store (hidden ones dropped), the errors, the questions that applied. */
export interface CheckedSubmission {
  answers: Record<string, JsonValue>
  errors: { name: string; message: string }[]
  applicable: string[]
}

/**
 * Every check of a submission against its questionnaire (`validateSubmission`: required questions,
 * ranges, the questionnaire's own rules; answers to hidden questions dropped), and the questions
 * that applied — tens of milliseconds for a long questionnaire, hence run in the check thread.
 */
export function checkSubmission(definition: QuestionnaireJson, answers: Record<string, JsonValue>): CheckedSubmission {
  const result = validateSubmission(definition, answers) as Omit<CheckedSubmission, 'applicable'>
  const applicable = result.errors.length ? [] : applicableQuestions(definition, result.answers)
  return { ...result, applicable }
}
