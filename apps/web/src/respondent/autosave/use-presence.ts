import { useEffect, useState } from 'react'
import type { Model } from 'survey-core'
import type { PresenceResult } from '@sonde/contracts'
import { requestJson } from '../../api/http'

/** The other tabs on this response and the page each shows, as the server last said (nobody is named). */
export type Others = readonly Pick<PresenceResult['others'][number], 'page'>[]

const samePages = (a: Others, b: Others) => a.length === b.length && a.every((other, i) => other.page === b[i]!.page)

/** Every half minute while the tab is shown; a tab silent for 75 s counts as gone on the server. */
const HEARTBEAT_MS = 30_000
const CLIENT_KEY = 'sonde.presence.client'

/** A random id for this tab, kept across reloads of the tab (sessionStorage), never shared with another tab. */
function tabId(): string {
  try {
    const known = sessionStorage.getItem(CLIENT_KEY)
    if (known) return known
    const created = crypto.randomUUID()
    sessionStorage.setItem(CLIENT_KEY, created)
    return created
  } catch {
    return crypto.randomUUID()
  }
}

/**
 * Says to the server that this tab shows the questionnaire — on opening, on each page change,
 * every half minute while the tab is visible and when it becomes visible again — and returns the
 * other tabs on the same response with the page each shows. A failed call changes nothing: it
 * is a hint, and the answers' own saving says what matters.
 */
export function usePresence(token: string, survey: Model, enabled: boolean): Others {
  const [others, setOthers] = useState<Others>([])
  useEffect(() => {
    if (!enabled) {
      setOthers((previous) => (previous.length === 0 ? previous : []))
      return
    }
    const clientId = tabId()
    let stopped = false
    const tell = async () => {
      if (document.visibilityState === 'hidden') return
      try {
        const result = await requestJson<PresenceResult>('POST', `/api/r/${encodeURIComponent(token)}/presence`, {
          body: { clientId, page: survey.currentPage?.name ?? null },
        })
        // Only a change re-renders the page: a re-render must not disturb a jump or a focus under way.
        const next = result.others.map(({ page }) => ({ page }))
        if (!stopped) setOthers((previous) => (samePages(previous, next) ? previous : next))
      } catch {
        // Offline or refused: keep what was last known.
      }
    }
    void tell()
    const timer = setInterval(() => void tell(), HEARTBEAT_MS)
    const onVisible = () => void tell()
    const onPage = () => void tell()
    document.addEventListener('visibilitychange', onVisible)
    survey.onCurrentPageChanged.add(onPage)
    return () => {
      stopped = true
      clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisible)
      survey.onCurrentPageChanged.remove(onPage)
    }
  }, [token, survey, enabled])
  return others
}
