import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeAnswers, loginCookie, startTestApp, testLinkSecret, userFactory, waveFactory, type TestContext } from './support'
import { mailText, startSmtpServer } from './smtp'

/**
 * A whole run — logins, an invitation, answers, a submission, a password reset, API tokens — with
 * every log line captured at `trace`, then searched for every secret Sonde handed out.
 */
let ctx: TestContext
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
const lines: string[] = []
const secrets = new Map<string, string>()

beforeAll(async () => {
  smtp = await startSmtpServer()
  ctx = await startTestApp({
    logLevel: 'trace',
    logSink: { write: (line) => void lines.push(line) },
    smtp: { url: smtp.url, from: 'Sonde <no-reply@example.org>' },
  })
})
afterAll(async () => {
  await ctx?.close()
  await smtp?.close()
})

function keep(what: string, secret: string | undefined): string {
  if (!secret) throw new Error(`no ${what} was issued`)
  secrets.set(what, secret)
  return secret
}
const sessionOf = (cookie: string) => keep(`session ${secrets.size}`, cookie.split('=')[1])

describe('logs at trace level over a whole run', () => {
  beforeAll(async () => {
    const { app, database } = ctx
    keep('link secret', testLinkSecret)
    const admin = await userFactory(database, 'admin', 'mot de passe de l’admin')
    keep('admin password', admin.password)
    const cookie = await loginCookie(app, admin)
    sessionOf(cookie)
    const as = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
      app.inject({ method, url, headers: { cookie, ...headers }, ...(payload ? { payload } : {}) })

    // An invitation: the organisation, its link, the e-mail that carries it.
    const wave = await waveFactory(database)
    const created = await as('POST', `/api/waves/${wave.id}/organisations`, {
      name: 'Atelier Journal',
      email: 'atelier@example.org',
      familyKeys: ['insertion'],
    })
    expect(created.statusCode).toBe(201)
    const link = keep('invitation link', created.json().invitation.link.split('/r/')[1])
    expect((await as('POST', `/api/waves/${wave.id}/invitations`, { kind: 'invitation' })).statusCode).toBe(200)
    await app.outbox.processDue()
    expect(smtp.received.some((m) => mailText(m).includes(link))).toBe(true)
    await as('GET', `/api/waves/${wave.id}/invitations.csv`)

    // The respondent: the page, answers, presence, submission, own answers, report; a wrong path too.
    await app.inject({ method: 'GET', url: `/r/${link}?lang=en` })
    const view = await app.inject({ method: 'GET', url: `/api/r/${link}` })
    expect(view.statusCode).toBe(200)
    const saved = await app.inject({ method: 'PATCH', url: `/api/r/${link}/answers`, payload: { baseRevision: 0, answers: completeAnswers() } })
    expect(saved.statusCode).toBe(200)
    await app.inject({ method: 'POST', url: `/api/r/${link}/presence`, payload: { clientId: 'onglet-journal', page: null } })
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/r/${link}/submit`,
      headers: { 'idempotency-key': 'journal-1' },
      payload: { revision: saved.json().revision },
    })
    expect(submitted.statusCode).toBe(200)
    await app.inject({ method: 'GET', url: `/api/r/${link}/answers.csv` })
    await app.inject({ method: 'GET', url: `/api/r/${link}/report` })
    await app.inject({ method: 'GET', url: `/api/r/${link}/nowhere` })
    await app.inject({ method: 'PATCH', url: `/api/r/${link}/answers`, headers: { 'content-type': 'application/json' }, payload: '{"broken' })

    // A password reset: the request, the mailed link, the page it opens, its use.
    const staff = await userFactory(database, 'staff', 'ancien mot de passe')
    keep('staff password', staff.password)
    await app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: staff.email } })
    await app.afterReply.settled()
    await app.outbox.processDue()
    const mail = smtp.received.find((m) => m.to.includes(staff.email))
    const resetToken = keep('reset token', mail && /token=([\w-]+)/.exec(mailText(mail))?.[1])
    await app.inject({ method: 'GET', url: `/admin/reset?token=${resetToken}` })
    const newPassword = keep('new password', 'nouveau mot de passe du journal')
    expect((await app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: resetToken, password: newPassword } })).statusCode).toBe(204)
    await app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token: resetToken, password: newPassword } })
    const staffCookie = await loginCookie(app, { email: staff.email, password: newPassword })
    sessionOf(staffCookie)

    // An API token: created, used, refused where a token may not go, revoked, refused.
    const minted = await app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: staffCookie }, payload: { name: 'Script R' } })
    const apiToken = keep('API token', minted.json().token)
    const withToken = (method: 'GET' | 'POST', url: string) =>
      app.inject({ method, url, headers: { authorization: `Bearer ${apiToken}` }, ...(method === 'POST' ? { payload: { name: 'x' } } : {}) })
    expect((await withToken('GET', '/api/waves')).statusCode).toBe(200)
    expect((await withToken('POST', '/api/tokens')).statusCode).toBe(403)
    await withToken('GET', '/api/users')
    await app.inject({ method: 'DELETE', url: `/api/tokens/${minted.json().id}`, headers: { cookie: staffCookie } })
    expect((await withToken('GET', '/api/waves')).statusCode).toBe(401)

    await as('GET', '/api/auth/me')
    await as('POST', '/api/auth/logout')
    await as('GET', '/api/auth/me')
  })

  it('logged the run, with the link routes in place (the test sees what it searches)', () => {
    expect(lines.length).toBeGreaterThan(50)
    for (const url of ['/api/r/<redacted>/answers', '/r/<redacted>?lang=en', '/admin/reset?token=<redacted>']) {
      expect(
        lines.some((line) => line.includes(url)),
        url,
      ).toBe(true)
    }
  })

  it('holds none of the secrets handed out', () => {
    const log = lines.join('')
    const found = [...secrets].filter(([, secret]) => log.includes(secret)).map(([what]) => what)
    expect(found).toEqual([])
    expect(secrets.size).toBeGreaterThanOrEqual(9)
  })
})
