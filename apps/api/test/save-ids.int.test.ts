import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

// A save the browser gave up waiting for may have landed all the same (issue 13, point 4): the
// browser names each save, and the next one names the saves it got no answer to. A save sent
// twice is applied once, and what the browser's own unanswered save changed is never a conflict
// with its next save — while a colleague's change still is.

let ctx: TestContext
let waveId: string

beforeAll(async () => {
  ctx = await startTestApp()
  waveId = (await waveFactory(ctx.database)).id
})
afterAll(async () => {
  await ctx?.close()
})

type Body = { baseRevision: number; answers: Record<string, unknown>; saveId?: string; unacknowledged?: string[]; reply?: string }
const patch = (token: string, body: Body) => ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: body })

describe('save ids', () => {
  it('a save sent twice is applied once: the second answer is the first one, no new revision', async () => {
    const { token } = await inviteFactory(ctx.database, waveId)
    const saveId = randomUUID()
    const first = await patch(token, { baseRevision: 0, answers: { attentes: 'un' }, saveId })
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ revision: 1, answers: { attentes: 'un' } })
    // A colleague writes in between; the same save again must not undo it.
    expect((await patch(token, { baseRevision: 1, answers: { attentes: 'deux' }, saveId: randomUUID() })).statusCode).toBe(200)
    const again = await patch(token, { baseRevision: 0, answers: { attentes: 'un' }, saveId })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ revision: 2, answers: { attentes: 'deux' } })
  })

  it('the next save after an unanswered one is not a conflict with it; without naming it, it is', async () => {
    const { token } = await inviteFactory(ctx.database, waveId)
    const lost = randomUUID()
    // Landed, but the browser never saw the answer: it still thinks it is at revision 0.
    expect((await patch(token, { baseRevision: 0, answers: { attentes: 'brouillon' }, saveId: lost })).statusCode).toBe(200)

    const unnamed = await patch(token, { baseRevision: 0, answers: { attentes: 'brouillon corrigé' }, saveId: randomUUID() })
    expect(unnamed.statusCode).toBe(409)
    expect(unnamed.json()).toMatchObject({ code: 'ANSWER_CONFLICT' })

    const named = await patch(token, { baseRevision: 0, answers: { attentes: 'brouillon corrigé' }, saveId: randomUUID(), unacknowledged: [lost] })
    expect(named.statusCode).toBe(200)
    expect(named.json()).toMatchObject({ revision: 2, answers: { attentes: 'brouillon corrigé' } })
  })

  it('a colleague’s change after the unanswered save is still a conflict', async () => {
    const { token } = await inviteFactory(ctx.database, waveId)
    const lost = randomUUID()
    expect((await patch(token, { baseRevision: 0, answers: { attentes: 'moi' }, saveId: lost })).statusCode).toBe(200)
    expect((await patch(token, { baseRevision: 1, answers: { attentes: 'ma collègue' }, saveId: randomUUID() })).statusCode).toBe(200)
    const mine = await patch(token, { baseRevision: 0, answers: { attentes: 'moi encore' }, saveId: randomUUID(), unacknowledged: [lost] })
    expect(mine.statusCode).toBe(409)
    expect(mine.json()).toMatchObject({
      code: 'ANSWER_CONFLICT',
      details: { revision: 2, conflicts: [{ name: 'attentes', yours: 'moi encore', theirs: 'ma collègue' }] },
    })
    const view = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(view.json()).toMatchObject({ response: { revision: 2, answers: { attentes: 'ma collègue' } } })
  })

  it('refuses a save id that is not a UUID, naming the field, and stores nothing', async () => {
    const { token } = await inviteFactory(ctx.database, waveId)
    const bad = await patch(token, { baseRevision: 0, answers: { attentes: 'x' }, saveId: 'abc' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('saveId')
    const view = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(view.json()).toMatchObject({ response: { revision: 0 } })
  })
})

describe('reply: changes', () => {
  it('answers only what changed after the base revision (a colleague’s answers, this save’s, null for a cleared one), not the whole set', async () => {
    const { token } = await inviteFactory(ctx.database, waveId)
    expect((await patch(token, { baseRevision: 0, answers: { attentes: 'a', nom_organisation: 'La Fabrique', benevoles_nombre: 3 } })).statusCode).toBe(200)
    // A colleague changes one answer and clears another.
    expect((await patch(token, { baseRevision: 1, answers: { attentes: 'b', benevoles_nombre: null } })).statusCode).toBe(200)

    const mine = await patch(token, { baseRevision: 1, answers: { salaries_nombre: 4 }, reply: 'changes' })
    expect(mine.statusCode).toBe(200)
    expect(mine.json()).toEqual({ revision: 3, changes: { attentes: 'b', benevoles_nombre: null, salaries_nombre: 4 } })

    const whole = await patch(token, { baseRevision: 3, answers: {} })
    expect(whole.json()).toEqual({ revision: 3, answers: { attentes: 'b', nom_organisation: 'La Fabrique', salaries_nombre: 4 } })
  })

  it('refuses an unknown form of reply, naming the field', async () => {
    const { token } = await inviteFactory(ctx.database, waveId)
    const bad = await patch(token, { baseRevision: 0, answers: {}, reply: 'everything' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('reply')
  })
})
