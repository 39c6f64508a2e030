import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, startTestApp, testBaseUrl, userFactory, waveFactory, type TestContext } from './support'
import { mailText, startSmtpServer } from './smtp'

let ctx: TestContext
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let cookie: string

beforeAll(async () => {
  smtp = await startSmtpServer()
  ctx = await startTestApp({ smtp: { url: smtp.url, from: 'Sonde <enquete@example.org>' } })
  cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => {
  await ctx?.close()
  await smtp?.close()
})

async function waveWithMembers(csv: string) {
  const wave = await waveFactory(ctx.database)
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/waves/${wave.id}/organisations/import`,
    headers: { cookie, 'content-type': 'text/csv' },
    payload: csv,
  })
  expect(res.json().written).toBe(true)
  return wave
}

const send = (waveId: string, body: object) => ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/invitations`, headers: { cookie }, payload: body })
const outbox = async (waveId: string) => (await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/outbox`, headers: { cookie } })).json()

describe('invitations by e-mail', () => {
  it('sends each organisation its own working link, once', async () => {
    const before = smtp.received.length
    const wave = await waveWithMembers('name,email\nAtelier Un,un@example.org\nAtelier Deux,deux@example.org\nSans Courriel,\n')
    const res = await send(wave.id, { kind: 'invitation' })
    expect(res.json()).toMatchObject({ queued: 2, skipped: [{ name: 'Sans Courriel', reason: 'no_email' }] })
    await ctx.app.outbox.processDue()

    const mails = smtp.received.slice(before)
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['deux@example.org', 'un@example.org'])
    for (const mail of mails) {
      const text = mailText(mail)
      const link = text.match(/http:\/\/sonde\.test\/r\/[\w-]+/)?.[0]
      expect(link, text).toBeDefined()
      expect(link!.startsWith(`${testBaseUrl}/r/`)).toBe(true)
      const opened = await ctx.app.inject({ method: 'GET', url: `/api/r/${link!.split('/r/')[1]}` })
      expect(opened.statusCode).toBe(200)
      expect(text).toContain(opened.json().organisation.name)
    }
    const stored = await ctx.database.db.selectFrom('outbox').select('body').where('wave_id', '=', wave.id).execute()
    for (const row of stored) expect(row.body).toContain('{{lien}}')

    expect((await outbox(wave.id)).messages.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent'])
    const again = await send(wave.id, { kind: 'invitation' })
    expect(again.json().queued).toBe(0)
  })

  it('retries with backoff after the SMTP server refused once', async () => {
    const before = smtp.received.length
    const wave = await waveWithMembers('name,email\nAtelier Trois,trois@example.org\n')
    smtp.refuseNext(1)
    await send(wave.id, { kind: 'invitation' })
    await ctx.app.outbox.processDue()
    let [message] = (await outbox(wave.id)).messages
    expect(message).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451') })
    expect(smtp.received.length).toBe(before)

    // Not due yet: nothing happens before the backoff delay.
    await ctx.app.outbox.processDue()
    expect(smtp.received.length).toBe(before)

    await ctx.database.db.updateTable('outbox').set({ next_attempt_at: new Date() }).where('wave_id', '=', wave.id).execute()
    await ctx.app.outbox.processDue()
    ;[message] = (await outbox(wave.id)).messages
    expect(message).toMatchObject({ status: 'sent', attempts: 2 })
    expect(smtp.received.slice(before).map((m) => m.to[0])).toEqual(['trois@example.org'])
  })

  it('reminds only those who have not submitted', async () => {
    const wave = await waveWithMembers('name,email\nFini,fini@example.org\nPas fini,pasfini@example.org\n')
    const orgs = (await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/organisations`, headers: { cookie } })).json().organisations as {
      id: string
      name: string
    }[]
    const done = orgs.find((o) => o.name === 'Fini')!
    await ctx.database.db.updateTable('responses').set({ status: 'submitted' }).where('organisation_id', '=', done.id).execute()
    const res = await send(wave.id, { kind: 'reminder' })
    expect(res.json()).toMatchObject({ queued: 1, skipped: [{ name: 'Fini', reason: 'submitted' }] })
    const before = smtp.received.length
    await ctx.app.outbox.processDue()
    const [mail] = smtp.received.slice(before)
    expect(mail!.to).toEqual(['pasfini@example.org'])
    expect(mail!.raw).toMatch(/^Subject: .*Rappel/m)
    expect(mailText(mail!)).toContain('n’est pas encore envoyé')
  })

  it('revokes a link and gives a new one', async () => {
    const wave = await waveWithMembers('name,email\nLien,lien@example.org\n')
    const [org] = (await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/organisations`, headers: { cookie } })).json().organisations as {
      id: string
      invitation: { link: string }
    }[]
    const oldToken = org!.invitation.link.split('/r/')[1]
    const base = `/api/waves/${wave.id}/organisations/${org!.id}/invitation`
    const revoked = await ctx.app.inject({ method: 'POST', url: `${base}/revoke`, headers: { cookie } })
    expect(revoked.json().invitation.revoked).toBe(true)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${oldToken}` })).statusCode).toBe(404)
    const regenerated = await ctx.app.inject({ method: 'POST', url: `${base}/regenerate`, headers: { cookie } })
    const newToken = regenerated.json().invitation.link.split('/r/')[1]
    expect(newToken).not.toBe(oldToken)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${newToken}` })).statusCode).toBe(200)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${oldToken}` })).statusCode).toBe(404)
  })
})
