import type { RespondentView, SubmitResult, ValidationError } from '@sonde/contracts'
import { confirmedQuestion } from '@sonde/survey/confirmation'
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import type { CompletingEvent, CurrentPageChangedEvent, Model, PageModel, ScrollToTopEvent, ValueChangedEvent } from 'survey-core'
import { Survey } from 'survey-react-ui'
import { ApiError, NetworkError } from '../../api/http'
import { formatDateTime, getLang, t } from '../../i18n'
import { localStore, sessionStore } from '../../layout/browser-storage'
import { AnswerSync } from '../autosave/answer-sync'
import { ConflictContext, type ConflictApi } from '../autosave/conflict-context'
import { ConflictSummary } from '../autosave/ConflictSummary'
import { showConflictsOnQuestions } from '../autosave/QuestionConflict'
import { PresenceHint } from '../autosave/PresenceHint'
import { SaveStatus } from '../autosave/SaveStatus'
import { usePresence } from '../autosave/use-presence'
import { UnsentNotice } from '../autosave/UnsentNotice'
import { useLeaveWarning } from '../autosave/use-leave-warning'
import { sameAnswer } from '../autosave/values'
import { tCount } from '../../i18n/count'
import { MissingSummary } from '../navigation/MissingSummary'
import { outlineOf, pageTitle } from '../navigation/outline'
import { PageCheckNotice, type PageCheck } from '../navigation/PageCheckNotice'
import { TableOfContents } from '../navigation/TableOfContents'
import { useOutline } from '../navigation/use-outline'
import { NumberDrafts, surveyDrafts } from '../number-entry/number-drafts'
import { FieldChecks, surveyChecks } from '../plausibility/field-checks'
import { submitResponse } from '../submit/submit-response'
import { createSurvey } from './create-survey'
import { questionTitle } from './describe-answer'
import { ContentLangContext } from './ContentLang'
import { htmlToText } from './safe-html'

type SubmitProblem =
  | { kind: 'conflicts' | 'failed' | 'network' }
  | { kind: 'validation'; unplaced: ValidationError[] }
  | { kind: 'rejected'; code: string }

/** The summary of what is missing: hidden, shown, or shown and to receive the focus. */
type SummaryMode = 'hidden' | 'shown' | 'focus'

interface SurveyPageProps {
  token: string
  view: RespondentView
  onSubmitted(result: SubmitResult, answers: Record<string, unknown>): void
}

const CHECK_PAGE_ACTION = 'sonde-check-page'

/**
 * Whether a page holds answers of the organisation's own: the answers the registry gave a
 * response nobody had saved yet (`prefilled`) do not count while they are unchanged.
 */
function hasAnswers(page: PageModel, prefilled: Record<string, unknown>): boolean {
  return page.questions.some(
    (question) =>
      question.isVisible && question.hasInput && !question.isEmpty() && !(question.name in prefilled && sameAnswer(question.value, prefilled[question.name])),
  )
}

/**
 * Makes sure the focus lands in question `name` once its page is drawn. SurveyJS focuses it
 * after a short fixed delay; on a slow device the new page may not be in the document yet, and
 * the focus would stay on the link that was followed. Tries again at each frame for 3 s.
 */
function focusQuestionWhenShown(name: string): void {
  const deadline = performance.now() + 3000
  const attempt = () => {
    const container = document.querySelector(`[data-name="${CSS.escape(name)}"]`)
    if (container?.contains(document.activeElement)) return
    const target = container?.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), select, textarea, [tabindex="0"]')
    if (target) target.focus()
    else if (performance.now() < deadline) requestAnimationFrame(attempt)
  }
  requestAnimationFrame(attempt)
}

/** Moves the focus to the title of the page now shown (after a jump from the table of contents). */
function focusPageTitle(survey: Model): void {
  requestAnimationFrame(() => {
    const title = document.querySelector<HTMLElement>('.sd-page__title')
    if (title) {
      title.tabIndex = -1
      title.focus()
    } else {
      survey.focusFirstQuestion()
    }
  })
}

/**
 * The questionnaire itself: SurveyJS, autosave with conflicts shown on their questions, the table
 * of contents with progress, per-page checks, the summary of what is missing, and the submission.
 */
export function SurveyPage({ token, view, onSubmitted }: SurveyPageProps) {
  const [survey] = useState(() => {
    const model = createSurvey(view.questionnaire)
    model.data = view.response.answers
    // The title and description are the page's own heading, above the save status.
    model.showTitle = false
    // When "Terminer" is refused the focus goes to Sonde's summary of what is missing.
    model.autoFocusFirstError = false
    showConflictsOnQuestions(model)
    return model
  })
  // Numbers typed that cannot be stored yet, and the questionnaire's rules checked at the field.
  const [entry] = useState(() => {
    const drafts = new NumberDrafts(localStore(), token)
    surveyDrafts.attach(survey, drafts)
    const checks = new FieldChecks(survey, drafts)
    surveyChecks.attach(survey, checks)
    return { drafts, checks }
  })
  const [sync] = useState(() => {
    const engine = new AnswerSync({
      token,
      revision: view.response.revision,
      answers: view.response.answers,
      storage: localStore(),
      yieldsToColleague: (name) => confirmedQuestion(name) !== null,
      target: {
        getValue: (name) => survey.getValue(name),
        // Not an edit of this person: no onValueChanged, hence no save loop; its rules are checked all the same.
        applyRemote: (name, value) => {
          survey.setValue(name, value, false, false)
          entry.checks.arrived(name)
        },
      },
    })
    // Unsent edits of a wave that has closed since would only pretend to be answers.
    if (view.wave.status === 'open') engine.restore()
    return engine
  })
  // After the unsent answers: a draft is put back only where the answer is still empty.
  const [restoredDrafts] = useState(() => (view.wave.status === 'open' ? entry.drafts.restore(survey) : []))
  const snapshot = useSyncExternalStore(sync.subscribe, sync.getSnapshot)
  // A response nobody has saved yet holds only what the registry knows (name, families, region…).
  const [prefilled] = useState<Record<string, unknown>>(() => (view.response.revision === 0 ? { ...view.response.answers } : {}))
  const [submitting, setSubmitting] = useState(false)
  const [problem, setProblem] = useState<SubmitProblem | null>(null)
  const [checkedPages, setCheckedPages] = useState<ReadonlySet<string>>(() => new Set())
  const [pageCheck, setPageCheck] = useState<PageCheck | null>(null)
  const [summary, setSummary] = useState<SummaryMode>('hidden')
  const summaryHeading = useRef<HTMLHeadingElement>(null)
  const submitted = useRef<SubmitResult | null>(null)
  const completing = useRef(false)
  // "Terminer" refused: SurveyJS opens the first page with an error, and the focus goes to the summary.
  const refusing = useRef(false)
  // …and SurveyJS must not scroll that summary out of sight while it shows the page.
  const holdScroll = useRef(false)
  // A link to a question: the focus goes into the question, not to its page's title.
  const jumping = useRef(false)
  const readOnly = snapshot.readOnly || view.wave.status !== 'open'
  const outline = useOutline(survey, checkedPages, snapshot)
  const others = usePresence(token, survey, !readOnly)

  useLeaveWarning(!readOnly && (snapshot.pendingCount > 0 || snapshot.conflicts.length > 0 || submitting))

  const markChecked = useCallback((pages: PageModel[]) => {
    setCheckedPages((previous) => {
      const next = new Set(previous)
      for (const page of pages) next.add(page.name)
      return next
    })
  }, [])

  /** The problems of `page` now, shown on its questions as SurveyJS shows its own errors. */
  const checkPage = useCallback(
    (page: PageModel, current: boolean): PageCheck => {
      page.validate(true, current)
      markChecked([page])
      const problems = outlineOf(survey, new Set()).pages.find((item) => item.name === page.name)?.problems ?? []
      return { pageTitle: pageTitle(page), current, problems }
    },
    [survey, markChecked],
  )

  useEffect(() => {
    survey.readOnly = readOnly
    const action =
      survey.navigationBar.getActionById(CHECK_PAGE_ACTION) ??
      survey.addNavigationItem({
        id: CHECK_PAGE_ACTION,
        title: t('respondent.check.button'),
        // After "Suivant" (30), before "Terminer" (50).
        visibleIndex: 45,
        action: () => {
          const page = survey.currentPage
          if (page) setPageCheck(checkPage(page, true))
        },
      })
    action.visible = !readOnly
  }, [survey, readOnly, checkPage])

  useEffect(() => {
    // Leaving a page checks it without holding the person back: colleagues fill pages in any order.
    const onPageChanged = (_: Model, options: CurrentPageChangedEvent) => {
      const left = options.oldCurrentPage
      if (left === options.newCurrentPage || refusing.current) return
      // The new page starts at its title, for keyboards ("Suivant" would otherwise keep the focus
      // below the new page) and screen readers (which then announce it).
      if (!jumping.current) focusPageTitle(survey)
      jumping.current = false
      // A page passed through without an answer is left to a colleague, not an error.
      if (!left || survey.readOnly || completing.current || !hasAnswers(left, prefilled)) {
        setPageCheck(null)
        return
      }
      const check = checkPage(left, false)
      setPageCheck(check.problems.length > 0 ? check : null)
    }
    survey.onCurrentPageChanged.add(onPageChanged)
    return () => survey.onCurrentPageChanged.remove(onPageChanged)
  }, [survey, checkPage, prefilled])

  useEffect(() => {
    entry.checks.start()
    entry.checks.checkLoaded(restoredDrafts)
    return () => entry.checks.dispose()
  }, [entry, restoredDrafts])

  useEffect(() => {
    const onValueChanged = (_: Model, options: ValueChangedEvent) => {
      // Once submitted, SurveyJS still tidies its data (clearing answers to hidden questions):
      // that is not an edit to save.
      if (submitted.current) return
      sync.change(options.name, options.value)
      entry.checks.changed(options.name, options.value)
    }
    survey.onValueChanged.add(onValueChanged)
    if (view.wave.status === 'open') sync.start()
    return () => {
      survey.onValueChanged.remove(onValueChanged)
      sync.dispose()
    }
  }, [survey, sync, entry, view.wave.status])

  useEffect(() => {
    // SurveyJS has already checked its own rules (required answers…) when this runs. It waits for
    // the returned promise; completion goes ahead only if `options.allow` is still true then.
    // The handler must never reject: SurveyJS would wait forever.
    const onCompleting = async (_: Model, options: CompletingEvent): Promise<void> => {
      completing.current = true
      options.allow = false
      setSubmitting(true)
      setProblem(null)
      setSummary('hidden')
      try {
        const flushed = await sync.flush()
        if (flushed === 'conflicts' || flushed === 'failed') {
          setProblem({ kind: flushed })
          return
        }
        if (flushed === 'readonly') return
        submitted.current = await submitResponse(token, sync.currentRevision, sessionStore())
        options.allow = true
      } catch (error) {
        setProblem(describeSubmitError(survey, error))
      } finally {
        completing.current = false
        setSubmitting(false)
      }
    }
    const onComplete = () => {
      if (submitted.current) onSubmitted(submitted.current, { ...survey.data })
    }
    // "Terminer" refused by the questionnaire's own rules never reaches onCompleting: SurveyJS has
    // shown the errors and opened the first page with one. Sonde adds the list of everything missing.
    const tryComplete = survey.tryComplete.bind(survey)
    let reached = false
    const noteReached = () => {
      reached = true
    }
    survey.onCompleting.add(noteReached)
    survey.tryComplete = () => {
      reached = false
      refusing.current = true
      let done: boolean
      try {
        done = tryComplete()
      } finally {
        refusing.current = false
      }
      if (!reached && survey.state !== 'completed') {
        markChecked(survey.visiblePages)
        holdScroll.current = true
        setSummary('focus')
      }
      return done
    }
    survey.onCompleting.add(onCompleting)
    survey.onComplete.add(onComplete)
    return () => {
      survey.tryComplete = tryComplete
      survey.onCompleting.remove(noteReached)
      survey.onCompleting.remove(onCompleting)
      survey.onComplete.remove(onComplete)
    }
  }, [survey, sync, token, onSubmitted, markChecked])

  useEffect(() => {
    const onScrollToTop = (_: Model, options: ScrollToTopEvent) => {
      if (holdScroll.current) options.allow = false
    }
    survey.onScrollToTop.add(onScrollToTop)
    return () => survey.onScrollToTop.remove(onScrollToTop)
  }, [survey])

  useEffect(() => {
    if (summary !== 'focus') return
    summaryHeading.current?.focus()
    setSummary('shown')
    // SurveyJS scrolls after its own rendering of the page: hold it a moment longer.
    setTimeout(() => {
      holdScroll.current = false
    }, 500)
  }, [summary])

  const conflictApi = useMemo<ConflictApi>(
    () => ({
      survey,
      conflicts: new Map(snapshot.conflicts.map((conflict) => [conflict.name, conflict])),
      keepMine: (name) => sync.keepMine(name),
      takeTheirs: (name) => sync.takeTheirs(name),
    }),
    [survey, sync, snapshot.conflicts],
  )

  const goToPage = useCallback(
    (name: string) => {
      const page = survey.getPageByName(name)
      if (!page || !page.isVisible) return
      if (page !== survey.currentPage) survey.currentPage = page
      focusPageTitle(survey)
    },
    [survey],
  )

  const goToQuestion = useCallback(
    (name: string) => {
      jumping.current = true
      survey.focusQuestion(name)
      jumping.current = false
      focusQuestionWhenShown(name)
    },
    [survey],
  )

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
        {description ? <p lang={contentLang}>{description}</p> : null}
        {readOnly || description ? null : <p>{t('respondent.autosaveHint')}</p>}
      </div>
      <div className="sticky-status">
        <SaveStatus
          state={readOnly ? { kind: 'readonly' } : snapshot.state}
          submitting={submitting}
          hasConflicts={snapshot.conflicts.length > 0}
        />
      </div>
      <PresenceHint others={others} survey={survey} />
      {readOnly ? (
        <section className="notice notice--info" aria-labelledby="readonly-title">
          <h2 id="readonly-title" className="notice__title">
            {t('respondent.readonly.title')}
          </h2>
          <p>{t('respondent.readonly.body')}</p>
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
          {summary !== 'hidden' && !readOnly ? <MissingSummary survey={survey} outline={outline} headingRef={summaryHeading} onGoToQuestion={goToQuestion} /> : null}
          {summary === 'hidden' && onLastPage && !readOnly && (outline.problems.length > 0 || outline.warnings.length > 0) ? (
            <div className="notice">
              {outline.problems.length > 0 ? (
                <p>{tCount({ one: 'respondent.missing.hint.one', other: 'respondent.missing.hint.other' }, outline.problems.length)}</p>
              ) : null}
              {outline.warnings.length > 0 ? (
                <p>{tCount({ one: 'respondent.warning.hint.one', other: 'respondent.warning.hint.other' }, outline.warnings.length)}</p>
              ) : null}
              <button type="button" className="button button--secondary" onClick={() => setSummary('focus')}>
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

function SubmitProblemNotice({ survey, problem }: { survey: Model; problem: SubmitProblem }) {
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
      text = t('respondent.submit.rejected', { code: problem.code })
      break
  }
  return (
    <div className="notice notice--error" role="alert">
      <p>{text}</p>
      {problem.kind === 'validation' && problem.unplaced.length > 0 ? (
        <ul>
          {problem.unplaced.map((error) => (
            <li key={error.name}>
              {t('respondent.submit.validationOther', { question: questionTitle(survey, error.name), message: error.message })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/**
 * A refused submission. 422 VALIDATION_FAILED puts the server's messages on the questions, the
 * way SurveyJS shows its own errors, and brings the first one into view.
 */
function describeSubmitError(survey: Model, error: unknown): SubmitProblem {
  if (error instanceof NetworkError || (error instanceof ApiError && error.status >= 500)) return { kind: 'network' }
  if (!(error instanceof ApiError)) return { kind: 'rejected', code: 'UNKNOWN' }
  if (error.code !== 'VALIDATION_FAILED') return { kind: 'rejected', code: error.code }
  const details = error.details as { errors?: ValidationError[] } | undefined
  const errors = Array.isArray(details?.errors) ? details.errors : []
  const unplaced: ValidationError[] = []
  let first: string | undefined
  for (const item of errors) {
    const question = survey.getQuestionByName(item.name)
    if (question && question.isVisible) {
      question.addError(item.message)
      first ??= item.name
    } else {
      unplaced.push(item)
    }
  }
  if (first) survey.focusQuestion(first)
  return { kind: 'validation', unplaced }
}
