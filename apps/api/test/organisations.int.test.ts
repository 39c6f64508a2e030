import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { createInvitation } from '@sonde/db'
import { completeAnswers, loginCookie, startTestApp, testBaseUrl, testLinkSecret, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let cookie: string

beforeAll(async () => {
  ctx = await startTestApp({ retentionIntervalMs: 0 })
  cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => ctx?.close())

const importCsv = (waveId: string, csv: string | Buffer, dryRun = false) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/waves/${waveId}/organisations/import${dryRun ? '?dryRun=true' : ''}`,
    headers: { cookie, 'content-type': 'text/csv' },
    payload: csv,
  })
const list = async (waveId: string) =>
  (await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/organisations`, headers: { cookie } })).json().organisations as {
    id: string
    name: string
    email: string | null
    siren: string | null
    familyKeys: string[]
    invitation: { link: string }
    response: { status: string }
  }[]

describe('member import', () => {
  it('writes nothing when one line is bad, and reports that line', async () => {
    const wave = await waveFactory(ctx.database)
    const res = await importCsv(wave.id, 'nom;courriel;familles\nAtelier A;a@example.org;insertion\nAtelier B;pas-un-courriel;insertion\n')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ written: false, created: 1, errors: [{ line: 3, message: expect.stringContaining('pas-un-courriel') }] })
    expect(await list(wave.id)).toEqual([])
  })

  it('previews without writing, then imports: organisations with links that open their questionnaire', async () => {
    const wave = await waveFactory(ctx.database)
    const csv = 'name,email,families,siren,region\nAtelier A,a@example.org,insertion|reemploi,732829320,bretagne\n<b>Recyclerie</b>,b@example.org,reemploi,,\n'
    const preview = await importCsv(wave.id, csv, true)
    expect(preview.json()).toMatchObject({ dryRun: true, written: false, created: 2, updated: 0, errors: [] })
    expect(await list(wave.id)).toEqual([])

    const done = await importCsv(wave.id, csv)
    expect(done.json()).toMatchObject({ written: true, created: 2, updated: 0 })
    const orgs = await list(wave.id)
    expect(orgs.map((o) => o.name)).toEqual(['<b>Recyclerie</b>', 'Atelier A'].sort())
    for (const org of orgs) {
      expect(org.invitation.link.startsWith(`${testBaseUrl}/r/`)).toBe(true)
      const token = org.invitation.link.split('/r/')[1]!
      const opened = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
      expect(opened.statusCode).toBe(200)
      expect(opened.json().organisation.name).toBe(org.name)
    }
  })

  it('updates by SIREN, then by e-mail, on a second import', async () => {
    const wave = await waveFactory(ctx.database)
    await importCsv(wave.id, 'name,email,siren\nAncien nom,ancien@example.org,552100554\nPar courriel,c@example.org,\n')
    const res = await importCsv(wave.id, 'name,email,siren\nNouveau nom,nouveau@example.org,552100554\nPar courriel renommé,C@example.org,\n')
    expect(res.json()).toMatchObject({ written: true, created: 0, updated: 2 })
    const names = (await list(wave.id)).map((o) => [o.name, o.email])
    expect(names).toEqual(
      expect.arrayContaining([
        ['Nouveau nom', 'nouveau@example.org'],
        ['Par courriel renommé', 'c@example.org'],
      ]),
    )
  })

  it.each([
    ['not UTF-8', Buffer.from('nom\nAssociation des Équipiers\n', 'latin1')],
    ['without a name column', 'email\na@example.org\n'],
  ])('answers 400 IMPORT_INVALID for a file %s', async (_label, csv) => {
    const wave = await waveFactory(ctx.database)
    const res = await importCsv(wave.id, csv)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('IMPORT_INVALID')
  })

  it('reports a bad line at the end of 10 000 lines and writes nothing', async () => {
    const wave = await waveFactory(ctx.database)
    const lines = Array.from({ length: 9_999 }, (_, i) => `Organisation ${i},org${i}@example.org,insertion`)
    const res = await importCsv(wave.id, `name,email,families\n${lines.join('\n')}\nDernière,,licorne\n`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ written: false, created: 9_999, errors: [{ line: 10_001 }] })
    expect(await list(wave.id)).toEqual([])
  })

  it('exports the registry and the links with formulas neutralised', async () => {
    const wave = await waveFactory(ctx.database)
    await importCsv(wave.id, 'name,email\n"=HYPERLINK(""http://evil"")",f@example.org\n')
    const registry = await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/organisations.csv`, headers: { cookie } })
    expect(registry.body).toContain(`"'=HYPERLINK(""http://evil"")",f@example.org`)
    const links = await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/invitations.csv?dialect=excel-fr`, headers: { cookie } })
    expect(links.body.startsWith('\uFEFFname;email;families;link;status')).toBe(true)
    expect(links.body).toContain(`${testBaseUrl}/r/`)
    expect(links.headers['content-disposition']).toMatch(/filename="sonde-[a-z0-9-]+-liens\.csv"/)
  })
})

describe('adding and editing by hand', () => {
  it('adds, refuses a duplicate e-mail or an unknown family, and edits', async () => {
    const wave = await waveFactory(ctx.database)
    const url = `/api/waves/${wave.id}/organisations`
    const added = await ctx.app.inject({
      method: 'POST',
      url,
      headers: { cookie },
      payload: { name: 'Main', email: 'main@example.org', familyKeys: ['communs'] },
    })
    expect(added.statusCode).toBe(201)
    const again = await ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload: { name: 'Autre', email: 'MAIN@example.org' } })
    expect(again.json().code).toBe('ORGANISATION_EXISTS')
    const unknown = await ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload: { name: 'X', familyKeys: ['licorne'] } })
    expect(unknown.json().code).toBe('UNKNOWN_FAMILY')
    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: `${url}/${added.json().id}`,
      headers: { cookie },
      payload: { name: 'Main renommée', familyKeys: ['communs', 'mesure'] },
    })
    expect(edited.json()).toMatchObject({ name: 'Main renommée', familyKeys: ['communs', 'mesure'] })
  })
})

describe('erasing an organisation on request, and its access export', () => {
  const staffGet = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie } })
  const staffPost = (url: string, payload: object = {}) => ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload })

  /** A member added by staff, invited by e-mail, that answered through its link and submitted. */
  async function submittedMember(waveId: string, name: string, email: string, budget: number) {
    const added = await staffPost(`/api/waves/${waveId}/organisations`, { name, email, familyKeys: ['insertion'] })
    expect(added.statusCode, added.body).toBe(201)
    const token = (added.json().invitation.link as string).split('/r/')[1]!
    expect((await staffPost(`/api/waves/${waveId}/invitations`, { kind: 'invitation', organisationIds: [added.json().id] })).json().queued).toBe(1)
    const answers = { ...completeAnswers('insertion'), nom_organisation: name, attentes: `Réponse libre de ${name}`, budget_annuel: budget }
    const saved = await ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 0, answers } })
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: `/api/r/${token}/submit`,
      headers: { 'idempotency-key': `erase-${token.slice(0, 10)}` },
      payload: { revision: saved.json().revision },
    })
    expect(submitted.statusCode, submitted.body).toBe(200)
    return { id: added.json().id as string, token }
  }

  async function publishedWave(prefix: string) {
    const wave = await waveFactory(ctx.database, { minCellSize: 3 })
    const members = []
    for (let i = 0; i < 4; i++) members.push(await submittedMember(wave.id, `${prefix} ${i}`, `${prefix.toLowerCase()}-${i}@example.org`, 100_000 * (i + 1)))
    expect((await staffPost(`/api/waves/${wave.id}/releases`, { note: 'première' })).statusCode).toBe(201)
    return { wave, members }
  }

  const microdataRows = async (waveId: string) =>
    (parse((await staffGet(`/api/waves/${waveId}/exports/responses.csv`)).body, { columns: true, bom: true }) as object[]).length

  it('removes its response, submissions, link and e-mails, takes its row out of released microdata, keeps the cells, and leaves a tombstone', async () => {
    const { wave, members } = await publishedWave('Erasme')
    const [target, ...others] = members as [{ id: string; token: string }, ...{ id: string; token: string }[]]
    const cellsBefore = (await staffGet(`/api/waves/${wave.id}/indicators`)).json().cells
    expect(await microdataRows(wave.id)).toBe(4)
    const before = await ctx.database.db.selectFrom('audit_events').select('id').where('wave_id', '=', wave.id).execute()

    const erased = await staffPost(`/api/waves/${wave.id}/organisations/${target.id}/erase`)
    expect(erased.statusCode, erased.body).toBe(200)
    expect(erased.json()).toEqual({
      pseudonym: expect.stringMatching(/^pseudo:/),
      responses: 1,
      submissions: 1,
      releases: 1,
      messages: 1,
      claims: 0,
      auditEntries: 2,
      registry: 'deleted',
    })

    // The audit log: its earlier entries name a pseudonym, and the tombstone says what went, nothing of whom.
    const audit = await ctx.database.db
      .selectFrom('audit_events')
      .select(['id', 'action', 'actor_type', 'actor_id', 'details'])
      .where('wave_id', '=', wave.id)
      .orderBy('id')
      .execute()
    expect(audit.length).toBe(before.length + 1)
    expect(JSON.stringify(audit)).not.toContain(target.id)
    const tombstone = audit.at(-1)!
    expect(tombstone).toMatchObject({ action: 'organisation.erased', actor_type: 'user', details: erased.json() })
    expect(JSON.stringify(tombstone)).not.toMatch(/Erasme|@example\.org/)
    const pseudonymised = audit.filter((a) => a.actor_id === erased.json().pseudonym || a.details.organisationId === erased.json().pseudonym)
    expect(pseudonymised.map((a) => a.action)).toEqual(['organisation.create', 'response.submitted'])

    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${target.token}` })).statusCode).toBe(404)
    expect(await ctx.database.db.selectFrom('organisations').select('id').where('id', '=', target.id).execute()).toEqual([])
    expect(await ctx.database.db.selectFrom('outbox').select('to_address').where('wave_id', '=', wave.id).execute()).toHaveLength(3)
    const responses = await ctx.database.db.selectFrom('responses').select('answers').where('wave_id', '=', wave.id).execute()
    expect(JSON.stringify(responses)).not.toContain('Erasme 0')
    expect(
      (await staffGet(`/api/waves/${wave.id}/organisations`))
        .json()
        .organisations.map((o: { id: string }) => o.id)
        .sort(),
    ).toEqual(others.map((o) => o.id).sort())
    // The release: same cells, one row fewer in its microdata.
    expect((await staffGet(`/api/waves/${wave.id}/indicators`)).json().cells).toEqual(cellsBefore)
    expect(await microdataRows(wave.id)).toBe(3)

    // Asked again, there is nothing left of it in this wave.
    expect((await staffPost(`/api/waves/${wave.id}/organisations/${target.id}/erase`)).json().code).toBe('ORGANISATION_NOT_FOUND')
  })

  it('exports everything held about an organisation in every wave, without its link; erased from one wave, it stays in the other', async () => {
    const { wave, members } = await publishedWave('Access')
    const member = members[0]!
    const other = await waveFactory(ctx.database)
    const otherToken = await ctx.database.db.transaction().execute(async (trx) => (await createInvitation(trx, testLinkSecret, other.id, member.id)).token)

    const exported = await staffGet(`/api/waves/${wave.id}/organisations/${member.id}/personal-data`)
    expect(exported.statusCode).toBe(200)
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="sonde-[a-z0-9-]+-donnees-organisation\.json"$/)
    expect(exported.headers['cache-control']).toBe('no-store')
    const data = exported.json()
    expect(data.organisation).toMatchObject({ id: member.id, name: 'Access 0', email: 'access-0@example.org', familyKeys: ['insertion'], anonymisedAt: null })
    expect(data.waves.map((w: { wave: { id: string } }) => w.wave.id).sort()).toEqual([wave.id, other.id].sort())
    const here = data.waves.find((w: { wave: { id: string } }) => w.wave.id === wave.id)
    expect(here.response).toMatchObject({ status: 'submitted', answers: { nom_organisation: 'Access 0', attentes: 'Réponse libre de Access 0' } })
    expect(here.submissions).toEqual([
      { revision: expect.any(Number), submittedAt: expect.any(String), answers: expect.objectContaining({ budget_annuel: 100_000 }) },
    ])
    expect(here.messages).toEqual([expect.objectContaining({ kind: 'invitation', to: 'access-0@example.org', body: expect.stringContaining('{{lien}}') })])
    expect(data.audit.map((a: { action: string }) => a.action)).toEqual(['organisation.create', 'response.submitted'])
    // The link is a credential, not data about the organisation: it is not in the file.
    expect(exported.body).not.toContain(member.token)
    expect(exported.body).not.toContain(otherToken)
    expect(exported.body).not.toMatch(/\/r\/[\w-]{20,}/)
    const logged = await ctx.database.db
      .selectFrom('audit_events')
      .select(['actor_type', 'details'])
      .where('action', '=', 'organisation.access_export')
      .execute()
    expect(logged).toEqual([{ actor_type: 'user', details: { organisationId: member.id } }])

    const erased = await staffPost(`/api/waves/${wave.id}/organisations/${member.id}/erase`)
    expect(erased.json()).toMatchObject({ responses: 1, registry: 'kept' })
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${otherToken}` })).statusCode).toBe(200)
    expect((await staffGet(`/api/waves/${wave.id}/organisations/${member.id}/personal-data`)).json().code).toBe('ORGANISATION_NOT_FOUND')
    const remaining = (await staffGet(`/api/waves/${other.id}/organisations/${member.id}/personal-data`)).json()
    expect(remaining.waves.map((w: { wave: { id: string } }) => w.wave.id)).toEqual([other.id])
    expect(remaining.organisation.email).toBe('access-0@example.org')
  })
})
