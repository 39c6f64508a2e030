import type { Model, Question } from 'survey-core'

/**
 * Something the page gives one survey (its number drafts, its field checks) that SurveyJS's own
 * question components find again through their question's survey, without a React context across
 * SurveyJS's rendering.
 */
export function surveyAttachment<T>(): { attach(survey: Model, value: T): void; of(question: Question): T | undefined } {
  const bySurvey = new WeakMap<Model, T>()
  return {
    attach: (survey, value) => void bySurvey.set(survey, value),
    of: (question) => {
      const survey = question.survey as Model | null
      return survey ? bySurvey.get(survey) : undefined
    },
  }
}
