import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from '@sonde/survey'
import { saveQuestionnaire, type JsonValue } from '@sonde/db'
import { inviteFactory, startTestApp, waveFactory, type TestContext } from './support'

// A save reads the questionnaire's question list from the process's memory (issue 13, point 2),
// keyed by the version's id that the link's lookup brings: a new version, published by this
// process or by any other one on the same database, is read at the next save.

let ctx: TestContext
beforeAll(async () => {
  ctx = await startTestApp()
})
afterAll(async () => {
  await ctx?.close()
})

describe('the questionnaire of a save', () => {
  it('is the current version: a question added in a new version is accepted at the next save', async () => {
    const wave = await waveFactory(ctx.database)
    const { token } = await inviteFactory(ctx.database, wave.id)
    const save = (baseRevision: number, answers: Record<string, unknown>) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision, answers } })

    expect((await save(0, { attentes: 'v1' })).statusCode).toBe(200)
    const unknown = await save(1, { question_ajoutee: 'oui' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_QUESTION' })

    // Staff reopen the design, add a question and open the wave again (as another process would:
    // straight in the database).
    const definition = structuredClone(defaultQuestionnaire) as unknown as { pages: { elements: unknown[] }[] }
    definition.pages[0]!.elements.push({ type: 'text', name: 'question_ajoutee', title: 'Question ajoutée' })
    await ctx.database.db.updateTable('waves').set({ status: 'draft' }).where('id', '=', wave.id).execute()
    await saveQuestionnaire(ctx.database.db, wave.id, definition as unknown as JsonValue)
    await ctx.database.db.updateTable('waves').set({ status: 'open' }).where('id', '=', wave.id).execute()

    const known = await save(1, { question_ajoutee: 'oui' })
    expect(known.statusCode).toBe(200)
    expect(known.json()).toMatchObject({ revision: 2, answers: { attentes: 'v1', question_ajoutee: 'oui' } })
  })
})
