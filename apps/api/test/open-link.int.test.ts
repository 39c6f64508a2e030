import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateWave } from '@sonde/db'
import { loginCookie, startTestApp, testBaseUrl, userFactory, waveFactory, type TestContext } from './support'
import { mailText, startSmtpServer, type ReceivedMail } from './smtp'

// The open link of a wave cannot be abused: its link never shows on screen, the answer never tells
// whether the organisation was known, a member's SIREN typed with another address goes to staff,
// and no mailbox can be flooded.

let ctx: TestContext
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let staffCookie: string
let nextAddress = 1

beforeAll(async () => {
  smtp = await startSmtpServer()
  ctx = await startTestApp({ smtp: { url: smtp.url, from: 'Sonde <enquete@example.org>' }, rateLimits: { joinsPerAddress: 5 }, retentionIntervalMs: 0 })
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => {
  await ctx?.close()
  await smtp?.close()
})

/** A client address of its own for each request, unless a test is about one address. */
const freshIp = () => `10.20.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`

async function openWave() {
  const wave = await waveFactory(ctx.database)
  await updateWave(ctx.database.db, wave.id, { settings: { openLink: true } })
  return wave
}

function join(slug: string, organisation: object, ip = freshIp()) {
  return ctx.app.inject({ method: 'POST', url: `/api/w/${slug}/join`, payload: { organisation, consent: true }, remoteAddress: ip })
}

/** The e-mails sent since `before`, once the outbox is done. */
async function mailsSince(before: number): Promise<ReceivedMail[]> {
  await ctx.app.outbox.processDue()
  return smtp.received.slice(before)
}

const linkIn = (mail: ReceivedMail) => mailText(mail).match(/http:\/\/sonde\.test\/r\/[\w-]+/)?.[0]
const openLinkOf = (link: string) => ctx.app.inject({ method: 'GET', url: `/api/r/${link.split('/r/')[1]}` })
const staffGet = (url: string) => ctx.app.inject({ method: 'GET', url, headers: { cookie: staffCookie } })
const staffPost = (url: string, payload: object = {}) => ctx.app.inject({ method: 'POST', url, headers: { cookie: staffCookie }, payload })

/** A SIREN with a valid check digit (Luhn), from its first eight digits. */
function siren(first8: string): string {
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

describe('registering through the open link', () => {
  it('sends the link to the address given, never in the answer, and answers a new, a known and a contested organisation alike', async () => {
    const wave = await openWave()
    const number = siren('73282932')
    const before = smtp.received.length

    const created = await join(wave.slug, { name: 'Tiers-Lieu des Communs', email: 'Contact@Tiers-Lieu.example', familyKeys: ['communs'], siren: number })
    const known = await join(wave.slug, { name: 'Un autre nom', email: 'contact@tiers-lieu.example' })
    const contested = await join(wave.slug, { name: 'Usurpateur', email: 'pirate@evil.example', siren: number })
    const answers = [created, known, contested]
    for (const res of answers) {
      expect(res.statusCode).toBe(202)
      expect(res.json()).toEqual({ status: 'accepted' })
      expect(res.body).not.toContain('/r/')
    }
    // Nothing in the answer tells the three apart.
    expect(new Set(answers.map((res) => res.body)).size).toBe(1)
    expect(new Set(answers.map((res) => JSON.stringify({ ...res.headers, date: undefined, 'x-request-id': undefined }))).size).toBe(1)

    const mails = await mailsSince(before)
    expect(mails.map((m) => m.to)).toEqual([['contact@tiers-lieu.example'], ['contact@tiers-lieu.example']])
    const link = linkIn(mails[0]!)!
    expect(link.startsWith(`${testBaseUrl}/r/`)).toBe(true)
    expect(linkIn(mails[1]!)).toBe(link)
    const opened = await openLinkOf(link)
    expect(opened.statusCode).toBe(200)
    expect(opened.json().organisation.name).toBe('Tiers-Lieu des Communs')

    const invited = await ctx.database.db.selectFrom('invitations').select('organisation_id').where('wave_id', '=', wave.id).execute()
    expect(invited).toHaveLength(1)
    const audit = await ctx.database.db.selectFrom('audit_events').select(['action', 'details']).where('wave_id', '=', wave.id).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['open_link.registered', 'open_link.known_organisation', 'open_link.claim_received'])
    expect(audit.every((a) => a.details.consent === true)).toBe(true)
    expect(JSON.stringify(audit)).not.toMatch(/@|Usurpateur|Tiers/)
  })

  it('shows the wave’s families, and refuses a consent other than the one the form asks for', async () => {
    const wave = await openWave()
    expect((await ctx.app.inject({ method: 'GET', url: `/api/w/${wave.slug}` })).json().wave.families).toHaveLength(6)
    const refused = await ctx.app.inject({
      method: 'POST',
      url: `/api/w/${wave.slug}/join`,
      payload: { organisation: { name: 'Sans accord', email: 'sans-accord@example.org' }, consent: false },
      remoteAddress: freshIp(),
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().message).toMatch(/^body\.consent: /)
    expect(await ctx.database.db.selectFrom('organisations').select('id').where('email', '=', 'sans-accord@example.org').execute()).toEqual([])
  })

  it('closes with the wave at its closing date, before the scheduler has recorded it: 404, nothing stored', async () => {
    const wave = await openWave()
    await ctx.database.db
      .updateTable('waves')
      .set({ closes_at: new Date(Date.now() - 1000) })
      .where('id', '=', wave.id)
      .execute()
    expect((await ctx.app.inject({ method: 'GET', url: `/api/w/${wave.slug}` })).json().code).toBe('WAVE_NOT_FOUND')
    const res = await join(wave.slug, { name: 'Trop tard', email: 'trop-tard@example.org' })
    expect(res.json().code).toBe('WAVE_NOT_FOUND')
    expect(await ctx.database.db.selectFrom('invitations').select('id').where('wave_id', '=', wave.id).execute()).toEqual([])
  })

  it('requires the address the link goes to', async () => {
    const wave = await openWave()
    const res = await join(wave.slug, { name: 'Sans adresse' })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/organisation\.email/)
    expect(await ctx.database.db.selectFrom('invitations').select('id').where('wave_id', '=', wave.id).execute()).toEqual([])
  })

  it.each([
    ['a NUL in the name', (slug: string) => [slug, { name: 'Acme\u0000', email: 'nul@example.org' }] as const],
    ['a NUL in the link', (slug: string) => [`${slug}%00`, { name: 'Acme', email: 'nul@example.org' }] as const],
  ])('answers 400 to %s and stores nothing', async (_label, request) => {
    const wave = await openWave()
    const [slug, organisation] = request(wave.slug)
    expect((await join(slug, organisation)).statusCode).toBe(400)
    expect(await ctx.database.db.selectFrom('organisations').select('id').where('email', '=', 'nul@example.org').execute()).toEqual([])
  })

  it('creates one organisation when the same new address arrives several times at once', async () => {
    const wave = await openWave()
    const before = smtp.received.length
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => join(wave.slug, { name: `Atelier pressé ${i}`, email: 'presse@atelier.example', siren: siren('40483304') })),
    )
    expect(results.map((r) => r.statusCode)).toEqual([202, 202, 202, 202])
    const organisations = await ctx.database.db.selectFrom('organisations').select('id').where('email', '=', 'presse@atelier.example').execute()
    expect(organisations).toHaveLength(1)
    expect(await ctx.database.db.selectFrom('open_link_claims').select('id').where('wave_id', '=', wave.id).execute()).toEqual([])
    // The mailbox gets at most three links an hour, however many requests name it.
    expect((await mailsSince(before)).length).toBe(3)
  })

  it('sends at most three links an hour to one address, with the same answer after the cap', async () => {
    const wave = await openWave()
    const before = smtp.received.length
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await join(wave.slug, { name: 'Boîte inondée', email: 'victime@mailbox.example' })).body)
    expect(statuses).toEqual(Array(5).fill(JSON.stringify({ status: 'accepted' })))
    expect((await mailsSince(before)).map((m) => m.to[0])).toEqual(Array(3).fill('victime@mailbox.example'))
  })

  it('refuses a sixth request a minute from one client address', async () => {
    const wave = await openWave()
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await join(wave.slug, { name: `Spam ${i}`, email: `spam${i}@example.org` }, '10.66.0.1')).statusCode)
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429])
    await mailsSince(0)
  })

  it('writes the organisation’s name in the e-mail as one quoted line with no link in it', async () => {
    const wave = await openWave()
    const before = smtp.received.length
    const name = 'Acme\r\nBcc: all@example.org\r\n\r\nCliquez sur https://evil.example/r/abc ou www.evil.example'
    expect((await join(wave.slug, { name, email: 'acme@example.org' })).statusCode).toBe(202)
    const mails = (await mailsSince(before)).filter((m) => m.to[0] === 'acme@example.org')
    expect(mails).toHaveLength(1)
    const mail = mails[0]
    const text = mailText(mail!)
    const line = text.split('\n').find((l) => l.includes('Acme'))!
    expect(line).toContain('«\u00A0Acme Bcc: all＠example․org Cliquez sur https:⁄⁄evil․example/r/abc ou www․evil․example\u00A0»')
    expect(text).not.toMatch(/evil\.example|www\.|all@/)
    const [stored] = await ctx.database.db.selectFrom('outbox').select('subject').where('wave_id', '=', wave.id).execute()
    expect(stored!.subject).not.toMatch(/[\r\n]/)
  })
})

describe('a SIREN already held under another address', () => {
  let sirenSeed = 30_000_000
  async function contested() {
    const wave = await openWave()
    const number = siren(String((sirenSeed += 1)))
    // Organisations are shared by every wave: each test has its own addresses.
    const [onFile, claimant] = [`bureau-${sirenSeed}@recyclerie.example`, `nouvelle-${sirenSeed}@recyclerie.example`]
    const registered = smtp.received.length
    await join(wave.slug, { name: 'Recyclerie du Val', email: onFile, siren: number, familyKeys: ['reemploi'] })
    const firstLink = linkIn((await mailsSince(registered))[0]!)
    const before = smtp.received.length
    const claim = await join(wave.slug, { name: 'Recyclerie du Val (nouvelle équipe)', email: claimant, siren: number })
    expect(claim.statusCode).toBe(202)
    // The same request again waits on the list once.
    await join(wave.slug, { name: 'Recyclerie du Val (nouvelle équipe)', email: claimant.toUpperCase(), siren: number })
    expect(await mailsSince(before)).toEqual([])
    const list = await staffGet(`/api/waves/${wave.id}/open-link/claims`)
    expect(list.statusCode).toBe(200)
    expect(list.json().claims).toEqual([
      {
        id: expect.any(String),
        siren: number,
        name: 'Recyclerie du Val (nouvelle équipe)',
        email: claimant,
        familyKeys: [],
        createdAt: expect.any(String),
        organisation: { id: expect.any(String), name: 'Recyclerie du Val', email: onFile, invited: true },
      },
    ])
    return { wave, claim: list.json().claims[0] as { id: string; organisation: { id: string } }, firstLink: firstLink!, onFile, claimant }
  }

  it('goes to staff; accepted for the address on file, the link goes there and nowhere else', async () => {
    const { wave, claim, firstLink, onFile } = await contested()
    const before = smtp.received.length
    const accepted = await staffPost(`/api/waves/${wave.id}/open-link/claims/${claim.id}/accept`, { sendTo: 'on_file' })
    expect(accepted.json()).toEqual({ status: 'accepted', sentTo: 'on_file', linkRenewed: false })
    const mails = await mailsSince(before)
    expect(mails.map((m) => m.to)).toEqual([[onFile]])
    expect(linkIn(mails[0]!)).toBe(firstLink)
    expect((await staffGet(`/api/waves/${wave.id}/open-link/claims`)).json().claims).toEqual([])
    // Decided once: a second decision finds nothing.
    expect((await staffPost(`/api/waves/${wave.id}/open-link/claims/${claim.id}/reject`)).json().code).toBe('CLAIM_NOT_FOUND')
    const stored = await ctx.database.db.selectFrom('open_link_claims').select(['status', 'name', 'email']).where('id', '=', claim.id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ status: 'accepted', name: null, email: null })
  })

  it('accepted for the new address: the registry takes it, the old link stops, the new address gets a working one', async () => {
    const { wave, claim, firstLink, claimant } = await contested()
    const before = smtp.received.length
    const accepted = await staffPost(`/api/waves/${wave.id}/open-link/claims/${claim.id}/accept`, { sendTo: 'claimant' })
    expect(accepted.json()).toEqual({ status: 'accepted', sentTo: 'claimant', linkRenewed: true })
    const mails = await mailsSince(before)
    expect(mails.map((m) => m.to)).toEqual([[claimant]])
    const link = linkIn(mails[0]!)!
    expect(link).not.toBe(firstLink)
    expect((await openLinkOf(link)).statusCode).toBe(200)
    expect((await openLinkOf(firstLink)).statusCode).toBe(404)
    const organisation = await ctx.database.db
      .selectFrom('organisations')
      .select(['name', 'email'])
      .where('id', '=', claim.organisation.id)
      .executeTakeFirstOrThrow()
    expect(organisation).toEqual({ name: 'Recyclerie du Val', email: claimant })
  })

  it('rejected: nobody gets anything, the claimant’s name and address are gone, each step is in the audit log', async () => {
    const { wave, claim } = await contested()
    const before = smtp.received.length
    expect((await staffPost(`/api/waves/${wave.id}/open-link/claims/${claim.id}/reject`)).json()).toEqual({ status: 'rejected' })
    expect(await mailsSince(before)).toEqual([])
    const stored = await ctx.database.db.selectFrom('open_link_claims').select(['status', 'name', 'email']).where('id', '=', claim.id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ status: 'rejected', name: null, email: null })
    const audit = await ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_type', 'details'])
      .where('wave_id', '=', wave.id)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['open_link.registered', 'open_link.claim_received', 'open_link.claim_rejected'])
    expect(audit[2]).toMatchObject({ actor_type: 'user', details: { claimId: claim.id, organisationId: claim.organisation.id } })
  })

  it('cannot go to an address on file that does not exist', async () => {
    const wave = await openWave()
    const number = siren('55210055')
    const member = await staffPost(`/api/waves/${wave.id}/organisations`, { name: 'Membre sans courriel', siren: number, familyKeys: ['insertion'] })
    expect(member.statusCode).toBe(201)
    await join(wave.slug, { name: 'Membre sans courriel', email: 'quelquun@example.org', siren: number })
    const [claim] = (await staffGet(`/api/waves/${wave.id}/open-link/claims`)).json().claims
    const refused = await staffPost(`/api/waves/${wave.id}/open-link/claims/${claim.id}/accept`, { sendTo: 'on_file' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('NO_ADDRESS_ON_FILE')
    expect((await staffGet(`/api/waves/${wave.id}/open-link/claims`)).json().claims).toHaveLength(1)
  })
})
