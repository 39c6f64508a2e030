import { randomUUID } from 'node:crypto'
import { defaultQuestionnaire } from '@sonde/survey'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signal, startServer, type ServerProcess } from './server-process'
import { inviteFactory, testLinkSecret, waveFactory } from './support'

// Two API processes on one database, people's requests spread across both (issue 13, point 6):
// nothing that makes a session, a save or a questionnaire version hold may live in one process
// only. Both are the built server as `pnpm start` runs it, on the PostgreSQL server of
// TEST_DATABASE_URL or on the embedded database of this test, which both reach through its socket
// (its Unix socket serves other processes as it serves the CLI).

const adminPassword = 'admin password 123'
let database: TestDatabase
let a: ServerProcess
let b: ServerProcess

beforeAll(async () => {
  database = await createTestDatabase()
  const env = { DATABASE_URL: database.url, SONDE_SECRET: testLinkSecret, SONDE_ADMIN_PASSWORD: adminPassword }
  // One after the other: the first one migrates and creates the first account and the demo wave.
  a = await startServer(env)
  b = await startServer(env)
})

afterAll(async () => {
  for (const server of [a, b]) {
    if (!server) continue
    signal(server, 'SIGTERM')
    await server.exited
  }
  await database?.drop()
})

const json = (method: string, body: unknown, cookie?: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
  body: JSON.stringify(body),
})
const save = (server: ServerProcess, token: string, body: { baseRevision: number; answers: Record<string, unknown>; saveId?: string }) =>
  fetch(`${server.baseUrl}/api/r/${token}/answers`, json('PATCH', { reply: 'changes', saveId: randomUUID(), ...body }))

async function login(server: ServerProcess): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, json('POST', { email: 'admin@example.org', password: adminPassword }))
  expect(res.status).toBe(200)
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .find((pair) => pair.startsWith('sonde_session='))
  expect(cookie).toBeDefined()
  return cookie!
}

describe('two API processes on one database', () => {
  it('a session opened on one process is recognised by the other, and ends on both at logout', async () => {
    const cookie = await login(a)
    const me = await fetch(`${b.baseUrl}/api/auth/me`, { headers: { cookie } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ user: { email: 'admin@example.org' } })

    expect((await fetch(`${b.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204)
    expect((await fetch(`${a.baseUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(401)
  })

  it('a save sent to one process and replayed to the other is applied once', async () => {
    const wave = await waveFactory(database)
    const { token } = await inviteFactory(database, wave.id)
    const saveId = randomUUID()
    const first = await save(a, token, { baseRevision: 0, answers: { attentes: 'une fois' }, saveId })
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ revision: 1 })

    const replayed = await save(b, token, { baseRevision: 0, answers: { attentes: 'une fois' }, saveId })
    expect(replayed.status).toBe(200)
    expect(await replayed.json()).toMatchObject({ revision: 1 })
    const view = await fetch(`${b.baseUrl}/api/r/${token}`)
    expect(await view.json()).toMatchObject({ response: { revision: 1, answers: { attentes: 'une fois' } } })
  })

  it('two saves of the same answer from the same revision through the two processes: the second is a conflict', async () => {
    const wave = await waveFactory(database)
    const { token } = await inviteFactory(database, wave.id)
    expect((await save(a, token, { baseRevision: 0, answers: { attentes: 'par A' } })).status).toBe(200)

    const late = await save(b, token, { baseRevision: 0, answers: { attentes: 'par B' } })
    expect(late.status).toBe(409)
    expect(await late.json()).toMatchObject({
      code: 'ANSWER_CONFLICT',
      details: { revision: 1, conflicts: [{ name: 'attentes', yours: 'par B', theirs: 'par A' }] },
    })
    const view = await fetch(`${a.baseUrl}/api/r/${token}`)
    expect(await view.json()).toMatchObject({ response: { revision: 1, answers: { attentes: 'par A' } } })
  })

  it('a questionnaire version published through one process is the one the other checks the next save against', async () => {
    const cookie = await login(a)
    const wave = await waveFactory(database)
    const { token } = await inviteFactory(database, wave.id)
    // The other process has read (and kept) the first version.
    expect((await save(b, token, { baseRevision: 0, answers: { attentes: 'v1' } })).status).toBe(200)
    const unknown = await save(b, token, { baseRevision: 1, answers: { question_ajoutee: 'oui' } })
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({ code: 'UNKNOWN_QUESTION' })

    // Staff reopen the design (no route takes an open wave back to draft: straight in the
    // database), then add a question and open the wave through the first process.
    await database.db.updateTable('waves').set({ status: 'draft' }).where('id', '=', wave.id).execute()
    const definition = structuredClone(defaultQuestionnaire) as unknown as { pages: { elements: unknown[] }[] }
    definition.pages[0]!.elements.push({ type: 'text', name: 'question_ajoutee', title: 'Question ajoutée' })
    const published = await fetch(`${a.baseUrl}/api/waves/${wave.id}/questionnaire`, json('PUT', definition, cookie))
    expect(published.status).toBe(200)
    expect((await fetch(`${a.baseUrl}/api/waves/${wave.id}/open`, { method: 'POST', headers: { cookie } })).status).toBe(200)

    const known = await save(b, token, { baseRevision: 1, answers: { question_ajoutee: 'oui' } })
    expect(known.status).toBe(200)
    expect(await known.json()).toMatchObject({ revision: 2, changes: { question_ajoutee: 'oui' } })
  })
})
