import { listQuestions, type QuestionInfo, type QuestionnaireJson } from '@sonde/survey'

/**
 * Questionnaire versions are immutable, so the question list of a version is computed once
 * per process (building a survey-core model for a long questionnaire costs milliseconds).
 */
const cache = new Map<string, Map<string, QuestionInfo>>()

export function questionsOf(questionnaireId: string, definition: unknown): Map<string, QuestionInfo> {
  let questions = cache.get(questionnaireId)
  if (!questions) {
    questions = new Map(listQuestions(definition as QuestionnaireJson).map((q) => [q.name, q]))
    if (cache.size > 100) cache.clear()
    cache.set(questionnaireId, questions)
  }
  return questions
}
