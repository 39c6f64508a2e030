import type { Model } from 'survey-core'
import { t } from '../../i18n'
import { pageTitle } from '../navigation/outline'
import { describeAnswer, questionTitle } from '../survey/describe-answer'

interface AnswersSummaryProps {
  survey: Model
  heading: string
  details: string[]
  className?: string
}

/**
 * The questions and answers, page by page, as plain text: what the print stylesheet prints
 * (without the page's header, buttons and the questionnaire's own chrome).
 */
export function AnswersSummary({ survey, heading, details, className }: AnswersSummaryProps) {
  return (
    <section className={`answers-summary ${className ?? ''}`} aria-label={heading} lang={survey.locale || 'fr'}>
      <h2>{heading}</h2>
      {details.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {survey.visiblePages.map((page) => {
        const questions = page.questions.filter((question) => question.isVisible && question.hasInput)
        if (questions.length === 0) return null
        return (
          <section key={page.name}>
            <h3>{pageTitle(page)}</h3>
            <dl>
              {questions.map((question) => (
                <div key={question.name} className="answers-summary__item">
                  <dt>{questionTitle(survey, question.name)}</dt>
                  <dd>{question.isEmpty() ? t('respondent.summary.unanswered') : describeAnswer(survey, question.name, question.value)}</dd>
                </div>
              ))}
            </dl>
          </section>
        )
      })}
    </section>
  )
}
