import type { LintProblem } from '@sonde/contracts'
import { t } from '../../i18n'

/** The lint's errors (they block the save) or warnings (they do not), each with where it is. */
export function ProblemList({ kind, problems }: { kind: 'error' | 'warning'; problems: LintProblem[] }) {
  if (problems.length === 0) return null
  const title = kind === 'error' ? t('admin.questionnaire.errors', { count: problems.length }) : t('admin.questionnaire.warnings', { count: problems.length })
  return (
    <div className={kind === 'error' ? 'problems problems--error' : 'problems problems--warning'}>
      <h4 className="problems__title">{title}</h4>
      <ul>
        {problems.map((problem, index) => (
          <li key={`${problem.path}-${index}`}>
            {problem.message}
            {problem.path ? (
              <>
                {' '}
                <code className="problems__path">{problem.path}</code>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  )
}
