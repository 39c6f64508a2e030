import { sql, type Kysely } from 'kysely'

// The last saves that changed a response, `[{ "id": <the browser's save id>, "revision": n }]`, at
// most 20 (responses.ts, applyAnswerPatch): a save the browser gave up waiting for may still have
// landed, and the next save of the same browser names it — its answers are then that browser's own,
// not a colleague's, and never a conflict. A save sent twice is answered once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('responses')
    .addColumn('recent_saves', 'jsonb', (column) => column.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').dropColumn('recent_saves').execute()
}
