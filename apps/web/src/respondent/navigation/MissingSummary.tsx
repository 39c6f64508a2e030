import type { Ref } from 'react'
import type { Model } from 'survey-core'
import { t } from '../../i18n'
import { tCount } from '../../i18n/count'
import { ContentText } from '../survey/ContentLang'
import type { Outline } from './outline'
import { ProblemList } from './ProblemList'

interface MissingSummaryProps {
  survey: Model
  outline: Outline
  headingRef?: Ref<HTMLHeadingElement>
  onGoToQuestion(name: string): void
}

/**
 * The unusual values nobody confirmed, page by page, each question one link away: to check, never
 * blocking.
 */
function WarningSummary({ survey, outline, onGoToQuestion }: Omit<MissingSummaryProps, 'headingRef'>) {
  if (outline.warnings.length === 0) return null
  return (
    <section className="notice notice--warning" aria-labelledby="warnings-title">
      <h2 id="warnings-title" className="notice__title">
        {tCount({ one: 'respondent.warning.title.one', other: 'respondent.warning.title.other' }, outline.warnings.length)}
      </h2>
      <p>{t('respondent.warning.intro')}</p>
      {outline.pages
        .filter((page) => page.warnings.length > 0)
        .map((page) => (
          <div key={page.name}>
            <h3 className="missing__page">
              <ContentText>{page.title}</ContentText>
            </h3>
            <ProblemList survey={survey} problems={page.warnings} onGoToQuestion={onGoToQuestion} />
          </div>
        ))}
    </section>
  )
}

/**
 * Before sending: everything that still stops the submission, page by page, each question one
 * link away; then the unusual values to check, which do not stop it. Shown when "Terminer" was
 * refused (the focus comes here) and on request.
 */
export function MissingSummary({ survey, outline, headingRef, onGoToQuestion }: MissingSummaryProps) {
  if (outline.problems.length === 0) {
    return (
      <>
        <section className="notice notice--success" aria-labelledby="missing-title">
          <h2 id="missing-title" ref={headingRef} tabIndex={-1} className="notice__title">
            {t('respondent.missing.none')}
          </h2>
        </section>
        <WarningSummary survey={survey} outline={outline} onGoToQuestion={onGoToQuestion} />
      </>
    )
  }
  return (
    <>
      <section className="notice notice--error" aria-labelledby="missing-title">
        <h2 id="missing-title" ref={headingRef} tabIndex={-1} className="notice__title">
          {tCount({ one: 'respondent.missing.title.one', other: 'respondent.missing.title.other' }, outline.problems.length)}
        </h2>
        <p>{t('respondent.missing.intro')}</p>
        {outline.pages
          .filter((page) => page.problems.length > 0)
          .map((page) => (
            <div key={page.name}>
              <h3 className="missing__page">
                <ContentText>{page.title}</ContentText>
              </h3>
              <ProblemList survey={survey} problems={page.problems} onGoToQuestion={onGoToQuestion} />
            </div>
          ))}
      </section>
      <WarningSummary survey={survey} outline={outline} onGoToQuestion={onGoToQuestion} />
    </>
  )
}
