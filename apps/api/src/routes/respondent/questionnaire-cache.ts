import type { QuestionnaireVersion } from '@sonde/db'
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

const versions = new Map<string, Promise<QuestionnaireVersion | undefined>>()

/**
 * A questionnaire version, read from the database once per process: a save needs the question
 * list of the current version, and the definition of a long questionnaire weighs some 80 KB.
 * Keyed by the version's id, which the link's lookup gives with the rest (a new version, even one
 * published by another process, has a new id: nothing to invalidate). A failed read is not kept.
 */
export function cachedQuestionnaire(id: string, load: (id: string) => Promise<QuestionnaireVersion | undefined>): Promise<QuestionnaireVersion | undefined> {
  let version = versions.get(id)
  if (!version) {
    version = load(id)
    if (versions.size >= 20) versions.delete(versions.keys().next().value!)
    versions.set(id, version)
    version.then(
      (found) => {
        if (!found) versions.delete(id)
      },
      () => versions.delete(id),
    )
  }
  return version
}
