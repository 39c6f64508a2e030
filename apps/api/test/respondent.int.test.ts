import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken, setWaveStatus } from '@sonde/db'
import { completeAnswers, inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

let ctx: TestContext
let waveId: string

beforeAll(async () => {
  ctx = await startTestApp()
  waveId = (await waveFactory(ctx.database)).id
})
afterAll(async () => ctx?.close())

async function newLink(familyKeys = ['insertion']) {
  const { token } = await inviteFactory(ctx.database, waveId, { familyKeys })
  return token
}

function patch(token: string, body: unknown, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: body as object, headers })
}

function submit(token: string, revision: number, key?: string) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/r/${token}/submit`,
    payload: { revision },
    headers: key === undefined ? {} : { 'idempotency-key': key },
  })
}

describe('GET /api/r/{token}', () => {
  it('gives the wave, organisation, questionnaire and the response, answered only by the registry', async () => {
    const { token } = await inviteFactory(ctx.database, waveId, { name: 'Atelier Registre', familyKeys: ['insertion'] })
    const res = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.wave.status).toBe('open')
    expect(body.wave.families).toHaveLength(6)
    expect(body.organisation.familyKeys).toEqual(['insertion'])
    expect(Array.isArray(body.questionnaire.pages)).toBe(true)
    expect(body.response).toEqual({
      status: 'not_started',
      revision: 0,
      answers: { nom_organisation: 'Atelier Registre', familles: ['insertion'] },
      submittedAt: null,
    })
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })

  it.each([
    ['an unknown token', 'x'.repeat(43)],
    ['a malformed token', "'; drop table responses; --"],
  ])('answers 404 INVITATION_NOT_FOUND for %s', async (_label, token) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/r/${encodeURIComponent(token)}` })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'INVITATION_NOT_FOUND', message: expect.any(String) })
  })

  it('answers the same 404 for a revoked link', async () => {
    const token = await newLink()
    await ctx.database.db.updateTable('invitations').set({ revoked_at: new Date() }).where('token_hash', '=', hashToken(token)).execute()
    const res = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('INVITATION_NOT_FOUND')
  })
})

describe('PATCH /api/r/{token}/answers (autosave)', () => {
  it('saves, bumps the revision, and a reload shows the answers', async () => {
    const token = await newLink()
    const res = await patch(token, { baseRevision: 0, answers: { nom_organisation: 'Atelier A', budget_annuel: 1200 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ revision: 1, answers: { nom_organisation: 'Atelier A', budget_annuel: 1200 } })
    const reload = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(reload.json().response).toMatchObject({
      status: 'in_progress',
      revision: 1,
      answers: { nom_organisation: 'Atelier A', budget_annuel: 1200 },
    })
  })

  it('merges changes to different questions made from the same revision', async () => {
    const token = await newLink()
    const a = await patch(token, { baseRevision: 0, answers: { nom_organisation: 'Par Alice' } })
    const b = await patch(token, { baseRevision: 0, answers: { budget_annuel: 5000 } })
    expect(a.statusCode).toBe(200)
    expect(b.statusCode).toBe(200)
    expect(b.json()).toEqual({ revision: 2, answers: { nom_organisation: 'Par Alice', budget_annuel: 5000 } })
  })

  it('refuses a stale change to the same question with 409 and both values, writing nothing', async () => {
    const token = await newLink()
    await patch(token, { baseRevision: 0, answers: { nom_organisation: 'Par Alice' } })
    const bob = await patch(token, { baseRevision: 0, answers: { nom_organisation: 'Par Bob', budget_annuel: 7 } })
    expect(bob.statusCode).toBe(409)
    expect(bob.json()).toEqual({
      code: 'ANSWER_CONFLICT',
      message: expect.any(String),
      details: { revision: 1, conflicts: [{ name: 'nom_organisation', yours: 'Par Bob', theirs: 'Par Alice' }] },
    })
    const reload = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(reload.json().response.answers).toEqual({ nom_organisation: 'Par Alice' })
    expect(reload.json().response.revision).toBe(1)
  })

  it('accepts a retried save whose value is already stored (lost acknowledgement)', async () => {
    const token = await newLink()
    await patch(token, { baseRevision: 0, answers: { nom_organisation: 'Même valeur' } })
    await patch(token, { baseRevision: 1, answers: { budget_annuel: 10 } })
    const retry = await patch(token, { baseRevision: 0, answers: { nom_organisation: 'Même valeur' } })
    expect(retry.statusCode).toBe(200)
    expect(retry.json().revision).toBe(2)
  })

  it('clears an answer with null', async () => {
    const token = await newLink()
    await patch(token, { baseRevision: 0, answers: { nom_organisation: 'X', budget_annuel: 3 } })
    const res = await patch(token, { baseRevision: 1, answers: { budget_annuel: null } })
    expect(res.json()).toEqual({ revision: 2, answers: { nom_organisation: 'X' } })
  })

  it('stores emoji and right-to-left text intact', async () => {
    const token = await newLink()
    const text = 'Atelier 🌱 مرحبا — שלום <script>alert(1)</script>'
    const res = await patch(token, { baseRevision: 0, answers: { nom_organisation: text } })
    expect(res.statusCode).toBe(200)
    const reload = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(reload.json().response.answers.nom_organisation).toBe(text)
  })

  it.each([
    ['an unknown question', { baseRevision: 0, answers: { pas_une_question: 1 } }, 'UNKNOWN_QUESTION', 'pas_une_question'],
    ['a string for a number', { baseRevision: 0, answers: { budget_annuel: 'beaucoup' } }, 'INVALID_ANSWER', 'budget_annuel'],
    ['a NUL character', { baseRevision: 0, answers: { nom_organisation: 'a\u0000b' } }, 'INVALID_ANSWER', 'nom_organisation'],
    ['a lone surrogate', { baseRevision: 0, answers: { nom_organisation: 'a\ud800b' } }, 'INVALID_ANSWER', 'nom_organisation'],
    ['a 1 MB answer', { baseRevision: 0, answers: { nom_organisation: 'x'.repeat(1_000_000) } }, 'INVALID_ANSWER', 'nom_organisation'],
    ['an extra key', { baseRevision: 0, answers: {}, extra: true }, 'INVALID_BODY', 'extra'],
    ['a string revision', { baseRevision: '0', answers: {} }, 'INVALID_BODY', 'baseRevision'],
    ['missing answers', { baseRevision: 0 }, 'INVALID_BODY', 'answers'],
  ])('answers 400 for %s, naming the field, and stores nothing', async (_label, body, code, field) => {
    const token = await newLink()
    const res = await patch(token, body)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(code)
    expect(res.json().message).toContain(field)
    const reload = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    // Only what the registry gives (the first view stores it), nothing of the refused body.
    expect(reload.json().response).toMatchObject({ revision: 0, status: 'not_started' })
    expect(reload.json().response.answers).toEqual({ nom_organisation: expect.stringMatching(/^Organisation [a-z0-9]+$/), familles: ['insertion'] })
  })

  it('answers 400 for malformed JSON and for __proto__, 415 for another content type', async () => {
    const token = await newLink()
    const malformed = await patch(token, '{"baseRevision": 0,', { 'content-type': 'application/json' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().code).toBe('MALFORMED_JSON')
    const proto = await patch(token, '{"baseRevision":0,"answers":{"__proto__":{"x":1}}}', {
      'content-type': 'application/json',
    })
    expect(proto.statusCode).toBe(400)
    const text = await patch(token, 'nom_organisation=x', { 'content-type': 'text/plain' })
    expect(text.statusCode).toBe(415)
    expect(text.json().code).toBe('UNSUPPORTED_MEDIA_TYPE')
  })

  it('answers 400 INVALID_REVISION for a revision the server never gave', async () => {
    const token = await newLink()
    const res = await patch(token, { baseRevision: 5, answers: { nom_organisation: 'x' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('INVALID_REVISION')
  })

  it('refuses cross-site writes', async () => {
    const token = await newLink()
    const res = await patch(token, { baseRevision: 0, answers: { nom_organisation: 'x' } }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('CROSS_SITE_REQUEST')
  })
})

describe('POST /api/r/{token}/submit', () => {
  it('needs an Idempotency-Key', async () => {
    const token = await newLink()
    const res = await submit(token, 0)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED')
  })

  it('answers 422 listing each failing question, then 200 once complete', async () => {
    const token = await newLink()
    await patch(token, { baseRevision: 0, answers: { nom_organisation: 'Atelier Incomplet' } })
    const incomplete = await submit(token, 1, 'key-incomplete')
    expect(incomplete.statusCode).toBe(422)
    const body = incomplete.json()
    expect(body.code).toBe('VALIDATION_FAILED')
    const names = body.details.errors.map((e: { name: string }) => e.name)
    expect(names).toEqual(expect.arrayContaining(['forme_juridique', 'familles', 'budget_annuel', 'consentement']))
    expect(names).not.toContain('nom_organisation')

    const answers = completeAnswers()
    const saved = await patch(token, { baseRevision: 1, answers })
    expect(saved.statusCode).toBe(200)
    const ok = await submit(token, saved.json().revision, 'key-complete')
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ status: 'submitted', submittedAt: expect.any(String), revision: saved.json().revision })
    const reload = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(reload.json().response.status).toBe('submitted')
  })

  it('rejects a percentage above 100 and an "of which" above its total', async () => {
    const token = await newLink()
    const saved = await patch(token, {
      baseRevision: 0,
      answers: { ...completeAnswers(), part_financement_public: 150, ca_membres: 4, ca_femmes: 9 },
    })
    expect(saved.statusCode).toBe(200)
    const res = await submit(token, saved.json().revision, 'key-rules')
    expect(res.statusCode).toBe(422)
    const names = res.json().details.errors.map((e: { name: string }) => e.name)
    expect(names).toEqual(expect.arrayContaining(['part_financement_public', 'ca_femmes']))
  })

  it('drops answers to questions hidden from this organisation', async () => {
    const token = await newLink(['reemploi'])
    const saved = await patch(token, {
      baseRevision: 0,
      answers: { ...completeAnswers('reemploi'), ins_personnes_formees: 40, ree_smartphones: 12 },
    })
    const res = await submit(token, saved.json().revision, 'key-hidden')
    expect(res.statusCode).toBe(200)
    const row = await ctx.database.db
      .selectFrom('responses')
      .innerJoin('invitations', 'invitations.organisation_id', 'responses.organisation_id')
      .select('responses.answers')
      .where('invitations.token_hash', '=', hashToken(token))
      .executeTakeFirstOrThrow()
    expect(row.answers.ree_smartphones).toBe(12)
    expect(row.answers).not.toHaveProperty('ins_personnes_formees')
  })

  it('stores one submission when the same key arrives five times in parallel', async () => {
    const token = await newLink()
    const saved = await patch(token, { baseRevision: 0, answers: completeAnswers() })
    const revision = saved.json().revision
    const results = await Promise.all(Array.from({ length: 5 }, () => submit(token, revision, 'same-key-5x')))
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200])
    const bodies = results.map((r) => r.json())
    expect(new Set(bodies.map((b) => b.submittedAt)).size).toBe(1)
    const count = await ctx.database.db
      .selectFrom('submissions')
      .where('idempotency_key', '=', 'same-key-5x')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(count.n)).toBe(1)

    const again = await submit(token, revision, 'another-key')
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('ALREADY_SUBMITTED')
    const reused = await submit(token, revision + 1, 'same-key-5x')
    expect(reused.statusCode).toBe(409)
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    const late = await patch(token, { baseRevision: revision, answers: { nom_organisation: 'trop tard' } })
    expect(late.statusCode).toBe(409)
    expect(late.json().code).toBe('ALREADY_SUBMITTED')
  })

  it('refuses a revision that is not the current one', async () => {
    const token = await newLink()
    await patch(token, { baseRevision: 0, answers: completeAnswers() })
    const res = await submit(token, 0, 'key-old-revision')
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'REVISION_MISMATCH', details: { revision: 1 } })
  })
})

describe('a wave that is not open', () => {
  it('refuses saves and submissions with 409 WAVE_NOT_OPEN', async () => {
    const closed = await waveFactory(ctx.database, { status: 'open' })
    const { token } = await inviteFactory(ctx.database, closed.id)
    await setWaveStatus(ctx.database.db, closed.id, 'closed')
    const save = await patch(token, { baseRevision: 0, answers: { nom_organisation: 'x' } })
    expect(save.statusCode).toBe(409)
    expect(save.json().code).toBe('WAVE_NOT_OPEN')
    const sub = await submit(token, 0, 'k')
    expect(sub.statusCode).toBe(409)
    expect(sub.json().code).toBe('WAVE_NOT_OPEN')
  })
})
