import type { Model } from 'survey-core'
import { t } from '../../i18n'
import { tCount } from '../../i18n/count'
import type { Problem } from './outline'
import { ProblemList } from './ProblemList'

/** The result of checking one page: when it was left, or on "Vérifier cette page". */
export interface PageCheck {
  pageTitle: string
  /** The page checked is the one shown ("Vérifier cette page"), or the one just left. */
  current: boolean
  problems: Problem[]
}

export function PageCheckNotice({ survey, check, onGoToQuestion }: { survey: Model; check: PageCheck; onGoToQuestion(name: string): void }) {
  if (check.problems.length === 0) {
    return check.current ? (
      <div className="notice notice--success">
        <p>{t('respondent.check.ok', { page: check.pageTitle })}</p>
      </div>
    ) : null
  }
  return (
    <div className="notice notice--warning">
      <p>
        {check.current
          ? tCount({ one: 'respondent.check.problemsHere.one', other: 'respondent.check.problemsHere.other' }, check.problems.length, {
              page: check.pageTitle,
            })
          : tCount({ one: 'respondent.check.problemsLeft.one', other: 'respondent.check.problemsLeft.other' }, check.problems.length, {
              page: check.pageTitle,
            })}
      </p>
      <ProblemList survey={survey} problems={check.problems} onGoToQuestion={onGoToQuestion} />
    </div>
  )
}
