import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { CurrentPageChangedEvent, Model, ScrollToTopEvent } from 'survey-core'
import type { SubmissionPhase } from '../submit/use-submission'

/** The summary of what is missing: hidden, shown, or shown and to receive the focus. */
export type SummaryMode = 'hidden' | 'shown' | 'focus'

export interface FocusManagement {
  summary: SummaryMode
  /** The summary's heading, which receives the focus when the summary opens. */
  summaryHeading: RefObject<HTMLHeadingElement | null>
  /** Opens the summary of what is missing and moves the focus to it. */
  showSummary(): void
  /** The same, while SurveyJS opens the first page with an error: the summary stays in sight. */
  showSummaryInPlace(): void
  hideSummary(): void
  /** A link to a page (table of contents): the page, its title focused. */
  goToPage(name: string): void
  /** A link to a question (summaries, conflicts): its page, the focus in the question. */
  goToQuestion(name: string): void
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

/**
 * Moves the focus to the title of the page now shown. On a slow device (or a busy one) the new
 * page may not be drawn at the next frame — the old title still there, or none —, and the focus
 * would stay on "Suivant": tries again at each frame for 3 s until the current page's own title is
 * in the document, then falls back on any page title, then the first question.
 */
function focusPageTitle(survey: Model): void {
  const page = survey.currentPage
  const expected = (page?.processedTitle ?? '').trim()
  const deadline = performance.now() + 3000
  const attempt = () => {
    if (survey.currentPage !== page) return
    const titles = [...document.querySelectorAll<HTMLElement>('.sd-page__title')]
    const own = titles.find((title) => (title.textContent ?? '').trim() === expected)
    const title = own ?? (performance.now() >= deadline ? titles[0] : undefined)
    if (title) {
      title.tabIndex = -1
      title.focus()
    } else if (performance.now() < deadline) {
      requestAnimationFrame(attempt)
    } else {
      survey.focusFirstQuestion()
    }
  }
  requestAnimationFrame(attempt)
}

/**
 * Where the focus goes, for keyboards and screen readers: a new page starts at its title, a link
 * to a question lands in the question, the summary of what is missing takes the focus when it
 * opens — and SurveyJS does not scroll that summary out of sight meanwhile.
 */
export function useFocusManagement(survey: Model, phase: SubmissionPhase): FocusManagement {
  const [summary, setSummary] = useState<SummaryMode>('hidden')
  const summaryHeading = useRef<HTMLHeadingElement>(null)
  // SurveyJS must not scroll the summary out of sight while it shows the page with an error.
  const holdScroll = useRef(false)
  // A link to a question: the focus goes into the question, not to its page's title.
  const jumping = useRef(false)

  useEffect(() => {
    const onPageChanged = (_: Model, options: CurrentPageChangedEvent) => {
      if (options.oldCurrentPage === options.newCurrentPage || phase.refusing) return
      // The new page starts at its title, for keyboards ("Suivant" would otherwise keep the focus
      // below the new page) and screen readers (which then announce it).
      if (!jumping.current) focusPageTitle(survey)
      jumping.current = false
    }
    survey.onCurrentPageChanged.add(onPageChanged)
    return () => survey.onCurrentPageChanged.remove(onPageChanged)
  }, [survey, phase])

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

  const showSummary = useCallback(() => setSummary('focus'), [])
  const showSummaryInPlace = useCallback(() => {
    holdScroll.current = true
    setSummary('focus')
  }, [])
  const hideSummary = useCallback(() => setSummary('hidden'), [])

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

  return { summary, summaryHeading, showSummary, showSummaryInPlace, hideSummary, goToPage, goToQuestion }
}
