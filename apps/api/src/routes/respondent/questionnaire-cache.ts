import { listQuestions, questionsWithWarnings, type QuestionInfo, type QuestionnaireJson } from '@sonde/survey'

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

const confirmableCache = new Map<string, ReadonlySet<string>>()

/**
 * The questions of a questionnaire version that declare a plausibility warning: the only ones
 * whose value the respondent may confirm (`<question>__confirme`). Cached like `questionsOf`.
 */
export function confirmableOf(questionnaireId: string, definition: unknown): ReadonlySet<string> {
  let names = confirmableCache.get(questionnaireId)
  if (!names) {
    names = questionsWithWarnings(definition as QuestionnaireJson)
    if (confirmableCache.size > 100) confirmableCache.clear()
    confirmableCache.set(questionnaireId, names)
  }
  return names
}
