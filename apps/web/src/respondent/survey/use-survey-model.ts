import type { RespondentView } from '@sonde/contracts'
import { useState } from 'react'
import { Action, type Model, QuestionTextModel } from 'survey-core'
import { localStore } from '../../layout/browser-storage'
import { createSurvey } from '../../survey/create-survey'
import { registerLazyPopups } from '../../survey/lazy-popup'
import { registerPlainStrings } from '../../survey/plain-strings'
import { NumberDrafts, surveyDrafts } from '../../survey/number-entry/number-drafts'
import { showConflictsOnQuestions } from '../autosave/QuestionConflict'
import { FieldChecks, surveyChecks } from '../plausibility/field-checks'

// The drop-down lists of a page are drawn when they first open, not all with the page.
registerLazyPopups()
// Titles and descriptions without SurveyJS's span around their text.
registerPlainStrings()

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

/** The class that draws the required mark of a question's title in respondent.css. */
const CSS_REQUIRED_MARK = 'sonde-required'

/**
 * SurveyJS's default required mark (« * », hidden from screen readers, which hear the field's
 * `aria-required`) drawn by respondent.css after the title instead of by two spans in each required
 * question's title. A questionnaire that sets its own mark keeps it as SurveyJS draws it.
 */
function markRequiredWithCss(survey: Model): void {
  if (survey.requiredMark !== '*') return
  survey.requiredMark = ''
  survey.onUpdateQuestionCssClasses.add((_, options) => {
    const css = options.cssClasses as Record<string, string | undefined>
    if (options.question.isRequired && css.title) css.title = `${css.title} ${CSS_REQUIRED_MARK}`
  })
}

/**
 * No character counter on one-line answers (« 34/200 »): SurveyJS keeps it in the page, hidden
 * until the field has the focus, four elements for each field with a maximum length — which the
 * browser enforces itself (`maxlength`). Long answers keep theirs: there the count helps.
 */
function withoutOneLineCounters(survey: Model): void {
  for (const question of survey.getAllQuestions(false, true)) {
    if (!(question instanceof QuestionTextModel)) continue
    for (const action of question.inputActionsContainer.actions) {
      if (action instanceof Action && action.component === 'sv-character-counter') action.visible = false
    }
  }
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
    markRequiredWithCss(survey)
    withoutOneLineCounters(survey)
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
