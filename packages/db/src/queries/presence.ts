import { sql } from 'kysely'
import type { Db } from '../connection'

/** Another browser tab on the same response, seen recently. */
export interface PresentClient {
  page: string | null
  seenAt: Date
}

/** A tab that has not said it is there for this long is gone (it says so every 30 s while shown). */
export const PRESENCE_WINDOW_SECONDS = 75

/**
 * Records that the tab `clientId` shows `page` of the response now, forgets the tabs of this
 * response not seen for ten minutes, and returns the other tabs seen within
 * `PRESENCE_WINDOW_SECONDS`, most recent first.
 */
export async function recordPresence(db: Db, responseId: string, clientId: string, page: string | null): Promise<PresentClient[]> {
  await db
    .insertInto('response_presence')
    .values({ response_id: responseId, client_id: clientId, page })
    .onConflict((oc) => oc.columns(['response_id', 'client_id']).doUpdateSet({ page, seen_at: sql`now()` }))
    .execute()
  await db
    .deleteFrom('response_presence')
    .where('response_id', '=', responseId)
    .where('seen_at', '<', sql<Date>`now() - interval '10 minutes'`)
    .execute()
  const rows = await db
    .selectFrom('response_presence')
    .select(['page', 'seen_at'])
    .where('response_id', '=', responseId)
    .where('client_id', '<>', clientId)
    .where('seen_at', '>=', sql<Date>`now() - ${sql.lit(PRESENCE_WINDOW_SECONDS)} * interval '1 second'`)
    .orderBy('seen_at', 'desc')
    .execute()
  return rows.map((row) => ({ page: row.page, seenAt: row.seen_at }))
}
