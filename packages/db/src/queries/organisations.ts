import { sql, type Transaction } from 'kysely'
import type { WaveOrganisation } from '@sonde/contracts'
import type { Db } from '../connection'
import { hashToken, invitationToken, newTokenNonce } from '../tokens'
import type { Database, JsonValue, OrganisationRow, ResponseRow, ResponseStatus, WaveRow } from '../types'

export async function createOrganisation(
  db: Db,
  org: { name: string; siren?: string | null; region?: string | null; email?: string | null; familyKeys?: string[] },
): Promise<OrganisationRow> {
  return db
    .insertInto('organisations')
    .values({
      name: org.name,
      siren: org.siren ?? null,
      region: org.region ?? null,
      email: org.email ?? null,
      family_keys: org.familyKeys ?? [],
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * Invites organisations to a wave: one invitation and one (empty) response per organisation and
 * wave, in two statements whatever their number. Returns each link token (rebuildable later with
 * `invitationToken(linkSecret, nonce)`), in the order of `organisationIds`.
 */
export async function inviteOrganisations(
  trx: Transaction<Database>,
  linkSecret: string,
  waveId: string,
  organisationIds: readonly string[],
): Promise<{ organisationId: string; token: string; invitationId: string }[]> {
  if (organisationIds.length === 0) return []
  const links = organisationIds.map((organisationId) => {
    const nonce = newTokenNonce()
    return { organisationId, nonce, token: invitationToken(linkSecret, nonce) }
  })
  const invitations = await trx
    .insertInto('invitations')
    .values(links.map((link) => ({ wave_id: waveId, organisation_id: link.organisationId, token_nonce: link.nonce, token_hash: hashToken(link.token) })))
    .returning(['id', 'organisation_id'])
    .execute()
  await trx
    .insertInto('responses')
    .values(organisationIds.map((organisationId) => ({ wave_id: waveId, organisation_id: organisationId })))
    .onConflict((oc) => oc.columns(['wave_id', 'organisation_id']).doNothing())
    .execute()
  const idOf = new Map(invitations.map((invitation) => [invitation.organisation_id, invitation.id]))
  return links.map((link) => ({ organisationId: link.organisationId, token: link.token, invitationId: idOf.get(link.organisationId)! }))
}

/** Invites one organisation to a wave (`inviteOrganisations`). */
export async function createInvitation(
  trx: Transaction<Database>,
  linkSecret: string,
  waveId: string,
  organisationId: string,
): Promise<{ token: string; invitationId: string }> {
  const [invited] = await inviteOrganisations(trx, linkSecret, waveId, [organisationId])
  return { token: invited!.token, invitationId: invited!.invitationId }
}

/** Gives an invitation a new token; the old link stops working at once. */
export async function regenerateInvitationToken(db: Db, linkSecret: string, invitationId: string): Promise<string> {
  const nonce = newTokenNonce()
  const token = invitationToken(linkSecret, nonce)
  await db
    .updateTable('invitations')
    .set({ token_nonce: nonce, token_hash: hashToken(token), revoked_at: null })
    .where('id', '=', invitationId)
    .execute()
  return token
}

/** What a respondent link reaches. */
export interface RespondentContext {
  invitationId: string
  openedAt: Date | null
  wave: WaveRow
  /** The wave's current questionnaire version (versions are immutable: a new one has a new id), or null before the first. */
  questionnaireId: string | null
  organisation: { id: string; name: string; siren: string | null; region: string | null; email: string | null; familyKeys: string[] }
  response: { id: string; status: ResponseStatus; revision: number; answers: Record<string, JsonValue>; submittedAt: Date | null }
}

/**
 * Everything a respondent link reaches, found by the hash of its token. One indexed query
 * whatever the outcome, so an unknown and a revoked token cost the same; in a database function
 * (migration 20261204180000), which keeps its plan: planning the query cost three times running it.
 */
export async function findRespondentByTokenHash(db: Db, tokenHash: string, options: { answers?: boolean } = {}): Promise<RespondentContext | undefined> {
  // The answers may weigh megabytes: a route that does not read them (a save, which merges in the
  // database) leaves them there, and its context says {}.
  const { rows } = await sql<{
    invitationId: string
    openedAt: Date | null
    revokedAt: Date | null
    wave: WaveRow
    organisation: OrganisationRow
    responseId: string
    responseStatus: ResponseStatus
    responseRevision: number
    responseSubmittedAt: Date | null
    responseAnswers: Record<string, JsonValue>
    questionnaireId: string | null
  }>`
    select invitation_id as "invitationId", opened_at as "openedAt", revoked_at as "revokedAt", wave, organisation,
      response_id as "responseId", response_status as "responseStatus", response_revision as "responseRevision",
      response_submitted_at as "responseSubmittedAt", response_answers as "responseAnswers", questionnaire_id as "questionnaireId"
    from sonde_respondent_context(${tokenHash}, ${options.answers ?? true})`.execute(db)
  const row = rows[0]
  if (!row || row.revokedAt !== null) return undefined
  const { organisation } = row
  return {
    invitationId: row.invitationId,
    openedAt: row.openedAt,
    questionnaireId: row.questionnaireId,
    wave: reviveDates(row.wave, ['opens_at', 'closes_at', 'created_at']),
    organisation: {
      id: organisation.id,
      name: organisation.name,
      siren: organisation.siren,
      region: organisation.region,
      email: organisation.email,
      familyKeys: organisation.family_keys,
    },
    response: {
      id: row.responseId,
      status: row.responseStatus,
      revision: row.responseRevision,
      answers: row.responseAnswers,
      submittedAt: row.responseSubmittedAt,
    },
  }
}

/** The invitation of an organisation to a wave, if any: its id and whether staff revoked it. */
export async function findInvitation(db: Db, waveId: string, organisationId: string): Promise<{ id: string; revokedAt: Date | null } | undefined> {
  return db
    .selectFrom('invitations')
    .select(['id', 'revoked_at as revokedAt'])
    .where('wave_id', '=', waveId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst()
}

/** Revokes an invitation: its link stops working until staff give the organisation a new one. */
export async function revokeInvitation(db: Db, invitationId: string): Promise<void> {
  await db.updateTable('invitations').set({ revoked_at: new Date() }).where('id', '=', invitationId).execute()
}

/**
 * The link nonce of the first demo organisation (by name) that has not submitted in an open demo
 * wave and whose link stands, or undefined.
 */
export async function findDemoInvitationNonce(db: Db): Promise<string | undefined> {
  const invitation = await db
    .selectFrom('invitations as i')
    .innerJoin('waves as w', 'w.id', 'i.wave_id')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .innerJoin('responses as r', (join) => join.onRef('r.wave_id', '=', 'i.wave_id').onRef('r.organisation_id', '=', 'i.organisation_id'))
    .select('i.token_nonce')
    .where('w.is_demo', '=', true)
    .where('w.status', '=', 'open')
    .where('r.status', '!=', 'submitted')
    .where('i.revoked_at', 'is', null)
    .orderBy('o.name')
    .limit(1)
    .executeTakeFirst()
  return invitation?.token_nonce
}

export async function markInvitationOpened(db: Db, invitationId: string): Promise<void> {
  await db.updateTable('invitations').set({ opened_at: new Date() }).where('id', '=', invitationId).where('opened_at', 'is', null).execute()
}

// to_jsonb() turns timestamps into ISO strings; the row types promise Dates.
function reviveDates<T>(row: T, keys: string[]): T {
  const copy = { ...row } as Record<string, unknown>
  for (const key of keys) {
    const value = copy[key]
    if (typeof value === 'string') copy[key] = new Date(value)
  }
  return copy as T
}

export interface OrganisationFields {
  name: string
  siren: string | null
  region: string | null
  email: string | null
  familyKeys: string[]
}

/** Existing organisations matching any of these SIRENs or e-mails (case-insensitive). */
export async function findOrganisationsBySirenOrEmail(db: Db, sirens: string[], emails: string[]): Promise<OrganisationRow[]> {
  if (sirens.length === 0 && emails.length === 0) return []
  return db
    .selectFrom('organisations')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(sirens.length ? [eb('siren', 'in', sirens)] : []),
        ...(emails.length
          ? [
              eb(
                eb.fn('lower', ['email']),
                'in',
                emails.map((e) => e.toLowerCase()),
              ),
            ]
          : []),
      ]),
    )
    .execute()
}

export async function updateOrganisation(db: Db, id: string, fields: Partial<OrganisationFields>): Promise<OrganisationRow> {
  return db
    .updateTable('organisations')
    .set({
      ...(fields.name !== undefined ? { name: fields.name } : {}),
      ...(fields.siren !== undefined ? { siren: fields.siren } : {}),
      ...(fields.region !== undefined ? { region: fields.region } : {}),
      ...(fields.email !== undefined ? { email: fields.email } : {}),
      ...(fields.familyKeys !== undefined ? { family_keys: fields.familyKeys } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** An organisation taking part in a wave, with its invitation and response. */
export interface WaveOrganisationRow {
  id: string
  name: string
  siren: string | null
  region: string | null
  email: string | null
  familyKeys: string[]
  invitationId: string
  tokenNonce: string
  openedAt: Date | null
  revokedAt: Date | null
  responseStatus: ResponseRow['status']
  submittedAt: Date | null
  updatedAt: Date
}

/**
 * The organisations taking part in a wave (those with an invitation), with their progress;
 * only one of them when `organisationId` is given.
 */
export async function listWaveOrganisations(db: Db, waveId: string, organisationId?: string): Promise<WaveOrganisationRow[]> {
  let query = db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .innerJoin('responses as r', (join) => join.onRef('r.wave_id', '=', 'i.wave_id').onRef('r.organisation_id', '=', 'i.organisation_id'))
    .select([
      'o.id',
      'o.name',
      'o.siren',
      'o.region',
      'o.email',
      'o.family_keys as familyKeys',
      'i.id as invitationId',
      'i.token_nonce as tokenNonce',
      'i.opened_at as openedAt',
      'i.revoked_at as revokedAt',
      'r.status as responseStatus',
      'r.submitted_at as submittedAt',
      'r.updated_at as updatedAt',
    ])
    .where('i.wave_id', '=', waveId)
    .orderBy('o.name')
    .orderBy('o.id')
  if (organisationId) query = query.where('o.id', '=', organisationId)
  return query.execute()
}

/** An organisation of a wave as staff see it, with `link`, its invitation link (rebuilt by the caller from the nonce). */
export function toWaveOrganisation(org: WaveOrganisationRow, link: string): WaveOrganisation {
  return {
    id: org.id,
    name: org.name,
    email: org.email,
    siren: org.siren,
    region: org.region,
    familyKeys: org.familyKeys,
    invitation: {
      id: org.invitationId,
      link,
      openedAt: org.openedAt?.toISOString() ?? null,
      revoked: org.revokedAt !== null,
    },
    response: {
      status: org.responseStatus,
      submittedAt: org.submittedAt?.toISOString() ?? null,
      updatedAt: org.updatedAt.toISOString(),
    },
  }
}

/** Organisation ids of a wave that already have an invitation. */
export async function invitedOrganisationIds(db: Db, waveId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('invitations').select('organisation_id').where('wave_id', '=', waveId).execute()
  return new Set(rows.map((r) => r.organisation_id))
}

/** A line of a member file to write: the organisation to update (`id`), or a new one (`id` null). */
export interface OrganisationImportLine {
  id: string | null
  fields: OrganisationFields
}

/**
 * Writes one slice of a member file in a few statements: the new organisations in one insert (their
 * ids drawn here), each known one updated, and an invitation and an empty response for every
 * organisation not yet in the wave (`invited`, updated in place). Returns the ids of the
 * organisations it created. Meant for a short transaction per slice (`importOrganisations`).
 */
export async function writeOrganisationSlice(
  trx: Transaction<Database>,
  linkSecret: string,
  waveId: string,
  lines: readonly OrganisationImportLine[],
  invited: Set<string>,
): Promise<string[]> {
  const created: string[] = []
  const ids: string[] = []
  const fresh = lines.filter((line) => line.id === null)
  if (fresh.length > 0) {
    const rows = fresh.map((line) => {
      const id = crypto.randomUUID()
      created.push(id)
      const { name, siren, region, email, familyKeys } = line.fields
      return { id, name, siren: siren ?? null, region: region ?? null, email: email ?? null, family_keys: familyKeys ?? [] }
    })
    await trx.insertInto('organisations').values(rows).execute()
  }
  let next = 0
  for (const line of lines) {
    if (line.id === null) {
      ids.push(created[next++]!)
    } else {
      await updateOrganisation(trx, line.id, line.fields)
      ids.push(line.id)
    }
  }
  const toInvite = [...new Set(ids)].filter((id) => !invited.has(id))
  await inviteOrganisations(trx, linkSecret, waveId, toInvite)
  for (const id of toInvite) invited.add(id)
  return created
}

/**
 * Undoes the slices of an import that failed half-way: removes the organisations it created (their
 * invitations and responses go with them) and gives those it updated their fields back.
 */
export async function undoOrganisationImport(
  trx: Transaction<Database>,
  created: readonly string[],
  previous: readonly OrganisationRow[],
  invitedBefore: ReadonlySet<string>,
  waveId: string,
): Promise<void> {
  for (let start = 0; start < created.length; start += 1000) {
    await trx
      .deleteFrom('organisations')
      .where('id', 'in', created.slice(start, start + 1000))
      .execute()
  }
  for (const org of previous) {
    await updateOrganisation(trx, org.id, { name: org.name, siren: org.siren, region: org.region, email: org.email, familyKeys: org.family_keys })
    if (!invitedBefore.has(org.id)) {
      await trx.deleteFrom('responses').where('wave_id', '=', waveId).where('organisation_id', '=', org.id).where('revision', '=', 0).execute()
      await trx.deleteFrom('invitations').where('wave_id', '=', waveId).where('organisation_id', '=', org.id).execute()
    }
  }
}
