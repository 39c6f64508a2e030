import type { RespondentView, SubmitResult, ValidationError } from '@sonde/contracts'
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { CompletingEvent, Model, ValueChangedEvent } from 'survey-core'
import { Survey } from 'survey-react-ui'
import { ApiError, NetworkError } from '../../api/http'
import { t } from '../../i18n'
import { localStore, sessionStore } from '../../layout/browser-storage'
import { AnswerSync } from '../autosave/answer-sync'
import { ConflictNotice } from '../autosave/ConflictNotice'
import { SaveStatus } from '../autosave/SaveStatus'
import { submitResponse } from '../submit/submit-response'
import { createSurvey } from './create-survey'
import { questionTitle } from './describe-answer'

type SubmitProblem =
  | { kind: 'conflicts' | 'failed' | 'network' }
  | { kind: 'validation'; unplaced: ValidationError[] }
  | { kind: 'rejected'; code: string }

interface SurveyPageProps {
  token: string
  view: RespondentView
  onSubmitted(result: SubmitResult, answers: Record<string, unknown>): void
}

/** The questionnaire itself: SurveyJS, autosave, conflicts, and the submission. */
export function SurveyPage({ token, view, onSubmitted }: SurveyPageProps) {
  const [survey] = useState(() => {
    const model = createSurvey(view.questionnaire)
    model.data = view.response.answers
    // The title and description are the page's own heading, above the save status.
    model.showTitle = false
    return model
  })
  const [sync] = useState(() => {
    const engine = new AnswerSync({
      token,
      revision: view.response.revision,
      answers: view.response.answers,
      storage: localStore(),
      target: {
        getValue: (name) => survey.getValue(name),
        // Not an edit of this person: no onValueChanged, hence no save loop.
        applyRemote: (name, value) => survey.setValue(name, value, false, false),
      },
    })
    // Unsent edits of a wave that has closed since would only pretend to be answers.
    if (view.wave.status === 'open') engine.restore()
    return engine
  })
  const snapshot = useSyncExternalStore(sync.subscribe, sync.getSnapshot)
  const [submitting, setSubmitting] = useState(false)
  const [problem, setProblem] = useState<SubmitProblem | null>(null)
  const submitted = useRef<SubmitResult | null>(null)
  const readOnly = snapshot.readOnly || view.wave.status !== 'open'

  useEffect(() => {
    survey.readOnly = readOnly
  }, [survey, readOnly])

  useEffect(() => {
    const onValueChanged = (_: Model, options: ValueChangedEvent) => {
      // Once submitted, SurveyJS still tidies its data (clearing answers to hidden questions):
      // that is not an edit to save.
      if (submitted.current) return
      sync.change(options.name, options.value)
    }
    survey.onValueChanged.add(onValueChanged)
    if (view.wave.status === 'open') sync.start()
    return () => {
      survey.onValueChanged.remove(onValueChanged)
      sync.dispose()
    }
  }, [survey, sync, view.wave.status])

  useEffect(() => {
    // SurveyJS has already checked its own rules (required answers…) when this runs. It waits for
    // the returned promise; completion goes ahead only if `options.allow` is still true then.
    // The handler must never reject: SurveyJS would wait forever.
    const onCompleting = async (_: Model, options: CompletingEvent): Promise<void> => {
      options.allow = false
      setSubmitting(true)
      setProblem(null)
      try {
        const flushed = await sync.flush()
        if (flushed === 'conflicts' || flushed === 'failed') {
          setProblem({ kind: flushed })
          return
        }
        if (flushed === 'readonly') return
        submitted.current = await submitResponse(token, sync.currentRevision, sessionStore())
        options.allow = true
      } catch (error) {
        setProblem(describeSubmitError(survey, error))
      } finally {
        setSubmitting(false)
      }
    }
    const onComplete = () => {
      if (submitted.current) onSubmitted(submitted.current, { ...survey.data })
    }
    survey.onCompleting.add(onCompleting)
    survey.onComplete.add(onComplete)
    return () => {
      survey.onCompleting.remove(onCompleting)
      survey.onComplete.remove(onComplete)
    }
  }, [survey, sync, token, onSubmitted])

  return (
    <>
      <div className="survey-intro">
        <h1>{survey.title || view.wave.title}</h1>
        <p className="survey-intro__organisation">{t('respondent.organisation', { organisation: view.organisation.name })}</p>
        {survey.description ? <p>{survey.description}</p> : null}
        {readOnly || survey.description ? null : <p>{t('respondent.autosaveHint')}</p>}
      </div>
      <div className="sticky-status">
        <SaveStatus
          state={readOnly ? { kind: 'readonly' } : snapshot.state}
          submitting={submitting}
          hasConflicts={snapshot.conflicts.length > 0}
        />
      </div>
      {readOnly ? (
        <section className="notice notice--info" aria-labelledby="readonly-title">
          <h2 id="readonly-title" className="notice__title">
            {t('respondent.readonly.title')}
          </h2>
          <p>{t('respondent.readonly.body')}</p>
        </section>
      ) : null}
      <ConflictNotice
        survey={survey}
        conflicts={snapshot.conflicts}
        onKeepMine={(name) => sync.keepMine(name)}
        onTakeTheirs={(name) => sync.takeTheirs(name)}
      />
      {problem ? <SubmitProblemNotice survey={survey} problem={problem} /> : null}
      <Survey model={survey} />
    </>
  )
}

function SubmitProblemNotice({ survey, problem }: { survey: Model; problem: SubmitProblem }) {
  let text: string
  switch (problem.kind) {
    case 'conflicts':
      text = t('respondent.submit.conflicts')
      break
    case 'failed':
      text = t('respondent.submit.flushFailed')
      break
    case 'network':
      text = t('respondent.submit.networkError')
      break
    case 'validation':
      text = t('respondent.submit.validation')
      break
    case 'rejected':
      text = t('respondent.submit.rejected', { code: problem.code })
      break
  }
  return (
    <div className="notice notice--error" role="alert">
      <p>{text}</p>
      {problem.kind === 'validation' && problem.unplaced.length > 0 ? (
        <ul>
          {problem.unplaced.map((error) => (
            <li key={error.name}>
              {t('respondent.submit.validationOther', { question: questionTitle(survey, error.name), message: error.message })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/**
 * A refused submission. 422 VALIDATION_FAILED puts the server's messages on the questions, the
 * way SurveyJS shows its own errors, and brings the first one into view.
 */
function describeSubmitError(survey: Model, error: unknown): SubmitProblem {
  if (error instanceof NetworkError || (error instanceof ApiError && error.status >= 500)) return { kind: 'network' }
  if (!(error instanceof ApiError)) return { kind: 'rejected', code: 'UNKNOWN' }
  if (error.code !== 'VALIDATION_FAILED') return { kind: 'rejected', code: error.code }
  const details = error.details as { errors?: ValidationError[] } | undefined
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
