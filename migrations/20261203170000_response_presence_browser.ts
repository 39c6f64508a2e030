import type { Kysely } from 'kysely'

/**
 * The browser a presence row comes from: a random id kept in the browser's local storage, shared
 * by its tabs and kept when a tab is closed and opened again. Tabs of one browser are one person,
 * so that reopening one's own link is not "another person". Rows written before this column
 * have none and count as a browser of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('response_presence').addColumn('browser_id', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('response_presence').dropColumn('browser_id').execute()
}
