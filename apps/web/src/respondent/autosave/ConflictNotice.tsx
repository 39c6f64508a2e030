import type { AnswerConflict } from '@sonde/contracts'
import type { Model } from 'survey-core'
import { t } from '../../i18n'
import { describeAnswer, questionTitle } from '../survey/describe-answer'

interface ConflictNoticeProps {
  survey: Model
  conflicts: AnswerConflict[]
  onKeepMine(name: string): void
  onTakeTheirs(name: string): void
}

/** A colleague saved another answer to the same question: show both and let the person choose. */
export function ConflictNotice({ survey, conflicts, onKeepMine, onTakeTheirs }: ConflictNoticeProps) {
  if (conflicts.length === 0) return null
  return (
    <section className="notice notice--warning" aria-labelledby="conflict-title">
      <h2 id="conflict-title" className="notice__title">
        {t('respondent.conflict.title')}
      </h2>
      <p>{t('respondent.conflict.intro')}</p>
      <ul className="conflict-list">
        {conflicts.map((conflict, index) => {
          const title = questionTitle(survey, conflict.name)
          const headingId = `conflict-${index}`
          return (
            <li key={conflict.name} className="conflict">
              <h3 id={headingId} className="conflict__question">{t('respondent.conflict.question', { question: title })}</h3>
              <dl className="conflict__values">
                <div>
                  <dt>{t('respondent.conflict.yours')}</dt>
                  <dd>{describeAnswer(survey, conflict.name, conflict.yours)}</dd>
                </div>
                <div>
                  <dt>{t('respondent.conflict.theirs')}</dt>
                  <dd>{describeAnswer(survey, conflict.name, conflict.theirs)}</dd>
                </div>
              </dl>
              <div className="button-row">
                <button type="button" className="button" aria-describedby={headingId} onClick={() => onKeepMine(conflict.name)}>
                  {t('respondent.conflict.keepMine')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-describedby={headingId}
                  onClick={() => onTakeTheirs(conflict.name)}>
                  {t('respondent.conflict.takeTheirs')}
                </button>
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
