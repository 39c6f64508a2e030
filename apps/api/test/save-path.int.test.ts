import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from '@sonde/survey'
import { saveQuestionnaire, type JsonValue } from '@sonde/db'
import { inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

// After a link's first save, the server saves for it in one round trip (issue 13, point 2):
// `sonde_save_answers_by_link` re-checks the link, the wave and the questionnaire version in the
// database and writes only while they hold. Each change below happens after a save, as staff or
// another process would make it (straight in the database), and the next save must be refused
// exactly as a first save would be, with nothing written.

let ctx: TestContext
beforeAll(async () => {
  ctx = await startTestApp()
})
afterAll(async () => {
  await ctx?.close()
})

async function savedLink() {
  const wave = await waveFactory(ctx.database)
  const invitation = await inviteFactory(ctx.database, wave.id)
  const save = (baseRevision: number, answers: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/r/${invitation.token}/answers`, payload: { baseRevision, answers, saveId: randomUUID(), reply: 'changes' } })
  // Two saves: the first looks the link up, the second goes the short way.
  expect((await save(0, { attentes: 'un' })).json()).toEqual({ revision: 1, changes: { attentes: 'un' } })
  expect((await save(1, { attentes: 'deux' })).json()).toEqual({ revision: 2, changes: { attentes: 'deux' } })
  const stored = async () => ctx.database.db.selectFrom('responses').select(['revision', 'answers']).where('wave_id', '=', wave.id).executeTakeFirstOrThrow()
  return { wave, invitation, save, stored }
}

describe('the save of a link seen before', () => {
  it('keeps saving, conflicts included, as the first save does', async () => {
    const { save, stored } = await savedLink()
    const third = await save(2, { attentes: 'trois', benevoles_heures: 12 })
    expect(third.json()).toEqual({ revision: 3, changes: { attentes: 'trois', benevoles_heures: 12 } })
    const late = await save(2, { attentes: 'autre chose' })
    expect(late.statusCode).toBe(409)
    expect(late.json()).toMatchObject({ code: 'ANSWER_CONFLICT', details: { revision: 3 } })
    const invalid = await save(3, { benevoles_heures: 'beaucoup' })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json()).toMatchObject({ code: 'INVALID_ANSWER' })
    expect(await stored()).toMatchObject({ revision: 3, answers: { attentes: 'trois', benevoles_heures: 12 } })
  })

  it('remembers the last 20 saves that changed the response: a replay of one is answered, not applied again', async () => {
    const { wave, invitation, stored } = await savedLink()
    const ids: string[] = []
    for (let i = 0; i < 22; i++) {
      ids.push(randomUUID())
      const saved = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/r/${invitation.token}/answers`,
        payload: { baseRevision: 2 + i, answers: { benevoles_heures: i }, saveId: ids[i], reply: 'changes' },
      })
      expect(saved.json()).toEqual({ revision: 3 + i, changes: { benevoles_heures: i } })
    }
    const remembered = await ctx.database.db.selectFrom('responses').select('recent_saves').where('wave_id', '=', wave.id).executeTakeFirstOrThrow()
    expect((remembered.recent_saves as { id: string }[]).map((save) => save.id)).toEqual(ids.slice(2))
    // The 3rd save again (remembered): the answer of now, nothing written.
    const replay = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/r/${invitation.token}/answers`,
      payload: { baseRevision: 4, answers: { benevoles_heures: 2 }, saveId: ids[2], reply: 'changes' },
    })
    expect(replay.json()).toEqual({ revision: 24, changes: { benevoles_heures: 21 } })
    expect(await stored()).toMatchObject({ revision: 24, answers: { benevoles_heures: 21 } })
  })

  it('is refused once the link is revoked', async () => {
    const { wave, invitation, save, stored } = await savedLink()
    await ctx.database.db
      .updateTable('invitations')
      .set({ revoked_at: new Date() })
      .where('wave_id', '=', wave.id)
      .where('organisation_id', '=', invitation.organisationId)
      .execute()
    const refused = await save(2, { attentes: 'après' })
    expect(refused.statusCode).toBe(404)
    expect(refused.json()).toMatchObject({ code: 'INVITATION_NOT_FOUND' })
    expect(await stored()).toMatchObject({ revision: 2, answers: { attentes: 'deux' } })
  })

  it('is refused once the wave is closed, or its closing time has passed', async () => {
    const closed = await savedLink()
    await ctx.database.db.updateTable('waves').set({ status: 'closed' }).where('id', '=', closed.wave.id).execute()
    const refused = await closed.save(2, { attentes: 'après' })
    expect(refused.json()).toMatchObject({ code: 'WAVE_NOT_OPEN' })
    expect(await closed.stored()).toMatchObject({ revision: 2 })

    const past = await savedLink()
    await ctx.database.db
      .updateTable('waves')
      .set({ closes_at: new Date(Date.now() - 1_000) })
      .where('id', '=', past.wave.id)
      .execute()
    const late = await past.save(2, { attentes: 'après' })
    expect(late.json()).toMatchObject({ code: 'WAVE_NOT_OPEN' })
    expect(await past.stored()).toMatchObject({ revision: 2 })
  })

  it('is refused once the response is submitted', async () => {
    const { wave, save, stored } = await savedLink()
    await ctx.database.db.updateTable('responses').set({ status: 'submitted', submitted_at: new Date() }).where('wave_id', '=', wave.id).execute()
    const refused = await save(2, { attentes: 'après' })
    expect(refused.json()).toMatchObject({ code: 'ALREADY_SUBMITTED' })
    expect(await stored()).toMatchObject({ revision: 2, answers: { attentes: 'deux' } })
  })

  it('follows a new questionnaire version: a question it removed is refused', async () => {
    const { wave, save, stored } = await savedLink()
    type Element = { name?: string; elements?: Element[] }
    const without = (elements: Element[]): Element[] =>
      elements
        .filter((element) => element.name !== 'attentes')
        .map((element) => (element.elements ? { ...element, elements: without(element.elements) } : element))
    const definition = structuredClone(defaultQuestionnaire) as unknown as { pages: Element[] }
    definition.pages = without(definition.pages)
    await ctx.database.db.updateTable('waves').set({ status: 'draft' }).where('id', '=', wave.id).execute()
    await saveQuestionnaire(ctx.database.db, wave.id, definition as unknown as JsonValue)
    await ctx.database.db.updateTable('waves').set({ status: 'open' }).where('id', '=', wave.id).execute()
    const refused = await save(2, { attentes: 'après' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ code: 'UNKNOWN_QUESTION' })
    expect(await stored()).toMatchObject({ revision: 2 })
  })
})
