import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { PersonalData } from '@sonde/contracts'
import type { Db } from '../connection'
import type { Database, JsonValue, OpenLinkClaimStatus, OutboxKind, OutboxStatus, ResponseStatus } from '../types'

// Personal data of a wave, and the two ways it leaves: retention (the wave's date passed: what
// identifies goes, the rest stays anonymised for the statistics) and erasure (one organisation
// asked: everything of it in the wave goes). Both use the same steps for the links, the e-mails,
// the review requests and the audit log (docs/security.md, "Privacy": one code path).

/** What replaces an organisation's id in the audit log: random, never derived from the id. */
export const PSEUDONYM_PREFIX = 'pseudo:'

/** What a retention pass removes (or would remove) in one wave, counted. */
export interface RetentionCounts {
  /** Registry rows whose name, e-mail, SIREN and region go. */
  organisations: number
  /** Registry rows left as they are: another wave still in retention holds them. */
  organisationsKept: number
  /** Responses and submissions holding identifying or free-text answers. */
  responses: number
  submissions: number
  /** Invitation links revoked, their nonce dropped (a link can no longer be rebuilt). */
  links: number
  /** Outbox messages (addresses, names) deleted. */
  messages: number
  /** Audit entries whose organisation id becomes a pseudonym. */
  auditEntries: number
  /** Open-link review requests (claimants' names and addresses) deleted. */
  claims: number
}

/** Answers whose key is one of `questions` or an "other" comment (`<question>-Comment`). */
function holdsAny(column: RawBuilder<unknown>, questions: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from jsonb_object_keys(${column}) as k(key) where k.key = any(${[...questions]}::text[]) or k.key like '%-Comment')`
}

/** `column` without those answers. */
function without(column: RawBuilder<unknown>, questions: readonly string[]): RawBuilder<unknown> {
  return sql`(select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) from jsonb_each(${column}) as e(key, value)
    where not (e.key = any(${[...questions]}::text[]) or e.key like '%-Comment'))`
}

const affected = (result: { numAffectedRows?: bigint } | { numUpdatedRows: bigint } | { numDeletedRows: bigint }) =>
  Number('numDeletedRows' in result ? result.numDeletedRows : 'numUpdatedRows' in result ? result.numUpdatedRows : (result.numAffectedRows ?? 0n))
const count = async (query: RawBuilder<{ count: number }>, db: Db) => Number((await query.execute(db)).rows[0]?.count ?? 0)

/** Audit entries of the wave that still name an organisation (as the respondent, or in their details). */
function namesAnOrganisation(organisationId: string | null): RawBuilder<boolean> {
  const pick = (expression: RawBuilder<unknown>) =>
    organisationId === null ? sql`${expression} not like ${`${PSEUDONYM_PREFIX}%`}` : sql`${expression} = ${organisationId}`
  return sql<boolean>`((actor_type = 'respondent' and ${pick(sql`actor_id`)}) or ${pick(sql`details->>'organisationId'`)})`
}

/**
 * Replaces the organisation ids in the wave's audit entries — the respondent's actor id and the
 * `organisationId` of staff actions — with pseudonyms: one random pseudonym per organisation, so
 * the log still tells that the same organisation saved then submitted, but no longer which one.
 * Only `organisation` when given (an erasure), with the pseudonym given. Returns how many entries changed.
 */
export async function pseudonymiseAudit(trx: Transaction<Database>, waveId: string, organisation: { id: string; pseudonym: string } | null): Promise<number> {
  const mapping = organisation
    ? sql`select ${organisation.id}::text as org, ${organisation.pseudonym}::text as pseudonym`
    : sql`select t.org, ${PSEUDONYM_PREFIX} || gen_random_uuid()::text as pseudonym from (
        select actor_id as org from audit_events where wave_id = ${waveId} and actor_type = 'respondent' and actor_id not like ${`${PSEUDONYM_PREFIX}%`}
        union
        select details->>'organisationId' from audit_events where wave_id = ${waveId} and details->>'organisationId' not like ${`${PSEUDONYM_PREFIX}%`}
      ) as t where t.org is not null`
  const result = await sql`
    with mapping as (${mapping})
    update audit_events as a set
      actor_id = case when a.actor_type = 'respondent' and a.actor_id = m.org then m.pseudonym else a.actor_id end,
      details = case when a.details->>'organisationId' = m.org then jsonb_set(a.details, '{organisationId}', to_jsonb(m.pseudonym)) else a.details end
    from mapping as m
    where a.wave_id = ${waveId} and ((a.actor_type = 'respondent' and a.actor_id = m.org) or a.details->>'organisationId' = m.org)`.execute(trx)
  return affected(result)
}

/** Serialises retention passes and erasures of one wave (two processes, or the job and a request). */
async function lockWave(trx: Transaction<Database>, waveId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`sonde.personal_data.${waveId}`}, 0))`.execute(trx)
}

/**
 * What a retention pass of the wave would remove now (the preview staff read in the settings).
 * `questions`: the names of its identifying and free-text questions; `dueWaveIds`: the waves
 * whose retention date has passed — an organisation that another wave still keeps stays in the registry.
 */
export async function previewRetention(
  db: Db,
  waveId: string,
  options: { questions: readonly string[]; dueWaveIds: readonly string[] },
): Promise<RetentionCounts> {
  const due = [...new Set([...options.dueWaveIds, waveId])]
  const kept = sql`exists (select 1 from invitations j where j.organisation_id = o.id and j.wave_id <> all(${due}::uuid[]))`
  const organisations = (keptToo: boolean) => sql<{ count: number }>`
    select count(*)::int as count from organisations o
    where o.anonymised_at is null
      and exists (select 1 from invitations i where i.organisation_id = o.id and i.wave_id = ${waveId})
      and ${keptToo ? kept : sql`not ${kept}`}`
  const [anonymised, organisationsKept, responses, submissions, links, messages, auditEntries, claims] = await Promise.all([
    count(organisations(false), db),
    count(organisations(true), db),
    count(sql`select count(*)::int as count from responses r where r.wave_id = ${waveId} and ${holdsAny(sql`r.answers`, options.questions)}`, db),
    count(
      sql`select count(*)::int as count from submissions s join responses r on r.id = s.response_id
        where r.wave_id = ${waveId} and ${holdsAny(sql`s.answers`, options.questions)}`,
      db,
    ),
    count(sql`select count(*)::int as count from invitations where wave_id = ${waveId} and token_nonce <> ''`, db),
    count(sql`select count(*)::int as count from outbox where wave_id = ${waveId}`, db),
    count(sql`select count(*)::int as count from audit_events where wave_id = ${waveId} and ${namesAnOrganisation(null)}`, db),
    count(sql`select count(*)::int as count from open_link_claims where wave_id = ${waveId}`, db),
  ])
  return { organisations: anonymised, organisationsKept, responses, submissions, links, messages, auditEntries, claims }
}

/**
 * The retention pass of a wave whose date has passed (GDPR art. 5.1.e, storage limitation), in
 * one transaction: identifying and free-text answers leave its responses and submissions (the
 * statistics and the released microdata keep the rest); the registry loses the name, e-mail,
 * SIREN and region of organisations that no other wave still in retention holds; links are revoked
 * and their nonces dropped; its outbox messages and open-link review requests are deleted; its
 * audit entries name organisations by pseudonyms. Releases are untouched. Running it again
 * removes nothing more unless something new arrived. Returns what it removed.
 */
export async function applyRetention(
  trx: Transaction<Database>,
  waveId: string,
  options: { questions: readonly string[]; dueWaveIds: readonly string[] },
): Promise<RetentionCounts> {
  await lockWave(trx, waveId)
  const due = [...new Set([...options.dueWaveIds, waveId])]
  const q = options.questions
  const responses = affected(
    await sql`update responses set answers = ${without(sql`answers`, q)}, answer_revisions = ${without(sql`answer_revisions`, q)}
      where wave_id = ${waveId} and (${holdsAny(sql`answers`, q)} or ${holdsAny(sql`answer_revisions`, q)})`.execute(trx),
  )
  // Submissions are history and never change otherwise; retention is the one exception.
  const submissions = affected(
    await sql`update submissions s set answers = ${without(sql`s.answers`, q)}
      from responses r where r.id = s.response_id and r.wave_id = ${waveId} and ${holdsAny(sql`s.answers`, q)}`.execute(trx),
  )
  const kept = sql`exists (select 1 from invitations j where j.organisation_id = o.id and j.wave_id <> all(${due}::uuid[]))`
  const organisationsKept = await count(
    sql`select count(*)::int as count from organisations o where o.anonymised_at is null
      and exists (select 1 from invitations i where i.organisation_id = o.id and i.wave_id = ${waveId}) and ${kept}`,
    trx,
  )
  const organisations = affected(
    await sql`update organisations o set name = '', email = null, siren = null, region = null, anonymised_at = now()
      where o.anonymised_at is null
        and exists (select 1 from invitations i where i.organisation_id = o.id and i.wave_id = ${waveId})
        and not ${kept}`.execute(trx),
  )
  const links = await dropLinks(trx, waveId, null)
  const messages = affected(await trx.deleteFrom('outbox').where('wave_id', '=', waveId).executeTakeFirst())
  const claims = affected(await trx.deleteFrom('open_link_claims').where('wave_id', '=', waveId).executeTakeFirst())
  await sql`delete from response_presence p using responses r where r.id = p.response_id and r.wave_id = ${waveId}`.execute(trx)
  const auditEntries = await pseudonymiseAudit(trx, waveId, null)
  return { organisations, organisationsKept, responses, submissions, links, messages, auditEntries, claims }
}

/**
 * Revokes the wave's links (of one organisation when given) and drops their nonces: the link
 * cannot be rebuilt from the database and the secret any more, and the hash matches no token.
 */
async function dropLinks(trx: Transaction<Database>, waveId: string, organisationId: string | null): Promise<number> {
  let query = trx
    .updateTable('invitations')
    .set({ revoked_at: sql`coalesce(revoked_at, now())`, token_nonce: '', token_hash: sql`'erased:' || id::text` })
    .where('wave_id', '=', waveId)
    .where('token_nonce', '<>', '')
  if (organisationId) query = query.where('organisation_id', '=', organisationId)
  return affected(await query.executeTakeFirst())
}

/** What an erasure removed. */
export interface ErasureCounts {
  responses: number
  submissions: number
  /** Releases whose microdata lost the organisation's row (their cells stay as published). */
  releases: number
  messages: number
  claims: number
  auditEntries: number
  /** The registry row went too, or stays because other waves hold the organisation. */
  registry: 'deleted' | 'kept'
}

/**
 * Erases one organisation's data in one wave on request (GDPR art. 17): its response with every
 * submission (leaving the microdata of every release: release_responses cascades; the cells
 * already published stay as they are), its link, its messages and the review requests about it;
 * its audit entries in the wave now name it by `pseudonym`; and its registry row when no other
 * wave holds it. The caller records the tombstone. Undefined when the organisation is not in the wave.
 */
export async function eraseOrganisationData(
  trx: Transaction<Database>,
  waveId: string,
  organisationId: string,
  pseudonym: string,
): Promise<ErasureCounts | undefined> {
  await lockWave(trx, waveId)
  const invitation = await trx
    .selectFrom('invitations')
    .select('id')
    .where('wave_id', '=', waveId)
    .where('organisation_id', '=', organisationId)
    .forUpdate()
    .executeTakeFirst()
  if (!invitation) return undefined
  const response = await trx
    .selectFrom('responses as r')
    .select((eb) => [
      'r.id',
      eb.selectFrom('submissions as s').select(eb.fn.countAll<number>().as('n')).whereRef('s.response_id', '=', 'r.id').as('submissions'),
      eb.selectFrom('release_responses as rr').select(eb.fn.countAll<number>().as('n')).whereRef('rr.response_id', '=', 'r.id').as('releases'),
    ])
    .where('r.wave_id', '=', waveId)
    .where('r.organisation_id', '=', organisationId)
    .executeTakeFirst()
  const auditEntries = await pseudonymiseAudit(trx, waveId, { id: organisationId, pseudonym })
  const messages = affected(await trx.deleteFrom('outbox').where('wave_id', '=', waveId).where('invitation_id', '=', invitation.id).executeTakeFirst())
  const claims = affected(
    await trx.deleteFrom('open_link_claims').where('wave_id', '=', waveId).where('organisation_id', '=', organisationId).executeTakeFirst(),
  )
  if (response) await trx.deleteFrom('responses').where('id', '=', response.id).execute()
  await trx.deleteFrom('invitations').where('id', '=', invitation.id).execute()
  const elsewhere = await trx.selectFrom('invitations').select('id').where('organisation_id', '=', organisationId).executeTakeFirst()
  if (!elsewhere) await trx.deleteFrom('organisations').where('id', '=', organisationId).execute()
  return {
    responses: response ? 1 : 0,
    submissions: Number(response?.submissions ?? 0),
    releases: Number(response?.releases ?? 0),
    messages,
    claims,
    auditEntries,
    registry: elsewhere ? 'kept' : 'deleted',
  }
}

/** Everything Sonde holds about one organisation (GDPR art. 15), as stored. */
export interface OrganisationPersonalData {
  organisation: {
    id: string
    name: string
    siren: string | null
    region: string | null
    email: string | null
    familyKeys: string[]
    createdAt: Date
    anonymisedAt: Date | null
  }
  waves: {
    wave: { id: string; slug: string; title: string }
    invitation: { createdAt: Date; openedAt: Date | null; revokedAt: Date | null }
    response: {
      status: ResponseStatus
      revision: number
      answers: Record<string, JsonValue>
      createdAt: Date
      updatedAt: Date
      submittedAt: Date | null
    } | null
    submissions: { revision: number; submittedAt: Date; answers: Record<string, JsonValue> }[]
    messages: { kind: OutboxKind; to: string; subject: string; body: string; status: OutboxStatus; createdAt: Date; sentAt: Date | null }[]
    /** Requests by someone else naming its SIREN: when and what staff decided, not who asked. */
    reviewRequests: { createdAt: Date; status: OpenLinkClaimStatus; decidedAt: Date | null }[]
  }[]
  audit: { at: Date; actorType: string; waveId: string | null; action: string; details: Record<string, JsonValue> }[]
}

/** The access export of one organisation across every wave, or undefined when it does not exist. */
export async function organisationPersonalData(db: Db, organisationId: string): Promise<OrganisationPersonalData | undefined> {
  const organisation = await db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst()
  if (!organisation) return undefined
  const [invitations, responses, submissions, messages, claims, audit] = await Promise.all([
    db
      .selectFrom('invitations as i')
      .innerJoin('waves as w', 'w.id', 'i.wave_id')
      .select(['i.id', 'i.wave_id', 'w.slug', 'w.title', 'i.created_at', 'i.opened_at', 'i.revoked_at'])
      .where('i.organisation_id', '=', organisationId)
      .orderBy('i.created_at')
      .execute(),
    db.selectFrom('responses').selectAll().where('organisation_id', '=', organisationId).execute(),
    db
      .selectFrom('submissions as s')
      .innerJoin('responses as r', 'r.id', 's.response_id')
      .select(['r.wave_id', 's.revision', 's.submitted_at', 's.answers'])
      .where('r.organisation_id', '=', organisationId)
      .orderBy('s.submitted_at')
      .execute(),
    db
      .selectFrom('outbox as m')
      .innerJoin('invitations as i', 'i.id', 'm.invitation_id')
      .select(['i.wave_id', 'm.kind', 'm.to_address', 'm.subject', 'm.body', 'm.status', 'm.created_at', 'm.sent_at'])
      .where('i.organisation_id', '=', organisationId)
      .orderBy('m.created_at')
      .execute(),
    db
      .selectFrom('open_link_claims')
      .select(['wave_id', 'created_at', 'status', 'decided_at'])
      .where('organisation_id', '=', organisationId)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('audit_events')
      .select(['at', 'actor_type', 'wave_id', 'action', 'details'])
      .where((eb) =>
        eb.or([
          eb.and([eb('actor_type', '=', 'respondent'), eb('actor_id', '=', organisationId)]),
          eb(sql<string>`details->>'organisationId'`, '=', organisationId),
        ]),
      )
      .orderBy('id')
      .execute(),
  ])
  return {
    organisation: {
      id: organisation.id,
      name: organisation.name,
      siren: organisation.siren,
      region: organisation.region,
      email: organisation.email,
      familyKeys: organisation.family_keys,
      createdAt: organisation.created_at,
      anonymisedAt: organisation.anonymised_at,
    },
    waves: invitations.map((i) => {
      const response = responses.find((r) => r.wave_id === i.wave_id)
      return {
        wave: { id: i.wave_id, slug: i.slug, title: i.title },
        invitation: { createdAt: i.created_at, openedAt: i.opened_at, revokedAt: i.revoked_at },
        response: response
          ? {
              status: response.status,
              revision: response.revision,
              answers: response.answers,
              createdAt: response.created_at,
              updatedAt: response.updated_at,
              submittedAt: response.submitted_at,
            }
          : null,
        submissions: submissions.filter((s) => s.wave_id === i.wave_id).map((s) => ({ revision: s.revision, submittedAt: s.submitted_at, answers: s.answers })),
        messages: messages
          .filter((m) => m.wave_id === i.wave_id)
          .map((m) => ({ kind: m.kind, to: m.to_address, subject: m.subject, body: m.body, status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
        reviewRequests: claims.filter((c) => c.wave_id === i.wave_id).map((c) => ({ createdAt: c.created_at, status: c.status, decidedAt: c.decided_at })),
      }
    }),
    audit: audit.map((a) => ({ at: a.at, actorType: a.actor_type, waveId: a.wave_id, action: a.action, details: a.details })),
  }
}

const iso = (d: Date) => d.toISOString()
const isoOrNull = (d: Date | null) => d?.toISOString() ?? null

/**
 * The access export as JSON, made at `now`: the registry row, and per wave the link's dates (never
 * the link: it is a credential), the response, every submission, the e-mails with their text
 * (`{{lien}}` stands where the link went), the review requests naming its SIREN (when, and the
 * decision — not who asked: that is someone else's data), and the audit entries about it.
 */
export function toPersonalData(data: OrganisationPersonalData, now = new Date()): PersonalData {
  return {
    exportedAt: iso(now),
    organisation: { ...data.organisation, createdAt: iso(data.organisation.createdAt), anonymisedAt: isoOrNull(data.organisation.anonymisedAt) },
    waves: data.waves.map((w) => ({
      wave: w.wave,
      invitation: { createdAt: iso(w.invitation.createdAt), openedAt: isoOrNull(w.invitation.openedAt), revokedAt: isoOrNull(w.invitation.revokedAt) },
      response: w.response
        ? {
            ...w.response,
            createdAt: iso(w.response.createdAt),
            updatedAt: iso(w.response.updatedAt),
            submittedAt: isoOrNull(w.response.submittedAt),
          }
        : null,
      submissions: w.submissions.map((s) => ({ ...s, submittedAt: iso(s.submittedAt) })),
      messages: w.messages.map((m) => ({ ...m, createdAt: iso(m.createdAt), sentAt: isoOrNull(m.sentAt) })),
      reviewRequests: w.reviewRequests.map((r) => ({ ...r, createdAt: iso(r.createdAt), decidedAt: isoOrNull(r.decidedAt) })),
    })),
    audit: data.audit.map((a) => ({ ...a, at: iso(a.at) })),
  }
}

/** Every version of a wave's questionnaire: answers to any of them may still be stored. */
export async function listQuestionnaireDefinitions(db: Db, waveId: string): Promise<JsonValue[]> {
  const rows = await db.selectFrom('questionnaires').select('definition').where('wave_id', '=', waveId).orderBy('version').execute()
  return rows.map((r) => r.definition)
}

/** What retention keeps of a wave: its releases and its submitted responses (the anonymised microdata). */
export async function retentionKeeps(db: Db, waveId: string): Promise<{ releases: number; submittedResponses: number; lastPassAt: Date | null }> {
  const [releases, submitted, last] = await Promise.all([
    db
      .selectFrom('releases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('wave_id', '=', waveId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('wave_id', '=', waveId)
      .where('status', '=', 'submitted')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('audit_events')
      .select('at')
      .where('wave_id', '=', waveId)
      .where('action', '=', 'retention.applied')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ])
  return { releases: Number(releases.n), submittedResponses: Number(submitted.n), lastPassAt: last?.at ?? null }
}
