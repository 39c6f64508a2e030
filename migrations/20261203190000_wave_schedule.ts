import { sql, type Kysely } from 'kysely'

// The scheduled reminders a wave has had: one row per reminder (days before a closing date), so
// that each goes once whatever the restarts and however many API processes run the scheduler —
// the row is inserted in the same transaction as the e-mails, and a second insert finds it there.
// The closing date is part of the key: moving the closing plans the reminders again.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_reminders')
    .addColumn('wave_id', 'uuid', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull().check(sql`days_before between 0 and 90`))
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
    // A reminder that was due while no process ran, replaced by a later one: recorded, not sent.
    .addColumn('superseded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('scheduled_reminders_pkey', ['wave_id', 'closes_at', 'days_before'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_reminders').execute()
}
