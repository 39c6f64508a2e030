import type { QuestionnaireJson } from './default-questionnaire'
import { NON_ANSWER_TYPES } from './list-questions'
import { LruCache, createModel, definitionKey } from './survey-model'

const cache = new LruCache<ReadonlySet<string>>(16)

/**
 * The questions that declare a plausibility warning: a validator with `notificationType:
 * "warning"` (SurveyJS 3; shown, never blocking). Only these may carry a confirmation
 * (`<question>__confirme`, see `confirmation.ts`). Cached per questionnaire.
 */
export function questionsWithWarnings(definition: QuestionnaireJson): ReadonlySet<string> {
  return cache.get(definitionKey(definition), () => {
    const model = createModel(definition, { designMode: true })
    const names = model
      .getAllQuestions(false, false, false)
      .filter((question) => !NON_ANSWER_TYPES.has(question.getType()))
      .filter((question) => question.validators.some((validator) => validator.notificationType === 'warning'))
      .map((question) => question.name)
    return new Set(names)
  })
}
