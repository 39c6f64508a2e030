import type { RespondentView } from '@sonde/contracts'
import { useEffect, useRef, useState } from 'react'
import { Survey } from 'survey-react-ui'
import { ApiError } from '../../api/http'
import { errorMessage, formatDateTime, t } from '../../i18n'
import { formatParisDateTime } from '../../i18n/format'
import { createSurvey } from '../../survey/create-survey'
import { htmlToText } from '../../survey/safe-html'
import { AnswersSummary } from './AnswersSummary'
import { reopenResponse } from './reopen-response'
import { MemberReport } from '../report/MemberReport'

interface SubmittedPageProps {
  token: string
  view: RespondentView
  submittedAt: string | null
  answers: Record<string, unknown>
  /** The answers are editable again: load the questionnaire anew. */
  onReopened(): void
}

type Reopen = { kind: 'idle' | 'working' } | { kind: 'failed'; message: string }

/**
 * After the submission (or when the link is opened again later): thanks and the date; the
 * organisation's own answers to download (CSV, JSON), print or read again; and, when the wave
 * allows it and is still open, a way back into the questionnaire.
 */
export function SubmittedPage({ token, view, submittedAt, answers, onReopened }: SubmittedPageProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  const [showAnswers, setShowAnswers] = useState(false)
  const [reopen, setReopen] = useState<Reopen>({ kind: 'idle' })
  // Read again on screen: the questionnaire itself, read-only, page by page.
  const [survey] = useState(() => {
    const model = createSurvey(view.questionnaire)
    model.data = answers
    model.readOnly = true
    model.showTitle = false
    return model
  })
  // Printed: the same answers as plain text, pages and questions shown as the answers make them
  // (a family page only when its family was ticked).
  const [printed] = useState(() => {
    const model = createSurvey(view.questionnaire)
    model.data = answers
    return model
  })

  useEffect(() => {
    // The page changed under the person's eyes: bring screen readers and keyboards to the news.
    heading.current?.focus()
  }, [])

  const waveOpen = view.wave.status === 'open'
  const canEdit = waveOpen && view.wave.editAfterSubmit
  const base = `/api/r/${encodeURIComponent(token)}`
  const date = submittedAt ? new Date(submittedAt) : null
  const when = date && !Number.isNaN(date.getTime()) ? t('respondent.submitted.when', { date: formatDateTime(date) }) : null
  const title = htmlToText(survey.locTitle.renderedHtml) || view.wave.title

  const startEditing = async () => {
    setReopen({ kind: 'working' })
    try {
      await reopenResponse(token)
      onReopened()
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'NETWORK'
      setReopen({
        kind: 'failed',
        message:
          code === 'WAVE_NOT_OPEN'
            ? t('respondent.reopen.closed')
            : code === 'NETWORK'
              ? t('common.error.network')
              : t('respondent.reopen.failed', { reason: errorMessage(code) }),
      })
    }
  }

  return (
    <>
      <div className="no-print">
        <section className="notice notice--success submitted" aria-labelledby="submitted-title">
          <h1 id="submitted-title" ref={heading} tabIndex={-1}>
            {t('respondent.submitted.title')}
          </h1>
          {when ? <p>{when}</p> : null}
          <p>{waveOpen ? t('respondent.submitted.body') : t('respondent.submitted.closed')}</p>
          {/* Answers that can still change, until the deadline. */}
          {canEdit && view.wave.closesAt ? <p>{t('respondent.deadline', { date: formatParisDateTime(view.wave.closesAt) })}</p> : null}
        </section>

        <section className="own-answers" aria-labelledby="own-answers-title">
          <h2 id="own-answers-title">{t('respondent.ownAnswers.title')}</h2>
          <p>{t('respondent.ownAnswers.intro')}</p>
          <div className="button-row">
            <a className="button button--secondary" href={`${base}/answers.csv`} download>
              {t('respondent.ownAnswers.csv')}
            </a>
            <a className="button button--secondary" href={`${base}/answers.json`} download>
              {t('respondent.ownAnswers.json')}
            </a>
            <button type="button" className="button button--secondary" onClick={() => window.print()}>
              {t('respondent.ownAnswers.print')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              aria-expanded={showAnswers}
              aria-controls="submitted-answers"
              onClick={() => setShowAnswers((shown) => !shown)}
            >
              {showAnswers ? t('respondent.submitted.hideAnswers') : t('respondent.submitted.showAnswers')}
            </button>
          </div>
        </section>

        {canEdit ? (
          <section className="own-answers" aria-labelledby="edit-title">
            <h2 id="edit-title">{t('respondent.reopen.title')}</h2>
            <p>{t('respondent.reopen.intro')}</p>
            <button type="button" className="button" disabled={reopen.kind === 'working'} onClick={() => void startEditing()}>
              {t('respondent.reopen.button')}
            </button>
            {reopen.kind === 'failed' ? (
              <p className="notice notice--error" role="alert">
                {reopen.message}
              </p>
            ) : null}
          </section>
        ) : null}

        <div id="submitted-answers" hidden={!showAnswers} lang={survey.locale || 'fr'}>
          {showAnswers ? <Survey model={survey} /> : null}
        </div>
      </div>
      {/* The organisation's own figures beside its family's, once staff publish the results. */}
      <MemberReport token={token} />
      <AnswersSummary survey={printed} className="print-only" heading={title} details={[view.organisation.name, ...(when ? [when] : [])]} />
    </>
  )
}
