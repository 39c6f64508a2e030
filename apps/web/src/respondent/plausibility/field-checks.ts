import { surveyAttachment } from '../../survey/survey-attachment'
import { confirmationKey, confirmedQuestion, confirms } from '@sonde/survey/confirmation'
import { ExpressionRunner, ValidatorRunner, type ExpressionValidator, type Model, type Question } from 'survey-core'
import type { NumberDrafts } from '../../survey/number-entry/number-drafts'

/** Typing in a text field checks it once the person pauses, not at every key. */
const TYPING_PAUSE_MS = 500

/** Whether `question` declares a plausibility warning (a validator with `notificationType: "warning"`). */
export function declaresWarning(question: Question): boolean {
  return question.validators.some((validator) => validator.notificationType === 'warning')
}

/** Whether the person (or a colleague) confirmed the value `question` holds now. */
export function isConfirmed(question: Question): boolean {
  const survey = question.survey as Model | null
  return !!survey && declaresWarning(question) && confirms(survey.getValue(confirmationKey(question.name)), question.value)
}

/**
 * The warnings the questionnaire raises on `question` as it is answered now, confirmed or not;
 * nothing for an empty question. Computed without showing anything.
 */
export function warningsOf(question: Question): string[] {
  if (!declaresWarning(question) || question.isEmpty()) return []
  return new ValidatorRunner()
    .run(question)
    .filter((error) => error.isWarning)
    .map((error) => error.getText())
}

/** The unusual values that still wait for a check: warnings of a value nobody confirmed. */
export function unconfirmedWarnings(question: Question): string[] {
  return isConfirmed(question) ? [] : warningsOf(question)
}

/** The questions whose validators name each question (their rules must be checked again when it changes). */
function dependentsByName(survey: Model): Map<string, Question[]> {
  const dependents = new Map<string, Question[]>()
  for (const question of survey.getAllQuestions() as Question[]) {
    for (const validator of question.validators) {
      const expression = validator.getType() === 'expressionvalidator' ? (validator as ExpressionValidator).expression : ''
      if (!expression) continue
      for (const variable of new ExpressionRunner(expression).getVariables()) {
        const name = variable.split(/[.[]/)[0] ?? variable
        if (name === question.name) continue
        const list = dependents.get(name) ?? []
        if (!list.includes(question)) list.push(question)
        dependents.set(name, list)
      }
    }
  }
  return dependents
}

/**
 * The questionnaire's rules, checked at the field as soon as a value is there rather than only when
 * a page is left (Sonde checks pages late on purpose: colleagues fill them in any order):
 * - a changed answer is checked at once (after a pause in typing), with every question whose rules
 *   name it: a "dont ≤ total" rule shows on its question as soon as both numbers exist, on either
 *   one's change, and goes as soon as it is fixed; required answers are never reported there;
 * - warnings (`notificationType: "warning"`) show the same way, never block, and disappear once the
 *   value is confirmed (`confirm`); changing the value voids its confirmation;
 * - a numeric field's draft (a text that is not a number) replaces "answer required" with what is
 *   wrong with the text.
 * Answers and confirmations that arrive from a colleague are checked the same way.
 */
export class FieldChecks {
  private readonly dependents: Map<string, Question[]>
  private readonly timers = new Map<Question, ReturnType<typeof setTimeout>>()
  private started = false

  constructor(
    private readonly survey: Model,
    private readonly drafts: NumberDrafts | undefined,
  ) {
    this.dependents = dependentsByName(survey)
  }

  /** Starts adjusting the survey's validation (drafts, confirmations) and checking changes. */
  start(): void {
    if (this.started) return
    this.started = true
    this.survey.onValidateQuestion.add(this.adjustErrors)
  }

  dispose(): void {
    this.started = false
    this.survey.onValidateQuestion.remove(this.adjustErrors)
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  /** Shows what the answers loaded already call for: restored drafts, and warnings nobody confirmed. */
  checkLoaded(restoredDrafts: Question[]): void {
    for (const question of restoredDrafts) question.validate(true, false, true)
    for (const question of this.survey.getAllQuestions(true) as Question[]) {
      if (unconfirmedWarnings(question).length > 0) question.validate(true, false, true)
    }
  }

  /** The person changed `name` (SurveyJS `onValueChanged`). */
  changed(name: string, value: unknown): void {
    const confirmed = confirmedQuestion(name)
    if (confirmed !== null) {
      this.checkSoon(confirmed, 0)
      return
    }
    const key = confirmationKey(name)
    const confirmation = this.survey.getValue(key)
    if (confirmation !== undefined && confirmation !== null && !confirms(confirmation, value)) {
      // A confirmation holds the value confirmed: another value needs a check of its own.
      this.survey.setValue(key, undefined)
    }
    const question = this.survey.getQuestionByName(name) as Question | null
    const typing = question?.getType() === 'text' || question?.getType() === 'comment'
    this.checkSoon(name, typing ? TYPING_PAUSE_MS : 0)
  }

  /** A colleague's answer (or confirmation) was applied without a SurveyJS event. */
  arrived(name: string): void {
    this.checkSoon(confirmedQuestion(name) ?? name, 0)
  }

  /** "Je confirme cette valeur": stores the confirmation (autosaved like an answer) and takes the warning away. */
  confirm(question: Question): void {
    this.survey.setValue(confirmationKey(question.name), question.value)
    question.validate(true, false, true)
  }

  private checkSoon(name: string, delay: number): void {
    if (!this.started) return
    const question = this.survey.getQuestionByName(name) as Question | null
    const targets = [...(question ? [question] : []), ...(this.dependents.get(name) ?? [])]
    for (const target of targets) {
      const pending = this.timers.get(target)
      if (pending !== undefined) clearTimeout(pending)
      this.timers.set(
        target,
        setTimeout(() => {
          this.timers.delete(target)
          this.check(target)
        }, delay),
      )
    }
  }

  private check(question: Question): void {
    if (!this.started || this.survey.state === 'completed' || !question.isVisible) return
    // A draft still being typed for the first time is not judged yet: its message comes when the field is left.
    const draft = this.drafts?.get(question)
    if (draft && !draft.shown) return
    // "On value changed": survey-core then reports no missing answer, only the rules of a value.
    if (!question.isEmpty() || question.errors.length > 0 || draft) question.validate(true, false, true)
  }

  private readonly adjustErrors = (
    _: Model,
    options: { question: Question; errors: { getErrorType(): string; isWarning: boolean }[]; error: string | null },
  ) => {
    const { question, errors } = options
    const problem = this.drafts?.problem(question)
    if (problem) {
      // The field is not empty: what the person typed is not a number Sonde can store.
      for (let i = errors.length - 1; i >= 0; i--) if (errors[i]!.getErrorType() === 'required') errors.splice(i, 1)
      options.error = problem
    }
    if (isConfirmed(question)) {
      for (let i = errors.length - 1; i >= 0; i--) if (errors[i]!.isWarning) errors.splice(i, 1)
    }
  }
}

/** The field checks of a survey, for its confirmation buttons. */
export const surveyChecks = surveyAttachment<FieldChecks>()
