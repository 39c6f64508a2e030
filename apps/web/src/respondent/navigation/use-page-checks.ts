import { useCallback, useEffect, useState } from 'react'
import type { CurrentPageChangedEvent, Model, PageModel } from 'survey-core'
import { t } from '../../i18n'
import { sameAnswer } from '../autosave/values'
import type { SubmissionPhase } from '../submit/use-submission'
import { outlineOf, pageTitle } from './outline'
import type { PageCheck } from './PageCheckNotice'

const CHECK_PAGE_ACTION = 'sonde-check-page'

export interface PageChecks {
  /** The pages whose problems the table of contents shows (checked, left with answers, or all on "Terminer"). */
  checkedPages: ReadonlySet<string>
  markChecked(pages: PageModel[]): void
  /** The last check of one page, to show above the questionnaire; null when there is nothing to say. */
  pageCheck: PageCheck | null
}

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
 * The checks of one page at a time: "Vérifier cette page" in SurveyJS's navigation bar, and a
 * page left with answers of the person's own. They never hold anyone back: colleagues fill pages
 * in any order.
 */
export function usePageChecks(
  survey: Model,
  { readOnly, response, phase }: { readOnly: boolean; response: { revision: number; answers: Record<string, unknown> }; phase: SubmissionPhase },
): PageChecks {
  // A response nobody has saved yet holds only what the registry knows (name, families, region…).
  const [prefilled] = useState<Record<string, unknown>>(() => (response.revision === 0 ? { ...response.answers } : {}))
  const [checkedPages, setCheckedPages] = useState<ReadonlySet<string>>(() => new Set())
  const [pageCheck, setPageCheck] = useState<PageCheck | null>(null)

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
    // Leaving a page checks it without holding the person back.
    const onPageChanged = (_: Model, options: CurrentPageChangedEvent) => {
      const left = options.oldCurrentPage
      if (left === options.newCurrentPage || phase.refusing) return
      // A page passed through without an answer is left to a colleague, not an error.
      if (!left || survey.readOnly || phase.completing || !hasAnswers(left, prefilled)) {
        setPageCheck(null)
        return
      }
      const check = checkPage(left, false)
      setPageCheck(check.problems.length > 0 ? check : null)
    }
    survey.onCurrentPageChanged.add(onPageChanged)
    return () => survey.onCurrentPageChanged.remove(onPageChanged)
  }, [survey, checkPage, prefilled, phase])

  return { checkedPages, markChecked, pageCheck }
}
