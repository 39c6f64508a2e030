import { useEffect, useState } from 'react'
import type { Model } from 'survey-core'
import type { PresenceResult } from '@sonde/contracts'
import { requestJson } from '../../api/http'
import { newUuid } from '../new-uuid'

/** The other browsers on this response and the page each shows, as the server last said (nobody is named). */
export type Others = readonly Pick<PresenceResult['others'][number], 'page'>[]

const samePages = (a: Others, b: Others) => a.length === b.length && a.every((other, i) => other.page === b[i]!.page)

/** Every half minute while the tab is shown; a tab silent for 75 s counts as gone on the server. */
const HEARTBEAT_MS = 30_000
const CLIENT_KEY = 'sonde.presence.client'
const BROWSER_KEY = 'sonde.presence.browser'

/** A random id kept in `storage` under `key`, created on first use; a fresh one when storage is refused. */
function storedId(storage: () => Storage, key: string): string {
  try {
    const known = storage().getItem(key)
    if (known) return known
    const created = newUuid()
    storage().setItem(key, created)
    return created
  } catch {
    return newUuid()
  }
}

/**
 * This tab's id (sessionStorage: kept across reloads of the tab) and its browser's id
 * (localStorage: shared by the browser's tabs and kept when they close). The server counts other
 * browsers only: a person who closes the link and opens it again is not "another person".
 */
function presenceIds(): { clientId: string; browserId: string } {
  return { clientId: storedId(() => sessionStorage, CLIENT_KEY), browserId: storedId(() => localStorage, BROWSER_KEY) }
}

/** Tells the server that this tab goes, in a request the browser still sends while the page unloads. */
function sayLeaving(token: string, clientId: string): void {
  const body = new Blob([JSON.stringify({ clientId })], { type: 'application/json' })
  try {
    navigator.sendBeacon(`/api/r/${encodeURIComponent(token)}/presence/leave`, body)
  } catch {
    // Refused by the browser: the server forgets the tab 75 s after its last word anyway.
  }
}

/**
 * Says to the server that this tab shows the questionnaire — on opening, on each page change,
 * every half minute while the tab is visible and when it becomes visible again — and that it
 * goes when it is closed, reloaded or hidden (`navigator.sendBeacon`); returns the other browsers
 * on the same response with the page each shows. A failed call changes nothing: it is a hint,
 * and the answers' own saving says what matters.
 */
export function usePresence(token: string, survey: Model, enabled: boolean): Others {
  const [others, setOthers] = useState<Others>([])
  useEffect(() => {
    if (!enabled) {
      setOthers((previous) => (previous.length === 0 ? previous : []))
      return
    }
    const { clientId, browserId } = presenceIds()
    let stopped = false
    const tell = async () => {
      if (document.visibilityState === 'hidden') return
      try {
        const result = await requestJson<PresenceResult>('POST', `/api/r/${encodeURIComponent(token)}/presence`, {
          body: { clientId, browserId, page: survey.currentPage?.name ?? null },
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
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') sayLeaving(token, clientId)
      else void tell()
    }
    const onPageHide = () => sayLeaving(token, clientId)
    const onPage = () => void tell()
    document.addEventListener('visibilitychange', onVisibility)
    window.addEventListener('pagehide', onPageHide)
    survey.onCurrentPageChanged.add(onPage)
    return () => {
      stopped = true
      clearInterval(timer)
      document.removeEventListener('visibilitychange', onVisibility)
      window.removeEventListener('pagehide', onPageHide)
      survey.onCurrentPageChanged.remove(onPage)
    }
  }, [token, survey, enabled])
  return others
}
