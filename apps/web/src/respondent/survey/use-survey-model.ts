import type { RespondentView } from '@sonde/contracts'
import { useState } from 'react'
import type { Model } from 'survey-core'
import { localStore } from '../../layout/browser-storage'
import { createSurvey } from '../../survey/create-survey'
import { registerLazyPopups } from '../../survey/lazy-popup'
import { NumberDrafts, surveyDrafts } from '../../survey/number-entry/number-drafts'
import { showConflictsOnQuestions } from '../autosave/QuestionConflict'
import { FieldChecks, surveyChecks } from '../plausibility/field-checks'

// The drop-down lists of a page are drawn when they first open, not all with the page.
registerLazyPopups()

/** Question types whose choices SurveyJS marks with an SVG icon (two elements per choice). */
const MARKED_TYPES = new Set(['radiogroup', 'checkbox', 'boolean'])

/**
 * The dot of a chosen radio button and the tick of a ticked box drawn by respondent.css
 * (`.sonde-mark`) rather than by an SVG icon in each choice: the same look, two elements fewer per
 * choice — a page of the questionnaire has dozens.
 */
function markChoicesWithCss(survey: Model): void {
  survey.onUpdateQuestionCssClasses.add((_, options) => {
    if (!MARKED_TYPES.has(options.question.getType())) return
    const css = options.cssClasses as Record<string, string | undefined>
    css.itemSvgIconId = ''
    for (const key of ['materialDecorator', 'materialRadioDecorator']) if (css[key]) css[key] = `${css[key]} sonde-mark`
  })
}

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
    markChoicesWithCss(survey)
    // The questionnaire flows with the page (which scrolls), not in a box of its own: without
    // SurveyJS's own scroll container and its scroll bar (five elements and a scroll listener).
    survey.fitToContainer = false
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
