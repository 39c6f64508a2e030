import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertUser } from '@sonde/db'
import { hashPassword } from '../src/accounts/password'
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

const asAdmin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: { cookie: adminCookie }, ...(payload ? { payload } : {}) })

// Each reset request from its own address, so that the per-address limit stays out of the way.
let addresses = 0
const requestReset = (email: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/password-reset/request',
    payload: { email },
    remoteAddress: `10.9.${Math.floor(addresses / 200)}.${(addresses++ % 200) + 1}`,
  })

/** The reset links mailed to `email` so far, oldest first, once the work after each answer is done. */
async function resetTokensMailedTo(email: string): Promise<string[]> {
  await ctx.app.afterReply.settled()
  await ctx.app.outbox.processDue()
  return smtp.received
    .filter((m) => m.to.includes(email))
    .map((m) => mailText(m).match(/\/admin\/reset\?token=([\w-]+)/)?.[1])
    .filter((t): t is string => t !== undefined)
}

const resetPassword = (token: string, password: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/password-reset', payload: { token, password } })

const bearer = (token: string, url = '/api/waves') => ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

async function createToken(cookie: string, body: object = { name: 'Script R' }) {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: body })
  if (res.statusCode !== 201) throw new Error(`token not created: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; token: string; expiresAt: string }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

describe('users', () => {
  it('admins create users, change roles, disable them (ending their sessions)', async () => {
    const created = await asAdmin('POST', '/api/users', { email: 'Chercheuse@Example.org', role: 'researcher', password: 'mot de passe long' })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ email: 'chercheuse@example.org', role: 'researcher', disabled: false })
    expect((await asAdmin('POST', '/api/users', { email: 'chercheuse@example.org', role: 'staff', password: 'autre mot de passe' })).json().code).toBe(
      'USER_EXISTS',
    )

    const cookie = await loginCookie(ctx.app, { email: 'chercheuse@example.org', password: 'mot de passe long' })
    const promoted = await asAdmin('PATCH', `/api/users/${created.json().id}`, { role: 'staff' })
    expect(promoted.json().role).toBe('staff')
    await asAdmin('PATCH', `/api/users/${created.json().id}`, { disabled: true })
    expect((await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'chercheuse@example.org', password: 'mot de passe long' },
    })
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
    await ctx.app.afterReply.settled()
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
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      payload: { email: 'personne@example.org' },
      remoteAddress: '10.9.0.2',
    })
    expect(res.statusCode).toBe(202)
    expect(res.json()).toEqual({ status: 'sent_if_known' })
    await ctx.app.afterReply.settled()
    await ctx.app.outbox.processDue()
    expect(smtp.received.length).toBe(before)
  })

  it('ends every other unused link of the account once one is used', async () => {
    const user = await userFactory(ctx.database, 'staff')
    expect((await requestReset(user.email)).statusCode).toBe(202)
    expect((await requestReset(user.email)).statusCode).toBe(202)
    const [older, newer] = await resetTokensMailedTo(user.email)
    expect(older).toBeDefined()
    expect(newer).toBeDefined()
    expect((await resetPassword(newer!, 'le lien le plus récent')).statusCode).toBe(204)
    const stale = await resetPassword(older!, 'un lien resté dans la boîte')
    expect(stale.statusCode).toBe(400)
    expect(stale.json().code).toBe('RESET_TOKEN_INVALID')
    expect(
      (await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'le lien le plus récent' } })).statusCode,
    ).toBe(200)
  })

  it('ends the links still unused when an admin sets a new password or disables the account', async () => {
    for (const change of [{ password: 'choisi par un admin' }, { disabled: true }]) {
      const user = await userFactory(ctx.database, 'staff')
      const { id } = await ctx.database.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow()
      await requestReset(user.email)
      const [pending] = await resetTokensMailedTo(user.email)
      expect((await asAdmin('PATCH', `/api/users/${id}`, change)).statusCode).toBe(200)
      expect((await resetPassword(pending!, 'le lien resté en attente')).json().code).toBe('RESET_TOKEN_INVALID')
    }
  })

  it('mails at most 3 links per account per hour; further requests answer the same and send nothing', async () => {
    const user = await userFactory(ctx.database, 'researcher')
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestReset(user.email)))
    expect(answers.map((a) => [a.statusCode, a.json()])).toEqual(Array(6).fill([202, { status: 'sent_if_known' }]))
    expect(await resetTokensMailedTo(user.email)).toHaveLength(3)
    const rows = await ctx.database.db
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .select('password_resets.id')
      .where('users.email', '=', user.email)
      .execute()
    expect(rows).toHaveLength(3)
  })

  it('answers a known address before looking anything up: the 202 comes while the database is held', async () => {
    const user = await userFactory(ctx.database, 'staff')
    const timeout = (ms: number) => new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))
    const answers = await ctx.database.db.transaction().execute(async (trx) => {
      // Holds the table that the work behind the answer writes to; an answer that waited for
      // that work would never come while this transaction is open.
      await sql`lock table password_resets in access exclusive mode`.execute(trx)
      return Promise.race([Promise.all([requestReset(user.email), requestReset('personne-du-tout@example.org')]), timeout(5_000)])
    })
    expect(answers).not.toBe('timed out')
    const [known, unknown] = answers as Exclude<typeof answers, 'timed out'>
    expect(known.statusCode).toBe(202)
    expect(known.body).toBe(unknown.body)
    // The work ran once the table was free again.
    expect(await resetTokensMailedTo(user.email)).toHaveLength(1)
  })

  it('takes as long for a known address as for an unknown one', async () => {
    const user = await userFactory(ctx.database, 'staff')
    const timed = async (email: string) => {
      const started = performance.now()
      const res = await requestReset(email)
      const elapsed = performance.now() - started
      expect(res.statusCode).toBe(202)
      await ctx.app.afterReply.settled()
      return elapsed
    }
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 20; i++) {
      known.push(await timed(user.email))
      unknown.push(await timed(`inconnu-${i}@example.org`))
    }
    // Generous: the database work behind a known address is no longer inside the answer.
    expect(median(known)).toBeLessThan(median(unknown) + 20)
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
    expect(listed.json().tokens[0]).toMatchObject({ name: 'Script R', status: 'active', revoked: false, lastUsedAt: expect.any(String) })
    expect(JSON.stringify(listed.json())).not.toContain(token)

    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie } })).statusCode).toBe(204)
    const after = await ctx.app.inject({ method: 'GET', url: '/api/waves', headers: { authorization: `Bearer ${token}` } })
    expect(after.statusCode).toBe(401)
  })

  it('end 90 days after their creation by default, or after the days chosen, never more than 365', async () => {
    const cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
    const days = (iso: string) => Math.round((Date.parse(iso) - Date.now()) / 86_400_000)
    expect(days((await createToken(cookie)).expiresAt)).toBe(90)
    expect(days((await createToken(cookie, { name: 'Un an', expiresInDays: 365 })).expiresAt)).toBe(365)
    for (const expiresInDays of [0, 366, 3650]) {
      const refused = await ctx.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'Trop long', expiresInDays } })
      expect(refused.statusCode).toBe(400)
      expect(refused.json().message).toContain('expiresInDays')
    }

    const { id, token } = await createToken(cookie, { name: 'Un jour', expiresInDays: 1 })
    expect((await bearer(token)).statusCode).toBe(200)
    await ctx.database.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute()
    const expired = await bearer(token)
    expect(expired.statusCode).toBe(401)
    expect(expired.json().message).toContain('expired')
    const listed = (await ctx.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } })).json().tokens
    expect(listed.find((t: { id: string }) => t.id === id)).toMatchObject({ status: 'expired', revoked: false })
  })

  it('show when each was last used', async () => {
    const cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
    const { id, token } = await createToken(cookie)
    const lastUsed = async () =>
      (await ctx.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } })).json().tokens.find((t: { id: string }) => t.id === id).lastUsedAt
    expect(await lastUsed()).toBeNull()
    const before = Date.now()
    await bearer(token)
    expect(Date.parse(await lastUsed())).toBeGreaterThanOrEqual(before - 1000)
  })

  it('cannot create tokens: a request with a token gets 403 and nothing is created', async () => {
    const cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    const { token } = await createToken(cookie)
    const minted = await ctx.app.inject({ method: 'POST', url: '/api/tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'Rejeton' } })
    expect(minted.statusCode).toBe(403)
    expect(minted.json().code).toBe('FORBIDDEN')
    const listed = (await ctx.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie } })).json().tokens
    expect(listed.map((t: { name: string }) => t.name)).toEqual(['Script R'])
  })

  it('end with a password change, a password reset, a new password from the command line and disabling — enabling does not revive them', async () => {
    const userToken = async (role: 'researcher' | 'staff' = 'researcher') => {
      const credentials = await userFactory(ctx.database, role)
      const { id } = await ctx.database.db.selectFrom('users').select('id').where('email', '=', credentials.email).executeTakeFirstOrThrow()
      const { token, id: tokenId } = await createToken(await loginCookie(ctx.app, credentials))
      expect((await bearer(token)).statusCode).toBe(200)
      return { ...credentials, id, token, tokenId }
    }
    const reason = async (tokenId: string) =>
      (await ctx.database.db.selectFrom('api_tokens').select('revoked_reason').where('id', '=', tokenId).executeTakeFirstOrThrow()).revoked_reason

    const changed = await userToken()
    expect((await asAdmin('PATCH', `/api/users/${changed.id}`, { password: 'un mot de passe neuf' })).statusCode).toBe(200)
    expect((await bearer(changed.token)).statusCode).toBe(401)
    expect(await reason(changed.tokenId)).toBe('password_changed')

    const reset = await userToken()
    await requestReset(reset.email)
    const [resetToken] = await resetTokensMailedTo(reset.email)
    expect((await resetPassword(resetToken!, 'choisi par le lien')).statusCode).toBe(204)
    expect((await bearer(reset.token)).statusCode).toBe(401)

    const cli = await userToken('staff')
    await upsertUser(ctx.database.db, { email: cli.email, passwordHash: await hashPassword('donné en ligne de commande'), role: 'staff' })
    expect((await bearer(cli.token)).statusCode).toBe(401)

    const disabled = await userToken()
    await asAdmin('PATCH', `/api/users/${disabled.id}`, { disabled: true })
    expect((await bearer(disabled.token)).statusCode).toBe(401)
    await asAdmin('PATCH', `/api/users/${disabled.id}`, { disabled: false })
    expect((await bearer(disabled.token)).statusCode).toBe(401)
    expect(await reason(disabled.tokenId)).toBe('user_disabled')
    // The account itself works again, and a new token with it.
    const fresh = await createToken(await loginCookie(ctx.app, { email: disabled.email, password: disabled.password }))
    expect((await bearer(fresh.token)).statusCode).toBe(200)
  })

  it('are listed and revoked by admins, for any user', async () => {
    const researcher = await userFactory(ctx.database, 'researcher')
    const cookie = await loginCookie(ctx.app, researcher)
    const { id: userId } = await ctx.database.db.selectFrom('users').select('id').where('email', '=', researcher.email).executeTakeFirstOrThrow()
    const kept = await createToken(cookie, { name: 'Script Python' })
    const leaked = await createToken(cookie, { name: 'Script R partagé' })

    const listed = await asAdmin('GET', `/api/users/${userId}/tokens`)
    expect(listed.statusCode).toBe(200)
    expect(listed.json().tokens.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([
      ['Script R partagé', 'active'],
      ['Script Python', 'active'],
    ])
    expect(listed.body).not.toContain(leaked.token)
    expect(listed.body).not.toContain(kept.token)

    expect((await asAdmin('DELETE', `/api/users/${userId}/tokens/${leaked.id}`)).statusCode).toBe(204)
    expect((await bearer(leaked.token)).statusCode).toBe(401)
    expect((await bearer(kept.token)).statusCode).toBe(200)
    const after = (await asAdmin('GET', `/api/users/${userId}/tokens`)).json().tokens
    expect(after.find((t: { id: string }) => t.id === leaked.id)).toMatchObject({ status: 'revoked', revokedReason: 'revoked_by_admin' })
    const audit = (await asAdmin('GET', '/api/audit?action=api_token.revoke&limit=5')).json().events
    expect(audit[0]).toMatchObject({ action: 'api_token.revoke', details: { tokenId: leaked.id, userId } })

    expect((await asAdmin('DELETE', `/api/users/${userId}/tokens/${leaked.id}`)).statusCode).toBe(404)
    const otherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
    const others = await createToken(otherCookie)
    expect((await asAdmin('DELETE', `/api/users/${userId}/tokens/${others.id}`)).statusCode).toBe(404)
    expect((await bearer(others.token)).statusCode).toBe(200)
    expect((await asAdmin('GET', '/api/users/00000000-0000-0000-0000-000000000000/tokens')).json().code).toBe('USER_NOT_FOUND')
    const staffTry = await ctx.app.inject({ method: 'GET', url: `/api/users/${userId}/tokens`, headers: { cookie: otherCookie } })
    expect(staffTry.statusCode).toBe(403)
  })
})
