import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { createInvitation, createOrganisation, updateWave, type JsonValue } from '@sonde/db'
import { buildApp } from '../src/app'
import { parisDate } from '../src/retention/schedule'
import { completeAnswers, loginCookie, startTestApp, testConfig, testLinkSecret, userFactory, waveFactory, type TestContext } from './support'

// Retention: once a wave's date has passed, what identifies its organisations goes — registry
// names, e-mails, SIREN, free text, e-mails sent, links — and its audit log names them by
// pseudonyms; its releases and the anonymised microdata stay. Both engines (TEST_DATABASE_URL).

let ctx: TestContext
let staffCookie: string

beforeAll(async () => {
  ctx = await startTestApp({ retentionIntervalMs: 0 })
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => ctx?.close())

const day = 24 * 3_600_000
const yesterday = () => parisDate(new Date(Date.now() - day))
const nextMonth = () => parisDate(new Date(Date.now() + 30 * day))
const staffGet = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: staffCookie } })
const staffPost = (url: string, payload: object = {}) => ctx.app.inject({ method: 'POST', url, headers: { cookie: staffCookie }, payload })

let seed = 0
/** A SIREN with a valid check digit (Luhn), different at each call. */
function nextSiren(): string {
  seed += 1
  const first8 = String(61_000_000 + seed)
  for (let digit = 0; digit <= 9; digit += 1) {
    const candidate = `${first8}${digit}`
    const sum = [...candidate].reverse().reduce((total, char, index) => {
      const value = Number(char) * (index % 2 === 1 ? 2 : 1)
      return total + (value > 9 ? value - 9 : value)
    }, 0)
    if (sum % 10 === 0) return candidate
  }
  throw new Error('no check digit')
}

/** An organisation of the registry with everything that identifies it. */
async function registered(name: string) {
  return createOrganisation(ctx.database.db, {
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '-')}-${seed}@example.org`,
    siren: nextSiren(),
    region: 'bretagne',
    familyKeys: ['insertion'],
  })
}

async function invite(waveId: string, organisationId: string): Promise<string> {
  return ctx.database.db.transaction().execute(async (trx) => (await createInvitation(trx, testLinkSecret, waveId, organisationId)).token)
}

/** Answers and submits through the respondent's link, as a person does: name, SIREN and free text included. */
async function submitThroughLink(token: string, name: string, budget: number) {
  const answers = { ...completeAnswers('insertion'), nom_organisation: name, siren: '732829320', attentes: `Nous, ${name}, aimerions…`, budget_annuel: budget }
  const saved = await ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 0, answers } })
  expect(saved.statusCode, saved.body).toBe(200)
  const submitted = await ctx.app.inject({
    method: 'POST',
    url: `/api/r/${token}/submit`,
    headers: { 'idempotency-key': `retention-${token.slice(0, 8)}` },
    payload: { revision: saved.json().revision },
  })
  expect(submitted.statusCode, submitted.body).toBe(200)
}

const IDENTIFYING = ['nom_organisation', 'siren', 'attentes']

describe('the retention of a wave', () => {
  it('shows staff what will go and when, removes it once the date has passed, and keeps releases and anonymised microdata', async () => {
    const wave = await waveFactory(ctx.database, { minCellSize: 3 })
    const later = await waveFactory(ctx.database)
    await updateWave(ctx.database.db, wave.id, { settings: { openLink: true } })
    await updateWave(ctx.database.db, later.id, { settings: { retentionUntil: nextMonth() } })

    // Three organisations answer; the first also takes part in a later wave, still kept.
    const organisations = [await registered('Atelier Alpha'), await registered('Atelier Beta'), await registered('Atelier Gamma')]
    const tokens: string[] = []
    for (const organisation of organisations) tokens.push(await invite(wave.id, organisation.id))
    expect((await staffPost(`/api/waves/${wave.id}/invitations`, { kind: 'invitation' })).json().queued).toBe(3)
    for (const [i, token] of tokens.entries()) await submitThroughLink(token, organisations[i]!.name, 100_000 * (i + 1))
    const laterToken = await invite(later.id, organisations[0]!.id)
    await submitThroughLink(laterToken, 'Atelier Alpha', 400_000)
    // Someone types Beta's SIREN with another address: a request waits for staff.
    const claim = await ctx.app.inject({
      method: 'POST',
      url: `/api/w/${wave.slug}/join`,
      payload: { organisation: { name: 'Quelqu’un', email: 'quelquun@example.org', siren: organisations[1]!.siren }, consent: true },
    })
    expect(claim.statusCode).toBe(202)
    expect((await staffPost(`/api/waves/${wave.id}/releases`, { note: 'avant' })).statusCode).toBe(201)
    const cellsBefore = (await staffGet(`/api/waves/${wave.id}/indicators`)).json().cells

    // Before the date: nothing goes, staff see what will.
    await updateWave(ctx.database.db, wave.id, { settings: { retentionUntil: nextMonth() } })
    expect(await ctx.app.retention.runNow()).toEqual([])
    const preview = await staffGet(`/api/waves/${wave.id}/retention`)
    expect(preview.statusCode).toBe(200)
    expect(preview.json()).toMatchObject({
      retentionUntil: nextMonth(),
      due: false,
      lastPassAt: null,
      // Audit entries: three submissions and the review request, which name an organisation.
      removes: { organisations: 2, organisationsKept: 1, responses: 3, submissions: 3, links: 3, messages: 3, auditEntries: 4, claims: 1 },
      keeps: { releases: 1, submittedResponses: 3 },
    })
    expect(new Date(preview.json().endsAt).getTime()).toBeGreaterThan(Date.now())
    expect(
      preview
        .json()
        .questions.map((q: { name: string }) => q.name)
        .sort(),
    ).toEqual([...IDENTIFYING].sort())

    // The date passes.
    await updateWave(ctx.database.db, wave.id, { settings: { retentionUntil: yesterday() } })
    const [pass, ...others] = await ctx.app.retention.runNow()
    expect(others).toEqual([])
    expect(pass!.wave.id).toBe(wave.id)
    expect(pass!.counts).toEqual({ organisations: 2, organisationsKept: 1, responses: 3, submissions: 3, links: 3, messages: 3, auditEntries: 4, claims: 1 })

    // Gone: the registry's names, addresses, SIREN and regions (but not of the organisation another wave keeps)…
    const registry = await ctx.database.db
      .selectFrom('organisations')
      .select(['id', 'name', 'email', 'siren', 'region', 'anonymised_at'])
      .where(
        'id',
        'in',
        organisations.map((o) => o.id),
      )
      .execute()
    const byId = new Map(registry.map((r) => [r.id, r]))
    for (const organisation of organisations.slice(1)) {
      expect(byId.get(organisation.id)).toEqual({ id: organisation.id, name: '', email: null, siren: null, region: null, anonymised_at: expect.any(Date) })
    }
    expect(byId.get(organisations[0]!.id)).toMatchObject({
      name: 'Atelier Alpha',
      email: organisations[0]!.email,
      siren: organisations[0]!.siren,
      anonymised_at: null,
    })
    // …names, SIREN and free text in the answers and in every submission…
    const responses = await ctx.database.db.selectFrom('responses').select(['id', 'answers', 'answer_revisions']).where('wave_id', '=', wave.id).execute()
    const submissions = await ctx.database.db
      .selectFrom('submissions')
      .innerJoin('responses', 'responses.id', 'submissions.response_id')
      .select('submissions.answers')
      .where('responses.wave_id', '=', wave.id)
      .execute()
    for (const answers of [...responses.map((r) => r.answers), ...responses.map((r) => r.answer_revisions), ...submissions.map((s) => s.answers)]) {
      for (const name of IDENTIFYING) expect(answers).not.toHaveProperty(name)
    }
    expect(JSON.stringify([responses, submissions])).not.toMatch(/Atelier|Nous,|732829320/)
    // The typed projection the indicators read is rebuilt from what is left.
    const projected = await sql<{ txt: string }>`select txt::text as txt from response_values where wave_id = ${wave.id}`.execute(ctx.database.db)
    expect(projected.rows).toHaveLength(3)
    expect(JSON.stringify(projected.rows)).not.toMatch(/Atelier|732829320/)
    expect(responses.map((r) => r.answers.budget_annuel).sort()).toEqual([100_000, 200_000, 300_000])
    // …the links (and the nonces they were rebuilt from), the e-mails, the review request…
    for (const token of tokens) expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })).statusCode).toBe(404)
    const links = await ctx.database.db.selectFrom('invitations').select(['token_nonce', 'revoked_at']).where('wave_id', '=', wave.id).execute()
    expect(links).toEqual(Array(3).fill({ token_nonce: '', revoked_at: expect.any(Date) }))
    expect(await ctx.database.db.selectFrom('outbox').select('id').where('wave_id', '=', wave.id).execute()).toEqual([])
    expect(await ctx.database.db.selectFrom('open_link_claims').select('id').where('wave_id', '=', wave.id).execute()).toEqual([])
    // …and the organisations' ids in the audit log: one pseudonym each, the same across its entries.
    const audit = await ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_type', 'actor_id', 'details'])
      .where('wave_id', '=', wave.id)
      .orderBy('id')
      .execute()
    const logged = JSON.stringify(audit)
    for (const organisation of organisations) expect(logged).not.toContain(organisation.id)
    const submittedBy = audit.filter((a) => a.action === 'response.submitted').map((a) => a.actor_id)
    expect(submittedBy).toHaveLength(3)
    expect(new Set(submittedBy).size).toBe(3)
    for (const pseudonym of submittedBy) expect(pseudonym).toMatch(/^pseudo:[0-9a-f-]{36}$/)
    expect(audit.at(-1)).toMatchObject({ action: 'retention.applied', actor_type: 'system', details: { organisations: 2, responses: 3 } })

    // Stays: the release's cells, and its microdata — every row, nothing that identifies.
    expect((await staffGet(`/api/waves/${wave.id}/indicators`)).json().cells).toEqual(cellsBefore)
    const microdata = await staffGet(`/api/waves/${wave.id}/exports/responses.csv`)
    expect(microdata.statusCode).toBe(200)
    const rows = parse(microdata.body, { columns: true, bom: true }) as Record<string, string>[]
    expect(rows).toHaveLength(3)
    expect(microdata.body).not.toMatch(/Atelier|Nous,|@example\.org|732829320/)

    // The later wave, still in retention, keeps its answers, its link and its log.
    const laterView = await ctx.app.inject({ method: 'GET', url: `/api/r/${laterToken}` })
    expect(laterView.statusCode).toBe(200)
    expect(laterView.json().response.answers).toMatchObject({ nom_organisation: 'Atelier Alpha', attentes: 'Nous, Atelier Alpha, aimerions…' })
    const laterAudit = await ctx.database.db
      .selectFrom('audit_events')
      .select('actor_id')
      .where('wave_id', '=', later.id)
      .where('action', '=', 'response.submitted')
      .execute()
    expect(laterAudit).toEqual([{ actor_id: organisations[0]!.id }])

    // Again: nothing more to remove, nothing more in the log; the preview says when it ran.
    expect((await ctx.app.retention.runNow())[0]!.counts).toEqual({
      organisations: 0,
      organisationsKept: 1,
      responses: 0,
      submissions: 0,
      links: 0,
      messages: 0,
      auditEntries: 0,
      claims: 0,
    })
    expect(
      (await ctx.database.db.selectFrom('audit_events').select('id').where('action', '=', 'retention.applied').where('wave_id', '=', wave.id).execute()).length,
    ).toBe(1)
    const after = (await staffGet(`/api/waves/${wave.id}/retention`)).json()
    expect(after).toMatchObject({ due: true, removes: { organisations: 0, responses: 0, links: 0, messages: 0, auditEntries: 0, claims: 0 } })
    expect(after.lastPassAt).not.toBeNull()
  })

  it('has no date, and so removes nothing, until staff set one', async () => {
    const wave = await waveFactory(ctx.database)
    const organisation = await registered('Atelier Delta')
    const token = await invite(wave.id, organisation.id)
    await submitThroughLink(token, 'Atelier Delta', 50_000)
    const preview = (await staffGet(`/api/waves/${wave.id}/retention`)).json()
    expect(preview).toMatchObject({ retentionUntil: null, endsAt: null, due: false, removes: { organisations: 1, responses: 1 } })
    await ctx.app.retention.runNow()
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })).json().response.answers.nom_organisation).toBe('Atelier Delta')
  })

  it('runs by itself when the server starts', async () => {
    const wave = await waveFactory(ctx.database)
    const organisation = await registered('Atelier Epsilon')
    const token = await invite(wave.id, organisation.id)
    await submitThroughLink(token, 'Atelier Epsilon', 60_000)
    await updateWave(ctx.database.db, wave.id, { settings: { retentionUntil: yesterday() } })

    // A second process on the same database, with the job on (hourly, and once at start-up).
    const other = await buildApp(testConfig(ctx.database.url, { retentionIntervalMs: 3_600_000 }))
    try {
      await expect
        .poll(async () => (await ctx.database.db.selectFrom('organisations').select('name').where('id', '=', organisation.id).executeTakeFirstOrThrow()).name, {
          timeout: 20_000,
        })
        .toBe('')
    } finally {
      await other.close()
    }
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })).statusCode).toBe(404)
  })
})

describe('answers kept as JSON', () => {
  it('lose the "other" comments of any question too', async () => {
    const wave = await waveFactory(ctx.database)
    const organisation = await registered('Atelier Zeta')
    await invite(wave.id, organisation.id)
    const answers = { ...completeAnswers('insertion'), 'forme_juridique-Comment': 'Fondation Zeta, 3 rue…' } as Record<string, JsonValue>
    await ctx.database.db.updateTable('responses').set({ answers, status: 'submitted', submitted_at: new Date() }).where('wave_id', '=', wave.id).execute()
    await updateWave(ctx.database.db, wave.id, { settings: { retentionUntil: yesterday() } })
    await ctx.app.retention.runNow()
    const { answers: kept } = await ctx.database.db.selectFrom('responses').select('answers').where('wave_id', '=', wave.id).executeTakeFirstOrThrow()
    expect(kept).not.toHaveProperty('forme_juridique-Comment')
    expect(kept).toMatchObject({ forme_juridique: 'association', budget_annuel: 250000 })
  })
})
