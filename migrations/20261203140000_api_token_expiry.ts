import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // Every API token now ends (at most a year after its creation) and says why it ended.
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'timestamptz').addColumn('revoked_reason', 'text').execute()
  // Tokens made before expiry existed get the default lifetime from now, so that no script
  // stops without warning on the day of the upgrade.
  await sql`update api_tokens set expires_at = now() + interval '90 days'`.execute(db)
  await db.schema
    .alterTable('api_tokens')
    .alterColumn('expires_at', (c) => c.setNotNull())
    .execute()
  // A disabled user's tokens used to come back when the account was enabled again: end them now.
  await sql`
    update api_tokens set revoked_at = now(), revoked_reason = 'user_disabled'
    where revoked_at is null and user_id in (select id from users where disabled_at is not null)
  `.execute(db)
  await sql`update api_tokens set revoked_reason = 'revoked' where revoked_at is not null and revoked_reason is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('revoked_reason').dropColumn('expires_at').execute()
}
