import { sql, type Kysely } from 'kysely'

// Requests through a wave's open link that name a SIREN already held under another e-mail
// address: nobody gets a link until staff decide (accept: send the link to the address on file or
// to the new one; reject). Whoever typed a member's SIREN must never receive that member's link.
// The claimant's name and address are kept only until the decision; the audit log keeps the steps.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('open_link_claims')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('wave_id', 'uuid', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('siren', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('family_keys', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'accepted', 'rejected')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('open_link_claims_wave_status_idx').on('open_link_claims').columns(['wave_id', 'status', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('open_link_claims').execute()
}
