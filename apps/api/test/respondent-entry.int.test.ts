import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { updateWave } from '@sonde/db'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let cookie: string

beforeAll(async () => {
  ctx = await startTestApp()
  cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => ctx?.close())

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!

const view = (token: string) => ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })

const patch = (token: string, baseRevision: number, answers: Record<string, unknown>) =>
  ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision, answers } })

const submit = (token: string, revision: number, key: string) =>
  ctx.app.inject({ method: 'POST', url: `/api/r/${token}/submit`, headers: { 'idempotency-key': key }, payload: { revision } })

/** An organisation added by hand by staff (the console's form), with its link. */
async function addByHand(waveId: string, organisation: Record<string, unknown>) {
  const res = await ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/organisations`, headers: { cookie }, payload: organisation })
  expect(res.statusCode, res.body).toBe(201)
  const body = res.json()
  return { id: body.id as string, token: tokenOf(body.invitation.link) }
}

async function progress(waveId: string) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/progress`, headers: { cookie } })
  expect(res.statusCode).toBe(200)
  return res.json()
}

describe('answers prefilled from the registry', () => {
  it('shows the name, families, region and SIREN already answered, stored, without starting the response', async () => {
    const wave = await waveFactory(ctx.database)
    const { id, token } = await addByHand(wave.id, {
      name: 'Recyclerie du Val',
      siren: '123456789',
      region: 'Île-de-France',
      familyKeys: ['reemploi', 'insertion'],
    })
    const res = await view(token)
    expect(res.json().response).toEqual({
      status: 'not_started',
      revision: 0,
      answers: { nom_organisation: 'Recyclerie du Val', familles: ['reemploi', 'insertion'], region: 'ile_de_france', siren: '123456789' },
      submittedAt: null,
    })
    // Stored on the server, not only shown: the tracking still counts it as opened, not started.
    const row = await ctx.database.db
      .selectFrom('responses')
      .select(['answers', 'status', 'revision'])
      .where('organisation_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ answers: res.json().response.answers, status: 'not_started', revision: 0 })
    const tracking = await progress(wave.id)
    expect(tracking.totals).toMatchObject({ invited: 1, opened: 1, started: 0, submitted: 0, rr2: 0 })
    expect(tracking.notStarted.map((o: { name: string }) => o.name)).toEqual(['Recyclerie du Val'])
  })

  it('follows the registry until someone saves, then never overwrites what the organisation answered', async () => {
    const wave = await waveFactory(ctx.database)
    const { id, token } = await addByHand(wave.id, { name: 'Atelier Avant', familyKeys: ['inclusion'] })
    expect((await view(token)).json().response.answers).toEqual({ nom_organisation: 'Atelier Avant', familles: ['inclusion'] })

    const edit = (payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/waves/${wave.id}/organisations/${id}`, headers: { cookie }, payload })
    expect((await edit({ name: 'Atelier Après', region: 'bretagne' })).statusCode).toBe(200)
    expect((await view(token)).json().response.answers).toEqual({ nom_organisation: 'Atelier Après', familles: ['inclusion'], region: 'bretagne' })

    // The organisation corrects its name: a save from revision 0 merges with the prefilled answers.
    const saved = await patch(token, 0, { nom_organisation: 'Atelier Après (Rennes)' })
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toEqual({ revision: 1, answers: { nom_organisation: 'Atelier Après (Rennes)', familles: ['inclusion'], region: 'bretagne' } })

    expect((await edit({ name: 'Autre nom', familyKeys: ['communs'] })).statusCode).toBe(200)
    expect((await view(token)).json().response).toMatchObject({ status: 'in_progress', revision: 1, answers: saved.json().answers })
  })

  it('is submitted like any answer, and stays editable', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id, { name: 'Atelier Complet', familyKeys: ['communs'] })
    const { revision, answers } = (await view(token)).json().response
    const { nom_organisation: _name, familles: _families, ...rest } = completeAnswers('communs')
    const saved = await patch(token, revision, { ...rest, familles: [...answers.familles, 'mesure'] })
    expect(saved.statusCode).toBe(200)
    expect((await submit(token, saved.json().revision, 'prefill-submit')).statusCode).toBe(200)
    const submitted = (await view(token)).json().response
    expect(submitted.status).toBe('submitted')
    expect(submitted.answers).toMatchObject({ nom_organisation: 'Atelier Complet', familles: ['communs', 'mesure'] })
  })

  it('reaches organisations that joined through the open link', async () => {
    const wave = await waveFactory(ctx.database)
    await updateWave(ctx.database.db, wave.id, { settings: { openLink: true } })
    const joined = await ctx.app.inject({
      method: 'POST',
      url: `/api/w/${wave.slug}/join`,
      payload: { organisation: { name: 'Coop Inscrite', email: 'coop@example.org', siren: '732829320', familyKeys: ['plateformes'] } },
    })
    expect(joined.statusCode, joined.body).toBe(202)
    // The link goes by e-mail only (open-link.int.test.ts): read it from the member list, as staff do.
    const members = await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/organisations`, headers: { cookie } })
    const [member] = members.json().organisations
    expect((await view(tokenOf(member.invitation.link))).json().response.answers).toEqual({
      nom_organisation: 'Coop Inscrite',
      familles: ['plateformes'],
      siren: '732829320',
    })
  })

  it('leaves a closed wave’s responses as they are', async () => {
    const wave = await waveFactory(ctx.database, { status: 'closed' })
    const { token } = await inviteFactory(ctx.database, wave.id, { name: 'Trop Tard' })
    expect((await view(token)).json().response.answers).toEqual({})
  })
})

describe('confirming an unusual value', () => {
  it('stores the confirmation with the value confirmed, through the autosave, for a colleague to see', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    const saved = await patch(token, 0, { salaries_nombre: 25, salaries_etp: 215, salaries_etp__confirme: 215 })
    expect(saved.statusCode).toBe(200)
    expect((await view(token)).json().response.answers).toMatchObject({ salaries_etp: 215, salaries_etp__confirme: 215 })
  })

  it('detects a colleague’s confirmation made meanwhile like any other answer', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    await patch(token, 0, { salaries_nombre: 25, salaries_etp: 215 })
    expect((await patch(token, 1, { salaries_etp__confirme: 215 })).statusCode).toBe(200)
    const stale = await patch(token, 1, { salaries_etp__confirme: null })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().details.conflicts).toEqual([{ name: 'salaries_etp__confirme', yours: null, theirs: 215 }])
  })

  it.each([
    ['a question without a warning', { nom_organisation__confirme: 'Atelier' }, 'UNKNOWN_QUESTION'],
    ['no question at all', { inconnue__confirme: 3 }, 'UNKNOWN_QUESTION'],
    ['a value of another shape than its question', { salaries_etp__confirme: '215' }, 'INVALID_ANSWER'],
  ])('refuses the confirmation of %s', async (_label, answers, code) => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    const res = await patch(token, 0, answers)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(code)
  })

  it('keeps the confirmation through submission while it confirms the answer; a changed answer voids it', async () => {
    const wave = await waveFactory(ctx.database)
    const kept = await inviteFactory(ctx.database, wave.id)
    const voided = await inviteFactory(ctx.database, wave.id)
    const answers = { ...completeAnswers('insertion'), salaries_nombre: 25, salaries_etp: 215, salaries_etp__confirme: 215 }
    for (const [token, changes] of [
      [kept.token, {}],
      [voided.token, { salaries_etp: 21.5 }],
    ] as const) {
      const saved = await patch(token, 0, { ...answers, ...changes })
      expect((await submit(token, saved.json().revision, `confirm-${token.slice(0, 8)}`)).statusCode).toBe(200)
    }
    expect((await view(kept.token)).json().response.answers).toMatchObject({ salaries_etp: 215, salaries_etp__confirme: 215 })
    const voidedAnswers = (await view(voided.token)).json().response.answers
    expect(voidedAnswers.salaries_etp).toBe(21.5)
    expect(voidedAnswers).not.toHaveProperty('salaries_etp__confirme')
  })

  it('is not an answer of the organisation’s own downloads', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    await patch(token, 0, { salaries_nombre: 25, salaries_etp: 215, salaries_etp__confirme: 215 })
    const json = (await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/answers.json` })).json()
    expect(json.answers.map((answer: { name: string }) => answer.name)).toEqual(['salaries_nombre', 'salaries_etp'])
    const csv = (await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/answers.csv` })).body
    expect(csv).not.toContain('__confirme')
  })
})

describe('numbers in the organisation’s own downloads', () => {
  it('writes them as numbers: a decimal comma in the French spreadsheet dialect, a point otherwise, never float noise', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    await patch(token, 0, { budget_annuel: 1_569_521, salaries_etp: 21.5, benevoles_heures: 10212.400000000003 })
    const excel = (await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/answers.csv` })).body
    expect(excel).toContain(';budget_annuel;')
    expect(excel).toMatch(/;budget_annuel;[^\r\n]*;1569521\r\n/)
    expect(excel).toMatch(/;salaries_etp;[^\r\n]*;21,5\r\n/)
    expect(excel).toMatch(/;benevoles_heures;[^\r\n]*;10212,4\r\n/)
    const plain = (await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/answers.csv?dialect=rfc4180` })).body
    expect(plain).toMatch(/,salaries_etp,[^\r\n]*,21\.5\r\n/)
    const json = (await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/answers.json` })).json()
    const heures = json.answers.find((answer: { name: string }) => answer.name === 'benevoles_heures')
    expect(heures).toMatchObject({ value: 10212.400000000003, text: '10212.4' })
  })
})
