import { sql } from 'kysely'
import type { Db } from '../connection'

/** A submitted response as the microdata export reads it: its answers as JSON text, not parsed (the export decodes only what it writes). */
export interface SubmittedAnswers {
  id: string
  answers: string
}

/**
 * The submitted responses of a wave, a page at a time in the order of their (random) ids: each
 * page is one short query (keyset pagination on the primary key), so no connection or snapshot
 * is held between pages and memory stays at two pages however many responses there are — the
 * next page is asked for as soon as the current one arrives, so the database works while the
 * caller handles the current one. A response submitted while the export runs is included if its
 * id comes after the current page.
 */
export async function* submittedAnswerPages(db: Db, waveId: string, pageSize = 1000): AsyncGenerator<SubmittedAnswers[]> {
  const fetchPage = (after: string | null): Promise<SubmittedAnswers[]> => {
    let query = db
      .selectFrom('responses')
      .select(['id', sql<string>`answers::text`.as('answers')])
      .where('wave_id', '=', waveId)
      .where('status', '=', 'submitted')
      .orderBy('id')
      .limit(pageSize)
    if (after !== null) query = query.where('id', '>', after)
    return query.execute()
  }
  let pending = fetchPage(null)
  try {
    for (;;) {
      const page = await pending
      if (page.length === 0) return
      pending = page.length < pageSize ? Promise.resolve([]) : fetchPage(page[page.length - 1]!.id)
      yield page
    }
  } finally {
    // Stopped early: the page asked for in advance is not wanted, nor its error.
    pending.catch(() => {})
  }
}

/** How many responses of a wave are submitted. */
export async function countSubmitted(db: Db, waveId: string): Promise<number> {
  const row = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('wave_id', '=', waveId)
    .where('status', '=', 'submitted')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/**
 * The answers (as JSON text) of submitted responses of a wave, for the given ids (a page of a
 * shuffled list), in the order asked; ids no longer submitted are left out.
 */
export async function submittedAnswersByIds(db: Db, waveId: string, responseIds: readonly string[]): Promise<SubmittedAnswers[]> {
  if (responseIds.length === 0) return []
  const rows = await db
    .selectFrom('responses')
    .select(['id', sql<string>`answers::text`.as('answers')])
    .where('wave_id', '=', waveId)
    .where('status', '=', 'submitted')
    .where('id', 'in', [...responseIds])
    .execute()
  const position = new Map(responseIds.map((id, i) => [id, i]))
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
}
