import { sql, type Transaction } from 'kysely'
import type { OpenLinkClaim as OpenLinkClaimBody } from '@sonde/contracts'
import type { Db } from '../connection'
import type { Database, OpenLinkClaimStatus } from '../types'

export interface OpenLinkClaim {
  id: string
  waveId: string
  siren: string
  /** What the claimant typed (null once staff decided). */
  name: string | null
  email: string | null
  familyKeys: string[]
  status: OpenLinkClaimStatus
  createdAt: Date
  /** The organisation that holds the SIREN, as the registry has it. */
  organisation: { id: string; name: string; email: string | null; invited: boolean }
}

/**
 * Records a request through the open link that names a SIREN held under another address, unless
 * the same address already waits for a decision on the same organisation in this wave: a repeated
 * request adds nothing to the review list. Returns the claim's id and whether it is new.
 */
export async function recordOpenLinkClaim(
  trx: Transaction<Database>,
  claim: { waveId: string; organisationId: string; siren: string; name: string; email: string; familyKeys: string[] },
): Promise<{ id: string; created: boolean }> {
  const waiting = await trx
    .selectFrom('open_link_claims')
    .select('id')
    .where('wave_id', '=', claim.waveId)
    .where('organisation_id', '=', claim.organisationId)
    .where('status', '=', 'pending')
    .where(sql<string>`lower(email)`, '=', claim.email.toLowerCase())
    .executeTakeFirst()
  if (waiting) return { id: waiting.id, created: false }
  const row = await trx
    .insertInto('open_link_claims')
    .values({
      wave_id: claim.waveId,
      organisation_id: claim.organisationId,
      siren: claim.siren,
      name: claim.name,
      email: claim.email,
      family_keys: claim.familyKeys,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, created: true }
}

function claimsQuery(db: Db, waveId: string) {
  return db
    .selectFrom('open_link_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select((eb) => [
      'c.id',
      'c.wave_id as waveId',
      'c.siren',
      'c.name',
      'c.email',
      'c.family_keys as familyKeys',
      'c.status',
      'c.created_at as createdAt',
      'o.id as organisationId',
      'o.name as organisationName',
      'o.email as organisationEmail',
      eb
        .exists(eb.selectFrom('invitations as i').select('i.id').whereRef('i.organisation_id', '=', 'o.id').whereRef('i.wave_id', '=', 'c.wave_id'))
        .as('invited'),
    ])
    .where('c.wave_id', '=', waveId)
}

type ClaimRow = Awaited<ReturnType<ReturnType<typeof claimsQuery>['executeTakeFirstOrThrow']>>

function toClaim(row: ClaimRow): OpenLinkClaim {
  return {
    id: row.id,
    waveId: row.waveId,
    siren: row.siren,
    name: row.name,
    email: row.email,
    familyKeys: row.familyKeys,
    status: row.status,
    createdAt: row.createdAt,
    organisation: { id: row.organisationId, name: row.organisationName, email: row.organisationEmail, invited: Boolean(row.invited) },
  }
}

/** A request waiting for staff, as they read it on the review list. */
export function toOpenLinkClaim(claim: OpenLinkClaim): OpenLinkClaimBody {
  return {
    id: claim.id,
    siren: claim.siren,
    name: claim.name,
    email: claim.email,
    familyKeys: claim.familyKeys,
    createdAt: claim.createdAt.toISOString(),
    organisation: claim.organisation,
  }
}

/**
 * Makes the open link's requests naming the same address or SIREN wait for each other until the
 * transaction ends (advisory locks on those keys): one creates the organisation, the other finds
 * it. The keys are taken in a fixed order, so that two requests cannot deadlock.
 */
export async function lockOpenLinkKeys(trx: Transaction<Database>, keys: { email: string; siren: string | null }): Promise<void> {
  const names = [`sonde.open_link.email.${keys.email}`, ...(keys.siren ? [`sonde.open_link.siren.${keys.siren}`] : [])].sort()
  for (const name of names) await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx)
}

/** The requests of a wave that wait for staff, oldest first. */
export async function listPendingClaims(db: Db, waveId: string): Promise<OpenLinkClaim[]> {
  const rows = await claimsQuery(db, waveId).where('c.status', '=', 'pending').orderBy('c.created_at').orderBy('c.id').execute()
  return rows.map(toClaim)
}

/** One request of a wave that still waits for a decision, locked until the transaction ends. */
export async function findPendingClaimForUpdate(trx: Transaction<Database>, waveId: string, claimId: string): Promise<OpenLinkClaim | undefined> {
  const locked = await trx
    .selectFrom('open_link_claims')
    .select('id')
    .where('id', '=', claimId)
    .where('wave_id', '=', waveId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst()
  if (!locked) return undefined
  const row = await claimsQuery(trx, waveId).where('c.id', '=', claimId).executeTakeFirst()
  return row ? toClaim(row) : undefined
}

/**
 * Closes a request with staff's decision. The claimant's name and address are needed only until
 * then (GDPR data minimisation): they are cleared, and the audit log keeps the steps.
 */
export async function decideClaim(
  trx: Transaction<Database>,
  claimId: string,
  decision: { status: Exclude<OpenLinkClaimStatus, 'pending'>; userId: string | null },
): Promise<void> {
  await trx
    .updateTable('open_link_claims')
    .set({ status: decision.status, decided_at: new Date(), decided_by: decision.userId, name: null, email: null })
    .where('id', '=', claimId)
    .execute()
}
