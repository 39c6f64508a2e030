import { sql, type Kysely } from 'kysely'

/**
 * Who else has a response open: each browser tab on an invitation link says so every half
 * minute (POST /api/r/{token}/presence) with a random id of its own and the page it shows. Rows
 * older than a few minutes are deleted as new ones come; nothing here names a person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('response_presence')
    .addColumn('response_id', 'uuid', (col) => col.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (col) => col.notNull())
    .addColumn('page', 'text')
    .addColumn('seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('response_presence_pkey', ['response_id', 'client_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('response_presence').execute()
}
