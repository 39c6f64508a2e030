import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginCookie, startTestApp, testBaseUrl, userFactory, type TestContext } from './support'
import { mailText, startSmtpServer } from './smtp'

let ctx: TestContext
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let adminCookie: string

beforeAll(async () => {
  smtp = await startSmtpServer()
  ctx = await startTestApp({ smtp: { url: smtp.url, from: 'Sonde <no-reply@example.org>' } })
  adminCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'admin'))
})
afterAll(async () => {
  await ctx?.close()
  await smtp?.close()
})

const asAdmin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: { cookie: adminCookie }, ...(payload ? { payload } : {}) })

describe('users', () => {
  it('admins create users, change roles, disable them (ending their sessions)', async () => {
    const created = await asAdmin('POST', '/api/users', { email: 'Chercheuse@Example.org', role: 'researcher', password: 'mot de passe long' })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ email: 'chercheuse@example.org', role: 'researcher', disabled: false })
    expect((await asAdmin('POST', '/api/users', { email: 'chercheuse@example.org', role: 'staff', password: 'autre mot de passe' })).json().code).toBe('USER_EXISTS')

    const cookie = await loginCookie(ctx.app, { email: 'chercheuse@example.org', password: 'mot de passe long' })
    const promoted = await asAdmin('PATCH', `/api/users/${created.json().id}`, { role: 'staff' })
    expect(promoted.json().role).toBe('staff')
    await asAdmin('PATCH', `/api/users/${created.json().id}`, { disabled: true })
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    const refused = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'chercheuse@example.org', password: 'mot de passe long' } })
    expect(refused.statusCode).toBe(401)
  })

  it('are managed by admins only', async () => {
    const staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    const res = await ctx.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: staffCookie } })
    expect(res.statusCode).toBe(403)
  })
})

describe('password reset', () => {
  it('mails a link built from the configured base URL, whatever the Host header says', async () => {
    const user = await userFactory(ctx.database, 'staff')
    const before = smtp.received.length
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
      payload: { email: user.email },
      remoteAddress: '10.9.0.1',
    })
    expect(res.statusCode).toBe(202)
    await ctx.app.outbox.processDue()
    const mail = smtp.received.slice(before).find((m) => m.to.includes(user.email))!
    const text = mailText(mail)
    expect(text).not.toContain('evil.example')
    const link = text.match(/https?:\/\/\S+\/admin\/reset\?token=[\w-]+/)?.[0]
    expect(link?.startsWith(`${testBaseUrl}/admin/reset?token=`)).toBe(true)
    const token = new URL(link!).searchParams.get('token')!

    const reset = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token, password: 'un tout nouveau secret' } })
    expect(reset.statusCode).toBe(204)
    const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'un tout nouveau secret' } })
    expect(login.statusCode).toBe(200)
    const again = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token, password: 'encore un autre secret' } })
    expect(again.statusCode).toBe(400)
    expect(again.json().code).toBe('RESET_TOKEN_INVALID')
  })

  it('answers the same for an unknown e-mail and sends nothing', async () => {
    const before = smtp.received.length
    const res = await ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email: 'personne@example.org' }, remoteAddress: '10.9.0.2' })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toEqual({ status: 'sent_if_known' })
    await ctx.app.outbox.processDue()
    expect(smtp.received.length).toBe(before)
  })
})

describe('audit log', () => {
  it('lists staff actions and submissions for admins, filterable', async () => {
    const res = await asAdmin('GET', '/api/audit?action=user.&limit=50')
    expect(res.statusCode).toBe(200)
    const actions = res.json().events.map((e: { action: string }) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.update']))
    expect(actions.every((a: string) => a.startsWith('user.'))).toBe(true)
    expect(res.json().events[0].actorEmail).toMatch(/@example\.org$/)
    const today = new Date().toISOString().slice(0, 10)
    const todays = await asAdmin('GET', `/api/audit?from=${today}&to=${today}`)
    expect(todays.json().events.length).toBeGreaterThan(0)
    const past = await asAdmin('GET', '/api/audit?from=2020-01-01&to=2020-12-31')
    expect(past.json().events).toEqual([])
  })
})

describe('API tokens', () => {
  it('let a researcher read indicators with Authorization: Bearer until revoked', async () => {
    const researcher = await userFactory(ctx.database, 'researcher')
    const cookie = await loginCookie(ctx.app, researcher)
    const created = await ctx.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'Script R' } })
    expect(created.statusCode).toBe(201)
    const { token, id } = created.json()
    expect(token).toMatch(/^sonde_[\w-]{43}$/)
    const stored = await ctx.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token)

    const read = await ctx.app.inject({ method: 'GET', url: '/api/waves', headers: { authorization: `Bearer ${token}` } })
    expect(read.statusCode).toBe(200)
    const staffOnly = await ctx.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } })
    expect(staffOnly.statusCode).toBe(403)

    const listed = await ctx.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } })
    expect(listed.json().tokens[0]).toMatchObject({ name: 'Script R', revoked: false, lastUsedAt: expect.any(String) })
    expect(JSON.stringify(listed.json())).not.toContain(token)

    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie } })).statusCode).toBe(204)
    const after = await ctx.app.inject({ method: 'GET', url: '/api/waves', headers: { authorization: `Bearer ${token}` } })
    expect(after.statusCode).toBe(401)
  })
})
