import type { Model } from 'survey-core'
import { t } from '../../i18n'
import { ContentText } from '../survey/ContentLang'
import type { Problem } from './outline'

/** Questions to fix or to check, each a link that opens its page and puts the focus in it. */
export function ProblemList({ survey, problems, onGoToQuestion }: { survey: Model; problems: Problem[]; onGoToQuestion(name: string): void }) {
  return (
    <ul className="problem-list">
      {problems.map((problem) => (
        <li key={problem.name}>
          <a
            href={`#${survey.getQuestionByName(problem.name)?.id ?? ''}`}
            onClick={(event) => {
              event.preventDefault()
              onGoToQuestion(problem.name)
            }}
          >
            <ContentText>{problem.title}</ContentText>
          </a>
          {' — '}
          {problem.kind === 'warning' ? (
            <ContentText>{problem.message}</ContentText>
          ) : (
            t(problem.kind === 'required' ? 'respondent.problem.required' : 'respondent.problem.invalid')
          )}
        </li>
      ))}
    </ul>
  )
}
