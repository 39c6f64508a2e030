import { PanelModelBase, Question, type Model, type SurveyError } from 'survey-core'
import type { ValidationError } from '@sonde/contracts'
import { checkAnswer } from './check-answer'
import { confirmationKey, confirms } from './confirmation'
import type { QuestionnaireJson } from './default-questionnaire'
import { describeQuestions, type QuestionInfo } from './list-questions'
import { LruCache, createModel, definitionKey } from './survey-model'
import { questionsWithWarnings } from './warnings'

/** Outcome of `validateSubmission`: the answers to store, and what stops the submission. */
export interface SubmissionResult {
  /**
   * The answers kept: known, visible questions only, values untouched, in questionnaire order;
   * then the confirmations of unusual values that still confirm the answer kept.
   */
  answers: Record<string, unknown>
  /** One error per failing question (or required panel), in questionnaire order; empty when valid. */
  errors: ValidationError[]
}

interface PreparedQuestionnaire {
  model: Model
  questions: QuestionInfo[]
  byName: Map<string, QuestionInfo>
}

// A survey-core model is rebuilt only when the questionnaire changes: each call replaces its whole
// data (`model.data = …`) and validates synchronously, so calls cannot see each other's state.
const prepared = new LruCache<PreparedQuestionnaire>(8)

function prepare(definition: QuestionnaireJson): PreparedQuestionnaire {
  return prepared.get(definitionKey(definition), () => {
    const model = createModel(definition)
    model.mode = 'edit'
    const questions = describeQuestions(model)
    return { model, questions, byName: new Map(questions.map((question) => [question.name, question])) }
  })
}

/**
 * Server-side validation at submit, with survey-core in Node and the questionnaire's own rules.
 * 1. Keys that name no answerable question are dropped, `null` values too (cleared answers).
 * 2. Answers of questions that are not visible (`visibleIf` of the question, of a panel or of a
 *    page) are dropped; this is repeated until nothing changes, because a dropped answer may hide
 *    further questions.
 * 3. Every visible page is validated by survey-core in French: required, validators (numeric,
 *    expression, …), `min`/`max`/`step` of numeric inputs; the shape check of `checkAnswer` comes
 *    first and wins for the same question. Warnings (`notificationType: "warning"`) never block.
 * 4. A confirmation of an unusual value (`<question>__confirme`, `confirmation.ts`) is kept when
 *    its question declares a warning, is kept, and still has the value confirmed; otherwise it
 *    is dropped, like any key that names no question.
 * Deterministic and synchronous: survey-core runs validators synchronously unless an expression
 * calls a function registered as asynchronous, which Sonde never does (a pending validator throws).
 */
export function validateSubmission(definition: QuestionnaireJson, answers: Record<string, unknown>): SubmissionResult {
  const { model, questions, byName } = prepare(definition)

  const kept = new Map<string, unknown>()
  const shapeErrors = new Map<string, string>()
  for (const [name, value] of Object.entries(answers)) {
    const question = byName.get(name)
    if (!question || value === null || value === undefined) continue
    const problem = checkAnswer(question, value)
    if (problem) shapeErrors.set(name, problem)
    else kept.set(name, value)
  }

  model.data = Object.fromEntries(kept)
  for (let round = 0; round <= questions.length; round++) {
    const hidden = [...kept.keys()].filter((name) => !isShown(model.getQuestionByName(name)))
    if (hidden.length === 0) break
    for (const name of hidden) kept.delete(name)
    model.data = Object.fromEntries(kept)
  }

  // Errors left from an earlier call stay only on elements that are hidden now, which are skipped.
  model.validate(true, false)
  if (model.getAllQuestions().some((question) => question.isRunningValidators)) {
    throw new Error('validateSubmission: a validator of this questionnaire runs asynchronously')
  }

  const errors: ValidationError[] = []
  for (const page of model.visiblePages) collectErrors(page, byName, shapeErrors, errors)

  const keptNames = questions.map(({ name }) => name).filter((name) => kept.has(name) || (shapeErrors.has(name) && isShown(model.getQuestionByName(name))))
  const confirmations = [...questionsWithWarnings(definition)]
    .filter((name) => kept.has(name) && confirms(answers[confirmationKey(name)], kept.get(name)))
    .map(confirmationKey)
  return { answers: Object.fromEntries([...keptNames, ...confirmations].map((name) => [name, answers[name]])), errors }
}

function isShown(question: Question | null): boolean {
  return !!question && question.isVisible && question.isParentVisible
}

function firstError(list: SurveyError[]): string | undefined {
  return list.find((error) => error.isError)?.getText()
}

function collectErrors(container: PanelModelBase, byName: Map<string, QuestionInfo>, shapeErrors: Map<string, string>, errors: ValidationError[]): void {
  for (const element of container.elements) {
    if (!element.isVisible) continue
    if (element instanceof PanelModelBase) {
      const message = firstError(element.errors)
      if (message) errors.push({ name: element.name, message })
      collectErrors(element, byName, shapeErrors, errors)
    } else if (element instanceof Question && byName.has(element.name)) {
      const message =
        shapeErrors.get(element.name) ?? firstError(element.errors) ?? firstError(element.getNestedQuestions(true).flatMap((inner) => inner.errors))
      if (message) errors.push({ name: element.name, message })
    }
  }
}

/**
 * The answerable questions that apply to a respondent given their answers: those visible once
 * the answers are set (question, panel and page conditions), in questionnaire order. The basis
 * of AAPOR's "applicable questions" (RR2's partial interviews) and of item non-response.
 */
export function applicableQuestions(definition: QuestionnaireJson, answers: Record<string, unknown>): string[] {
  const { model, questions, byName } = prepare(definition)
  model.data = Object.fromEntries(Object.entries(answers).filter(([name, value]) => byName.has(name) && value != null))
  return questions.map(({ name }) => name).filter((name) => isShown(model.getQuestionByName(name)))
}
