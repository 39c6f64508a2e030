import type { SubmitResult, ValidationError, ValidationFailedDetails } from '@sonde/contracts'
import { useEffect, useRef, useState } from 'react'
import type { CompletingEvent, Model, PageModel } from 'survey-core'
import { ApiError, NetworkError } from '../../api/http'
import { sessionStore } from '../../layout/browser-storage'
import type { AnswerSync } from '../autosave/answer-sync'
import { submitResponse } from './submit-response'

/** Why "Terminer" did not submit, once SurveyJS's own checks had passed. */
export type SubmitProblem =
  { kind: 'conflicts' | 'failed' | 'network' } | { kind: 'validation'; unplaced: ValidationError[] } | { kind: 'rejected'; code: string }

/**
 * What "Terminer" is in the middle of. SurveyJS changes pages while it checks the questionnaire
 * (`refusing`: it opens the first page with an error) and while it completes (`completing`): those
 * page changes are not the person's, and the handlers of page changes leave them alone.
 */
export interface SubmissionPhase {
  refusing: boolean
  completing: boolean
}

export function useSubmissionPhase(): SubmissionPhase {
  const [phase] = useState<SubmissionPhase>(() => ({ refusing: false, completing: false }))
  return phase
}

export interface SubmissionOptions {
  token: string
  survey: Model
  sync: AnswerSync
  phase: SubmissionPhase
  onSubmitted(result: SubmitResult, answers: Record<string, unknown>): void
  /** Called once the server has the submission, before SurveyJS completes. */
  stopSaving(): void
  /** "Terminer" refused by the questionnaire's own rules: every page counts as checked… */
  markChecked(pages: PageModel[]): void
  /** …and the summary of what is missing opens, without SurveyJS scrolling it away. */
  showSummaryInPlace(): void
  hideSummary(): void
}

/**
 * "Terminer": the unsent answers first, then the submission (once, whatever the retries), or the
 * reason it could not be made — conflicts to settle, no network, the server's own checks on the
 * questions. Refused by the questionnaire's rules in the browser, it lists everything missing.
 */
export function useSubmission(options: SubmissionOptions): { submitting: boolean; problem: SubmitProblem | null } {
  const { token, survey, sync, phase, onSubmitted, stopSaving, markChecked, showSummaryInPlace, hideSummary } = options
  const [submitting, setSubmitting] = useState(false)
  const [problem, setProblem] = useState<SubmitProblem | null>(null)
  const submitted = useRef<SubmitResult | null>(null)

  useEffect(() => {
    // SurveyJS has already checked its own rules (required answers…) when this runs. It waits for
    // the returned promise; completion goes ahead only if `options.allow` is still true then.
    // The handler must never reject: SurveyJS would wait forever.
    const onCompleting = async (_: Model, completing: CompletingEvent): Promise<void> => {
      phase.completing = true
      completing.allow = false
      setSubmitting(true)
      setProblem(null)
      hideSummary()
      try {
        const flushed = await sync.flush()
        if (flushed === 'conflicts' || flushed === 'failed') {
          setProblem({ kind: flushed })
          return
        }
        if (flushed === 'readonly') return
        submitted.current = await submitResponse(token, sync.currentRevision, sessionStore())
        stopSaving()
        completing.allow = true
      } catch (error) {
        setProblem(describeSubmitError(survey, error))
      } finally {
        phase.completing = false
        setSubmitting(false)
      }
    }
    const onComplete = () => {
      if (submitted.current) onSubmitted(submitted.current, { ...survey.data })
    }
    // "Terminer" refused by the questionnaire's own rules never reaches onCompleting: SurveyJS has
    // shown the errors and opened the first page with one. Sonde adds the list of everything missing.
    const tryComplete = survey.tryComplete.bind(survey)
    let reached = false
    const noteReached = () => {
      reached = true
    }
    survey.onCompleting.add(noteReached)
    survey.tryComplete = () => {
      reached = false
      phase.refusing = true
      let done: boolean
      try {
        done = tryComplete()
      } finally {
        phase.refusing = false
      }
      if (!reached && survey.state !== 'completed') {
        markChecked(survey.visiblePages)
        showSummaryInPlace()
      }
      return done
    }
    survey.onCompleting.add(onCompleting)
    survey.onComplete.add(onComplete)
    return () => {
      survey.tryComplete = tryComplete
      survey.onCompleting.remove(noteReached)
      survey.onCompleting.remove(onCompleting)
      survey.onComplete.remove(onComplete)
    }
  }, [survey, sync, token, phase, onSubmitted, stopSaving, markChecked, showSummaryInPlace, hideSummary])

  return { submitting, problem }
}

/**
 * A refused submission. 422 VALIDATION_FAILED puts the server's messages on the questions, the
 * way SurveyJS shows its own errors, and brings the first one into view.
 */
function describeSubmitError(survey: Model, error: unknown): SubmitProblem {
  if (error instanceof NetworkError || (error instanceof ApiError && error.status >= 500)) return { kind: 'network' }
  if (!(error instanceof ApiError)) return { kind: 'rejected', code: 'UNKNOWN' }
  if (error.code !== 'VALIDATION_FAILED') return { kind: 'rejected', code: error.code }
  const details = error.details as Partial<ValidationFailedDetails> | undefined
  const errors = Array.isArray(details?.errors) ? details.errors : []
  const unplaced: ValidationError[] = []
  let first: string | undefined
  for (const item of errors) {
    const question = survey.getQuestionByName(item.name)
    if (question && question.isVisible) {
      question.addError(item.message)
      first ??= item.name
    } else {
      unplaced.push(item)
    }
  }
  if (first) survey.focusQuestion(first)
  return { kind: 'validation', unplaced }
}
