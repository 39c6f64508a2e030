import type { ImportProblem } from '@sonde/contracts'
import { ApiError } from '../../api/http'
import { t } from '../../i18n'

/** The problems a refused bundle or spreadsheet came back with (`details.problems`), or none. */
export function importProblemsOf(error: unknown): ImportProblem[] {
  if (!(error instanceof ApiError) || (error.code !== 'BUNDLE_INVALID' && error.code !== 'SPREADSHEET_INVALID')) return []
  const problems = (error.details as { problems?: unknown } | undefined)?.problems
  return Array.isArray(problems) ? (problems as ImportProblem[]) : []
}

/** A refused file: why, then each of its problems, where it is and what (the server writes them in French). */
export function ImportRefusal({ message, problems }: { message: string; problems: ImportProblem[] }) {
  return (
    <div className="notice notice--error">
      <p>{message}</p>
      {problems.length === 0 ? null : (
        <div className="problems problems--error">
          <h4 className="problems__title">{t('admin.transfer.problems', { count: problems.length })}</h4>
          <ul>
            {problems.map((problem, index) => (
              <li key={`${problem.path}-${index}`}>
                {problem.path ? (
                  <>
                    <code className="problems__path">{problem.path}</code>{' '}
                  </>
                ) : null}
                {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
