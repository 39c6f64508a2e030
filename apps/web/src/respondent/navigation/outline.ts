import type { Model, PageModel, Question } from 'survey-core'
import { surveyDrafts } from '../../survey/number-entry/number-drafts'
import { unconfirmedWarnings } from '../plausibility/field-checks'
import { htmlToText } from '../../survey/safe-html'

export type PageState = 'not_started' | 'in_progress' | 'complete' | 'errors'

/**
 * A question to look at: unanswered although required, or an answer its rules refuse (both stop
 * the submission), or an unusual value nobody confirmed (`warning`, which never stops it).
 */
export interface Problem {
  name: string
  title: string
  kind: 'required' | 'invalid' | 'warning'
  pageName: string
  /** What the questionnaire says of the value (warnings only). */
  message?: string
}

export interface PageOutline {
  name: string
  title: string
  state: PageState
  current: boolean
  problems: Problem[]
  warnings: Problem[]
}

export interface Outline {
  pages: PageOutline[]
  requiredTotal: number
  requiredAnswered: number
  /** What stops the submission. */
  problems: Problem[]
  /** Unusual values nobody confirmed: listed before sending, never blocking. */
  warnings: Problem[]
}

/** The title of a page as a person reads it (its name when it has none). */
export function pageTitle(page: PageModel): string {
  return htmlToText(page.locTitle.renderedHtml).trim() || page.name
}

function questionText(question: Question): string {
  return htmlToText(question.locTitle.renderedHtml).trim() || question.name
}

/**
 * Where the questionnaire stands, page by page, computed from the survey as it is now (visible pages
 * and questions only: a family page appears once its family is ticked).
 *
 * - not started: no answer on the page yet;
 * - in progress: some answers, some required ones still missing;
 * - complete: nothing required is missing and every answer passes the questionnaire's rules;
 * - has errors: an answer the rules refuse, or required answers missing on a page that was
 *   already checked (left, checked with "Vérifier cette page", or part of a refused submission).
 *
 * Progress counts required questions only: optional ones would make the bar lie in both directions.
 * Validation runs without showing anything (`validate(false)`): showing errors is left to the moments
 * the person asked for it. A numeric field holding a text that is not a number is an answer to
 * correct, not a missing one. Unusual values (warnings) are listed apart and leave the state alone.
 */
export function outlineOf(survey: Model, checkedPages: ReadonlySet<string>): Outline {
  const pages: PageOutline[] = []
  const all: Problem[] = []
  const allWarnings: Problem[] = []
  let requiredTotal = 0
  let requiredAnswered = 0
  for (const page of survey.visiblePages) {
    const problems: Problem[] = []
    const warnings: Problem[] = []
    let answered = 0
    let requiredMissing = 0
    let invalid = 0
    for (const question of page.questions) {
      if (!question.isVisible || !question.hasInput) continue
      const empty = question.isEmpty()
      if (!empty) answered += 1
      if (question.isRequired) {
        requiredTotal += 1
        if (!empty) requiredAnswered += 1
      }
      if (question.validate(false)) {
        const [message] = unconfirmedWarnings(question)
        if (message) warnings.push({ name: question.name, title: questionText(question), kind: 'warning', pageName: page.name, message })
        continue
      }
      const kind = question.isRequired && empty && !surveyDrafts.of(question)?.get(question) ? 'required' : 'invalid'
      if (kind === 'required') requiredMissing += 1
      else invalid += 1
      problems.push({ name: question.name, title: questionText(question), kind, pageName: page.name })
    }
    let state: PageState
    if (invalid > 0 || (requiredMissing > 0 && checkedPages.has(page.name))) state = 'errors'
    else if (answered === 0) state = 'not_started'
    else state = requiredMissing > 0 ? 'in_progress' : 'complete'
    pages.push({ name: page.name, title: pageTitle(page), state, current: page === survey.currentPage, problems, warnings })
    all.push(...problems)
    allWarnings.push(...warnings)
  }
  return { pages, requiredTotal, requiredAnswered, problems: all, warnings: allWarnings }
}
