import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // Names of the questions that applied to the respondent when they submitted (visibility
  // depends on the answers): the denominator of item non-response, computed once at submit.
  await db.schema.alterTable('responses').addColumn('applicable_questions', 'jsonb').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').dropColumn('applicable_questions').execute()
}
