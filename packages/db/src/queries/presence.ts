import { sql } from 'kysely'
import type { Db } from '../connection'

/** Another browser on the same response, seen recently, with the page its latest tab shows. */
export interface PresentClient {
  page: string | null
  seenAt: Date
}

/** The tab saying it is there: its own id, and the id of its browser (shared by the browser's tabs). */
export interface PresenceTab {
  clientId: string
  /** Absent from tabs loaded before browsers had an id: such a tab counts as a browser of its own. */
  browserId?: string | undefined
}

/** A tab that has not said it is there for this long is gone (it says so every 30 s while shown). */
export const PRESENCE_WINDOW_SECONDS = 75

/** The browser a row stands for: its browser id, or its tab id for rows written without one. */
const browserOf = sql<string>`coalesce(browser_id, client_id)`

/**
 * Records that the tab shows `page` of the response now, forgets the tabs of this response not
 * seen for ten minutes, and returns the other browsers seen within `PRESENCE_WINDOW_SECONDS`, most
 * recent first, one entry per browser (its most recent tab). The tabs of this tab's own browser
 * are not counted: several tabs of one browser, or a tab closed and opened again, are one person.
 */
export async function recordPresence(db: Db, responseId: string, tab: PresenceTab, page: string | null): Promise<PresentClient[]> {
  const browserId = tab.browserId ?? null
  await db
    .insertInto('response_presence')
    .values({ response_id: responseId, client_id: tab.clientId, browser_id: browserId, page })
    .onConflict((oc) => oc.columns(['response_id', 'client_id']).doUpdateSet({ page, browser_id: browserId, seen_at: sql`now()` }))
    .execute()
  await db
    .deleteFrom('response_presence')
    .where('response_id', '=', responseId)
    .where('seen_at', '<', sql<Date>`now() - interval '10 minutes'`)
    .execute()
  const latestPerBrowser = db
    .selectFrom('response_presence')
    .distinctOn(browserOf)
    .select(['page', 'seen_at'])
    .where('response_id', '=', responseId)
    .where(browserOf, '<>', browserId ?? tab.clientId)
    .where('seen_at', '>=', sql<Date>`now() - ${sql.lit(PRESENCE_WINDOW_SECONDS)} * interval '1 second'`)
    .orderBy(browserOf)
    .orderBy('seen_at', 'desc')
    .as('latest')
  const rows = await db.selectFrom(latestPerBrowser).select(['page', 'seen_at']).orderBy('seen_at', 'desc').execute()
  return rows.map((row) => ({ page: row.page, seenAt: row.seen_at }))
}

/** Forgets a tab that was closed or hidden (it says so as it goes), so that nobody is told it is still there. */
export async function forgetPresence(db: Db, responseId: string, clientId: string): Promise<void> {
  await db.deleteFrom('response_presence').where('response_id', '=', responseId).where('client_id', '=', clientId).execute()
}
