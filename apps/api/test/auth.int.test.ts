import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext

beforeAll(async () => {
  ctx = await startTestApp({
    rateLimits: { loginPerAccountAddress: 5, loginPerAddress: 12, loginBaseDelayMs: 1_000, linkGuessesPerAddress: 4 },
  })
})
afterAll(async () => ctx?.close())

const login = (payload: object, ip = '10.0.0.1') => ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload, remoteAddress: ip })
const me = (cookie?: string) => ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie ? { cookie } : {} })

describe('login', () => {
  it('opens a session with an HttpOnly, SameSite cookie', async () => {
    const staff = await userFactory(ctx.database, 'staff')
    const res = await login(staff)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ user: { id: expect.any(String), email: staff.email, role: 'staff', microdataAccess: true } })
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/sonde_session=[\w-]{43};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Lax')
    const cookie = setCookie.split(';')[0]!
    expect((await me(cookie)).json().user.role).toBe('staff')
  })

  it('answers the same 401 for an unknown e-mail and a wrong password', async () => {
    const staff = await userFactory(ctx.database, 'staff')
    const unknown = await login({ email: 'nobody@example.org', password: 'whatever-password' }, '10.0.0.2')
    const wrong = await login({ email: staff.email, password: 'wrong password' }, '10.0.0.2')
    expect(unknown.statusCode).toBe(401)
    expect(wrong.statusCode).toBe(401)
    expect(unknown.json()).toEqual(wrong.json())
  })

  it('gives a new session id at each login', async () => {
    const researcher = await userFactory(ctx.database, 'researcher')
    const first = await loginCookie(ctx.app, researcher)
    const second = await loginCookie(ctx.app, researcher)
    expect(first).not.toBe(second)
  })

  it('answers 400 naming the field for a malformed body', async () => {
    const res = await login({ email: 'not an e-mail', password: 'x' }, '10.0.0.3')
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain('email')
  })

  it('slows down guesses on one account from one address, and only there: its owner elsewhere still logs in', async () => {
    const target = await userFactory(ctx.database, 'admin')
    for (let i = 0; i < 5; i++) expect((await login({ ...target, password: 'bad guess' }, '10.1.0.1')).statusCode).toBe(401)
    const blocked = await login(target, '10.1.0.1')
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json().code).toBe('TOO_MANY_REQUESTS')
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    // The real admin, from another address, is not locked out; the guessing address can still
    // reach other accounts (until its own limit, below).
    expect((await login(target, '10.1.0.9')).statusCode).toBe(200)
    expect((await login(await userFactory(ctx.database, 'staff'), '10.1.0.1')).statusCode).toBe(200)
  })

  it('counts 20 wrong passwords sent at once against a limit of 5: 5 are checked, 15 wait', async () => {
    const target = await userFactory(ctx.database, 'admin')
    const answers = await Promise.all(Array.from({ length: 20 }, () => login({ ...target, password: 'parallel guess' }, '10.4.0.1')))
    const statuses = answers.map((a) => a.statusCode)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(15)
    expect((await login(target, '10.4.0.1')).statusCode).toBe(429)
    expect((await login(target, '10.4.0.2')).statusCode).toBe(200)
  })

  it('makes each further guess wait longer (Retry-After grows) rather than locking the account', async () => {
    const target = await userFactory(ctx.database, 'researcher')
    const guess = () => login({ ...target, password: 'bad guess' }, '10.5.0.1')
    for (let i = 0; i < 5; i++) await guess()
    const first = await guess()
    expect(first.statusCode).toBe(429)
    expect(first.headers['retry-after']).toBe('1')
    await new Promise((resolve) => setTimeout(resolve, 1_050))
    expect((await guess()).statusCode).toBe(401)
    const second = await guess()
    expect(second.statusCode).toBe(429)
    expect(second.headers['retry-after']).toBe('2')
    // Once the wait is over, the right password opens the session and the slate is clean.
    await new Promise((resolve) => setTimeout(resolve, 2_050))
    expect((await login(target, '10.5.0.1')).statusCode).toBe(200)
    expect((await guess()).statusCode).toBe(401)
  })

  it('answers 429 after many failures from one address, whatever the account', async () => {
    for (let i = 0; i < 12; i++) await login({ email: `guess${i}@example.org`, password: 'bad guess' }, '10.2.0.1')
    const staff = await userFactory(ctx.database, 'staff')
    expect((await login(staff, '10.2.0.1')).statusCode).toBe(429)
    expect((await login(staff, '10.2.0.2')).statusCode).toBe(200)
  })
})

describe('sessions', () => {
  it('logout ends the session on the server', async () => {
    const cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })
    expect(out.statusCode).toBe(204)
    expect((await me(cookie)).statusCode).toBe(401)
  })

  it('ends after the idle timeout and at the absolute timeout', async () => {
    const idle = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    await ctx.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 121 * 60_000) })
      .execute()
    expect((await me(idle)).statusCode).toBe(401)

    const old = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    await ctx.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute()
    expect((await me(old)).statusCode).toBe(401)
  })

  it('disabling a user ends their sessions', async () => {
    const user = await userFactory(ctx.database, 'researcher')
    const cookie = await loginCookie(ctx.app, user)
    await ctx.database.db.updateTable('users').set({ disabled_at: new Date() }).where('email', '=', user.email).execute()
    expect((await me(cookie)).statusCode).toBe(401)
  })
})

describe('guessing respondent links', () => {
  it('answers 429 after a few unknown links from one address, on a counter apart from logins', async () => {
    const guess = (i: number) => ctx.app.inject({ method: 'GET', url: `/api/r/guess-${i}-${'x'.repeat(30)}`, remoteAddress: '10.3.0.1' })
    for (let i = 0; i < 4; i++) expect((await guess(i)).statusCode).toBe(404)
    const blocked = await guess(99)
    expect(blocked.statusCode).toBe(429)
    expect(blocked.headers['retry-after']).toBeDefined()
    // The same address can still log in: the counters are separate.
    expect((await login(await userFactory(ctx.database, 'staff'), '10.3.0.1')).statusCode).toBe(200)
  })

  it('never refuses a valid link because others sharing the address guessed wrong', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    const from = (url: string) => ctx.app.inject({ method: 'GET', url, remoteAddress: '10.3.0.2' })
    for (let i = 0; i < 4; i++) expect((await from(`/api/r/guess-${i}-${'y'.repeat(30)}`)).statusCode).toBe(404)
    expect((await from(`/api/r/guess-9-${'y'.repeat(30)}`)).statusCode).toBe(429)
    const valid = await from(`/api/r/${token}`)
    expect(valid.statusCode).toBe(200)
    expect(valid.json().response.status).toBe('not_started')
    // The report route answers for the link too (the results are not published yet), not 429.
    expect((await from(`/api/r/${token}/report`)).json().code).toBe('RESULTS_NOT_PUBLISHED')
    expect((await from(`/api/r/guess-10-${'y'.repeat(30)}`)).statusCode).toBe(429)
  })

  it('counts unknown links sent at once exactly: no more than the limit get an answer other than 429', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ctx.app.inject({ method: 'GET', url: `/api/r/burst-${i}-${'z'.repeat(30)}`, remoteAddress: '10.3.0.3' })),
    )
    const statuses = answers.map((a) => a.statusCode)
    expect(statuses.filter((s) => s === 404)).toHaveLength(4)
    expect(statuses.filter((s) => s === 429)).toHaveLength(16)
  })
})
