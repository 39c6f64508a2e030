import { useEffect, useRef, useState } from 'react'
import { Survey } from 'survey-react-ui'
import { formatDateTime, t } from '../../i18n'
import { createSurvey } from '../survey/create-survey'

interface SubmittedPageProps {
  submittedAt: string | null
  questionnaire: Record<string, unknown>
  answers: Record<string, unknown>
}

/** After the submission (or when the link is opened again later): thanks, the date, the answers read-only. */
export function SubmittedPage({ submittedAt, questionnaire, answers }: SubmittedPageProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  const [showAnswers, setShowAnswers] = useState(false)
  const [survey] = useState(() => {
    const model = createSurvey(questionnaire)
    model.data = answers
    model.readOnly = true
    model.showNavigationButtons = false
    return model
  })

  useEffect(() => {
    // The page changed under the person's eyes: bring screen readers and keyboards to the news.
    heading.current?.focus()
  }, [])

  const date = submittedAt ? new Date(submittedAt) : null
  return (
    <>
      <section className="notice notice--success submitted" aria-labelledby="submitted-title">
        <h1 id="submitted-title" ref={heading} tabIndex={-1}>
          {t('respondent.submitted.title')}
        </h1>
        {date && !Number.isNaN(date.getTime()) ? (
          <p>
            {t('respondent.submitted.when', { date: formatDateTime(date) })}
          </p>
        ) : null}
        <p>{t('respondent.submitted.body')}</p>
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={showAnswers}
          aria-controls="submitted-answers"
          onClick={() => setShowAnswers((shown) => !shown)}
        >
          {showAnswers ? t('respondent.submitted.hideAnswers') : t('respondent.submitted.showAnswers')}
        </button>
      </section>
      <div id="submitted-answers" hidden={!showAnswers}>
        {showAnswers ? <Survey model={survey} /> : null}
      </div>
    </>
  )
}
