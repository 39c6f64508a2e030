import type { RespondentView } from '@sonde/contracts'
import { useState } from 'react'
import type { Model } from 'survey-core'
import { localStore } from '../../layout/browser-storage'
import { createSurvey } from '../../survey/create-survey'
import { NumberDrafts, surveyDrafts } from '../../survey/number-entry/number-drafts'
import { showConflictsOnQuestions } from '../autosave/QuestionConflict'
import { FieldChecks, surveyChecks } from '../plausibility/field-checks'

export interface SurveyModel {
  survey: Model
  /** Numbers typed that cannot be stored yet. */
  drafts: NumberDrafts
  /** The questionnaire's rules checked at the field. */
  checks: FieldChecks
}

/**
 * The SurveyJS model of the invitation's questionnaire with its answers, made once for the page's
 * life, with what Sonde's own question components find through it (number drafts, field checks).
 */
export function useSurveyModel(token: string, view: RespondentView): SurveyModel {
  const [model] = useState(() => {
    const survey = createSurvey(view.questionnaire)
    survey.data = view.response.answers
    // The title and description are the page's own heading, above the save status.
    survey.showTitle = false
    // When "Terminer" is refused the focus goes to Sonde's summary of what is missing.
    survey.autoFocusFirstError = false
    showConflictsOnQuestions(survey)
    const drafts = new NumberDrafts(localStore(), token)
    surveyDrafts.attach(survey, drafts)
    const checks = new FieldChecks(survey, drafts)
    surveyChecks.attach(survey, checks)
    return { survey, drafts, checks }
  })
  return model
}
