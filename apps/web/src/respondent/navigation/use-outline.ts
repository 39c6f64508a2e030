import { useEffect, useState } from 'react'
import type { Model } from 'survey-core'
import { outlineOf, type Outline } from './outline'

const RECOMPUTE_DELAY_MS = 150

/**
 * The outline of `survey`, kept up to date as answers, visibility and the current page change.
 * Typing fires a change per key: the outline is recomputed at most every 150 ms. `refreshKey`
 * forces a recomputation (answers a colleague saved arrive without a SurveyJS event).
 */
export function useOutline(survey: Model, checkedPages: ReadonlySet<string>, refreshKey: unknown): Outline {
  const [outline, setOutline] = useState(() => outlineOf(survey, checkedPages))

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const recompute = () => {
      timer = undefined
      setOutline(outlineOf(survey, checkedPages))
    }
    const later = () => {
      if (timer === undefined) timer = setTimeout(recompute, RECOMPUTE_DELAY_MS)
    }
    recompute()
    const events = [survey.onValueChanged, survey.onCurrentPageChanged, survey.onPageVisibleChanged, survey.onQuestionVisibleChanged] as {
      add(handler: () => void): void
      remove(handler: () => void): void
    }[]
    for (const event of events) event.add(later)
    return () => {
      for (const event of events) event.remove(later)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [survey, checkedPages, refreshKey])

  return outline
}
