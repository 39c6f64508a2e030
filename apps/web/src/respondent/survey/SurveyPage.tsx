import type { RespondentView, SubmitResult } from '@sonde/contracts'
import { Survey } from 'survey-react-ui'
import { formatDateTime, getLang, t } from '../../i18n'
import { formatParisDateTime } from '../../i18n/format'
import { tCount } from '../../i18n/count'
import { htmlToText } from '../../survey/safe-html'
import { ConflictContext } from '../autosave/conflict-context'
import { ConflictSummary } from '../autosave/ConflictSummary'
import { PresenceHint } from '../autosave/PresenceHint'
import { SaveStatus } from '../autosave/SaveStatus'
import { UnsentNotice } from '../autosave/UnsentNotice'
import { useAnswerSync } from '../autosave/use-answer-sync'
import { useLeaveWarning } from '../autosave/use-leave-warning'
import { usePresence } from '../autosave/use-presence'
import { MissingSummary } from '../navigation/MissingSummary'
import { PageCheckNotice } from '../navigation/PageCheckNotice'
import { TableOfContents } from '../navigation/TableOfContents'
import { useFocusManagement } from '../navigation/use-focus-management'
import { useOutline } from '../navigation/use-outline'
import { usePageChecks } from '../navigation/use-page-checks'
import { SubmitProblemNotice } from '../submit/SubmitProblemNotice'
import { useSubmission, useSubmissionPhase } from '../submit/use-submission'
import { ContentLangContext } from './ContentLang'
import { useSurveyModel } from './use-survey-model'

interface SurveyPageProps {
  token: string
  view: RespondentView
  onSubmitted(result: SubmitResult, answers: Record<string, unknown>): void
}

/**
 * The questionnaire itself: SurveyJS, autosave with conflicts shown on their questions, the table
 * of contents with progress, per-page checks, the summary of what is missing, and the submission.
 * Each of these is a hook; the page puts their state on screen.
 */
export function SurveyPage({ token, view, onSubmitted }: SurveyPageProps) {
  const model = useSurveyModel(token, view)
  const { survey } = model
  const { sync, snapshot, readOnly, conflictApi, stopSaving } = useAnswerSync(token, view, model)
  const phase = useSubmissionPhase()
  const { summary, summaryHeading, showSummary, showSummaryInPlace, hideSummary, goToPage, goToQuestion } = useFocusManagement(survey, phase)
  const { checkedPages, markChecked, pageCheck } = usePageChecks(survey, { readOnly, response: view.response, phase })
  const outline = useOutline(survey, checkedPages, snapshot)
  const others = usePresence(token, survey, !readOnly)
  const { submitting, problem } = useSubmission({ token, survey, sync, phase, onSubmitted, stopSaving, markChecked, showSummaryInPlace, hideSummary })

  useLeaveWarning(!readOnly && (snapshot.pendingCount > 0 || snapshot.conflicts.length > 0 || submitting))

  const onLastPage = outline.pages.length > 0 && outline.pages[outline.pages.length - 1]?.current === true
  const title = htmlToText(survey.locTitle.renderedHtml) || view.wave.title
  const description = htmlToText(survey.locDescription.renderedHtml)
  const reopenedAt = view.response.status !== 'submitted' && view.response.submittedAt ? new Date(view.response.submittedAt) : null
  const contentLang = survey.locale || 'fr'
  return (
    <ContentLangContext.Provider value={contentLang}>
      <div className="survey-intro">
        <h1 lang={contentLang}>{title}</h1>
        <p className="survey-intro__organisation">{t('respondent.organisation', { organisation: view.organisation.name })}</p>
        {view.wave.status === 'open' && view.wave.closesAt ? (
          <p className="survey-intro__deadline">{t('respondent.deadline', { date: formatParisDateTime(view.wave.closesAt) })}</p>
        ) : null}
        {description ? <p lang={contentLang}>{description}</p> : null}
        {readOnly || description ? null : <p>{t('respondent.autosaveHint')}</p>}
      </div>
      <div className="sticky-status">
        <SaveStatus state={readOnly ? { kind: 'readonly' } : snapshot.state} submitting={submitting} hasConflicts={snapshot.conflicts.length > 0} />
      </div>
      <PresenceHint others={others} survey={survey} />
      {readOnly ? (
        <section className="notice notice--info" aria-labelledby="readonly-title">
          <h2 id="readonly-title" className="notice__title">
            {t('respondent.readonly.title')}
          </h2>
          <p>{t('respondent.readonly.body')}</p>
          {/* A draft's closing is still to come: only a wave that has closed says when it did. */}
          {(view.wave.status === 'closed' || view.wave.status === 'archived') && view.wave.closesAt ? (
            <p>{t('respondent.deadline.passed', { date: formatParisDateTime(view.wave.closesAt) })}</p>
          ) : null}
        </section>
      ) : null}
      {reopenedAt && !readOnly ? (
        <div className="notice notice--warning">
          <p>{t('respondent.reopened.body', { date: formatDateTime(reopenedAt) })}</p>
        </div>
      ) : null}
      {contentLang !== getLang() ? (
        <div className="notice">
          <p>{t('respondent.onlyInFrench')}</p>
        </div>
      ) : null}
      {readOnly ? null : <UnsentNotice snapshot={snapshot} />}
      <ConflictSummary survey={survey} conflicts={snapshot.conflicts} onGoToQuestion={goToQuestion} />
      {problem ? <SubmitProblemNotice survey={survey} problem={problem} /> : null}
      <div className="survey-layout">
        <TableOfContents outline={outline} onGoToPage={goToPage} />
        <div className="survey-main">
          <div aria-live="polite">
            {pageCheck && summary === 'hidden' ? <PageCheckNotice survey={survey} check={pageCheck} onGoToQuestion={goToQuestion} /> : null}
          </div>
          {summary !== 'hidden' && !readOnly ? (
            <MissingSummary survey={survey} outline={outline} headingRef={summaryHeading} onGoToQuestion={goToQuestion} />
          ) : null}
          {summary === 'hidden' && onLastPage && !readOnly && (outline.problems.length > 0 || outline.warnings.length > 0) ? (
            <div className="notice">
              {outline.problems.length > 0 ? (
                <p>{tCount({ one: 'respondent.missing.hint.one', other: 'respondent.missing.hint.other' }, outline.problems.length)}</p>
              ) : null}
              {outline.warnings.length > 0 ? (
                <p>{tCount({ one: 'respondent.warning.hint.one', other: 'respondent.warning.hint.other' }, outline.warnings.length)}</p>
              ) : null}
              <button type="button" className="button button--secondary" onClick={showSummary}>
                {t('respondent.missing.show')}
              </button>
            </div>
          ) : null}
          <ConflictContext.Provider value={conflictApi}>
            <div lang={contentLang}>
              <Survey model={survey} />
            </div>
          </ConflictContext.Provider>
        </div>
      </div>
    </ContentLangContext.Provider>
  )
}
