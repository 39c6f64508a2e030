import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applicableQuestions, defaultQuestionnaire, listQuestions } from '@sonde/survey'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let cookie: string

beforeAll(async () => {
  ctx = await startTestApp()
  cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => ctx?.close())

/** A plausible value for every question that applies to an insertion organisation. */
function answersToEverything(): Record<string, unknown> {
  const base = completeAnswers('insertion')
  const applicable = new Set(applicableQuestions(defaultQuestionnaire, base))
  const answers: Record<string, unknown> = { ...base }
  for (const q of listQuestions(defaultQuestionnaire)) {
    if (!applicable.has(q.name) || q.name in answers) continue
    if (q.numeric) answers[q.name] = 1
    else if (q.type === 'boolean') answers[q.name] = true
    else if (q.multiple && q.choices?.length) answers[q.name] = [q.choices[0]!.value]
    else if (q.choices?.length) answers[q.name] = q.choices[0]!.value
    else if (q.type === 'text' || q.type === 'comment') answers[q.name] = 'réponse'
  }
  return answers
}

describe('GET /api/waves/{id}/progress', () => {
  it('counts invited, opened, started and submitted per family with AAPOR RR1 and RR2', async () => {
    const wave = await waveFactory(ctx.database)
    const done = await inviteFactory(ctx.database, wave.id, { name: 'A Fini', familyKeys: ['insertion'] })
    const partial = await inviteFactory(ctx.database, wave.id, { name: 'B Partiel', familyKeys: ['insertion', 'communs'] })
    const barely = await inviteFactory(ctx.database, wave.id, { name: 'C Commencé', familyKeys: ['communs'] })
    await inviteFactory(ctx.database, wave.id, { name: 'D Rien', familyKeys: ['communs'] })

    const patch = (token: string, answers: object) => ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 0, answers } })
    const saved = await patch(done.token, completeAnswers('insertion'))
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: `/api/r/${done.token}/submit`,
      headers: { 'idempotency-key': 'progress-1' },
      payload: { revision: saved.json().revision },
    })
    expect(submitted.statusCode).toBe(200)
    expect((await patch(partial.token, answersToEverything())).statusCode).toBe(200)
    expect((await patch(barely.token, { nom_organisation: 'C' })).statusCode).toBe(200)

    const res = await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/progress`, headers: { cookie } })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.totals).toEqual({ invited: 4, opened: 3, started: 3, submitted: 1, rr1: 0.25, rr2: 0.5 })
    const family = (key: string) => body.families.find((f: { key: string }) => f.key === key)
    expect(family('insertion')).toMatchObject({ invited: 2, started: 2, submitted: 1, rr1: 0.5, rr2: 1 })
    expect(family('communs')).toMatchObject({ invited: 3, started: 2, submitted: 0, rr1: 0, rr2: 1 / 3 })
    expect(family('mesure')).toMatchObject({ invited: 0, rr1: null, rr2: null })

    const item = (name: string) => body.itemNonResponse.find((i: { name: string }) => i.name === name)
    expect(item('budget_annuel')).toMatchObject({ eligible: 1, answered: 1, rate: 0 })
    expect(item('benevoles_nombre')).toMatchObject({ eligible: 1, answered: 0, rate: 1 })
    expect(item('ree_smartphones')).toMatchObject({ eligible: 0, rate: null })

    expect(body.submissionsPerDay).toEqual([{ date: new Date().toISOString().slice(0, 10), count: 1 }])
    expect(body.notStarted.map((o: { name: string }) => o.name)).toEqual(['D Rien'])
  })
})
