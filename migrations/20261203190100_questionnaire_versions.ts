import { type Kysely } from 'kysely'

// Every save of a questionnaire is a version with its author and a change note. The author's
// account may be deleted later: the version stays, without an author.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('questionnaires')
    .addColumn('author_id', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('note', 'text')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('questionnaires').dropColumn('note').dropColumn('author_id').execute()
}
