import type { Model } from 'survey-core'
import { errorMessage, t } from '../../i18n'
import { questionTitle } from '../survey/describe-answer'
import type { SubmitProblem } from './use-submission'

export function SubmitProblemNotice({ survey, problem }: { survey: Model; problem: SubmitProblem }) {
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
      text = t('respondent.submit.rejected', { reason: errorMessage(problem.code) })
      break
  }
  return (
    <div className="notice notice--error" role="alert">
      <p>{text}</p>
      {problem.kind === 'validation' && problem.unplaced.length > 0 ? (
        <ul>
          {problem.unplaced.map((error) => (
            <li key={error.name}>{t('respondent.submit.validationOther', { question: questionTitle(survey, error.name), message: error.message })}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
