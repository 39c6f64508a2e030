import type { AnswerConflict } from '@sonde/contracts'
import type { Model } from 'survey-core'
import { tCount } from '../../i18n/count'
import { ContentText } from '../survey/ContentLang'
import { questionTitle } from '../survey/describe-answer'

/**
 * At the top of the page: which questions wait for a choice, with a link to each (they can be on
 * another page than the one shown). The choice itself is made on the question.
 */
interface ConflictSummaryProps {
  survey: Model
  conflicts: AnswerConflict[]
  onGoToQuestion(name: string): void
}

export function ConflictSummary({ survey, conflicts, onGoToQuestion }: ConflictSummaryProps) {
  if (conflicts.length === 0) return null
  return (
    <div className="notice notice--warning">
      <p>{tCount({ one: 'respondent.conflict.summary.one', other: 'respondent.conflict.summary.other' }, conflicts.length)}</p>
      <ul>
        {conflicts.map((conflict) => (
          <li key={conflict.name}>
            <a
              href={`#${survey.getQuestionByName(conflict.name)?.id ?? ''}`}
              onClick={(event) => {
                event.preventDefault()
                onGoToQuestion(conflict.name)
              }}
            >
              <ContentText>{questionTitle(survey, conflict.name)}</ContentText>
            </a>
          </li>
        ))}
      </ul>
    </div>
  )
}
