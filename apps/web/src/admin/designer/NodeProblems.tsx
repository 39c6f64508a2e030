import { t } from '../../i18n'
import type { PlacedProblem } from './model/tree'

/** The lint's findings about one node, where staff edit it. */
export function NodeProblems({ problems }: { problems: PlacedProblem[] }) {
  if (problems.length === 0) return null
  return (
    <ul className="designer-problems">
      {problems.map((problem, index) => (
        <li
          key={`${problem.path}-${index}`}
          className={problem.kind === 'error' ? 'designer-problem designer-problem--error' : 'designer-problem designer-problem--warning'}
        >
          <strong>{t(problem.kind === 'error' ? 'admin.designer.problem.error' : 'admin.designer.problem.warning')}</strong> {problem.message}
        </li>
      ))}
    </ul>
  )
}
