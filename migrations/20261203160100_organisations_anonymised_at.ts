import { type Kysely } from 'kysely'

// When retention removed an organisation's name, e-mail, SIREN and region from the registry. The
// row itself stays: its responses (and the released microdata) hang on it, without anything that
// identifies it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('anonymised_at', 'timestamptz').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('anonymised_at').execute()
}
