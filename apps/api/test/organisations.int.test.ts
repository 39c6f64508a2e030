import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, startTestApp, testBaseUrl, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let cookie: string

beforeAll(async () => {
  ctx = await startTestApp()
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
    expect(names).toEqual(expect.arrayContaining([['Nouveau nom', 'nouveau@example.org'], ['Par courriel renommé', 'c@example.org']]))
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
    const added = await ctx.app.inject({ method: 'POST', url, headers: { cookie }, payload: { name: 'Main', email: 'main@example.org', familyKeys: ['communs'] } })
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
