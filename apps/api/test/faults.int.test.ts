import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { serverCommand } from '../../../scripts/server-command'

/**
 * Faults on the real server process, as `pnpm start` runs it (the bundle of apps/api/dist, one
 * process): every save it acknowledged (200) is there after the fault, exactly once. Runs on the
 * embedded database, or on the PostgreSQL server of TEST_DATABASE_URL.
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url))

interface Server {
  child: ChildProcess
  baseUrl: string
  demoLink: string
  exited: Promise<number | null>
}

function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  return new Promise((resolve, reject) => {
    const { command, args } = serverCommand()
    const child = spawn(command, args, {
      cwd: repo,
      env: { ...process.env, PORT: '0', SONDE_LOG_LEVEL: 'warn', SONDE_ADMIN_PASSWORD: 'admin password 123', ...env },
      detached: true,
    })
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 120_000)
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const baseUrl = /^Address: (\S+)/m.exec(out)?.[1]
      const demoLink = /^Demo invitation link: (\S+)/m.exec(out)?.[1]
      if (baseUrl && demoLink) {
        clearTimeout(timer)
        resolve({ child, baseUrl, demoLink, exited })
      }
    })
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}) before it started:\n${out}`))
    })
  })
}

const signal = (server: Server, name: NodeJS.Signals) => process.kill(-server.child.pid!, name)

async function save(server: Server, token: string, baseRevision: number, answers: object) {
  try {
    const res = await fetch(`${server.baseUrl}/api/r/${token}/answers`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baseRevision, answers }),
    })
    return { status: res.status, body: (await res.json()) as { revision?: number; code?: string } }
  } catch {
    return { status: 0, body: {} }
  }
}

describe('faults', () => {
  let dataDir: string
  let database: TestDatabase | undefined
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sonde-faults-'))
    if (process.env.TEST_DATABASE_URL) database = await createTestDatabase()
    env = database ? { DATABASE_URL: database.url } : { SONDE_DATA_DIR: path.join(dataDir, 'data') }
  })
  afterAll(async () => {
    await database?.drop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('SIGTERM under load: requests in flight finish, new ones get 503, nothing acknowledged is lost', async () => {
    const server = await startServer(env)
    const token = server.demoLink.split('/r/')[1]!
    const acknowledged = new Map<string, number>()
    const statuses = new Set<number>()
    let stop = false
    // Ten "colleagues", each writing its own question over and over, from the revision it knows.
    const workers = Array.from({ length: 10 }, async (_, i) => {
      const name = ['nom_organisation', 'budget_annuel', 'salaries_nombre', 'benevoles_nombre', 'ca_membres', 'annee_creation', 'benevoles_heures', 'salaries_etp', 'inc_seances', 'ca_femmes'][i]!
      let revision = 0
      for (let n = 0; !stop && n < 500; n++) {
        const value = name === 'nom_organisation' ? `Atelier ${n}` : n
        const res = await save(server, token, revision, { [name]: value })
        statuses.add(res.status)
        if (res.status === 200) {
          acknowledged.set(name, n)
          revision = res.body.revision!
        } else if (res.status === 409 && res.body.code === 'ANSWER_CONFLICT') {
          revision = (res.body as { details?: { revision: number } }).details?.revision ?? revision
        } else if (res.status === 0 || res.status === 503) {
          break
        }
      }
    })
    await new Promise((r) => setTimeout(r, 1500))
    const signalledAt = Date.now()
    signal(server, 'SIGTERM')
    const code = await server.exited
    stop = true
    await Promise.all(workers)
    expect(code).toBe(0)
    expect(Date.now() - signalledAt).toBeLessThan(12_000)
    expect(acknowledged.size).toBeGreaterThan(0)
    expect([...statuses].every((s) => [0, 200, 409, 503].includes(s))).toBe(true)

    const restarted = await startServer(env)
    try {
      const view = (await (await fetch(`${restarted.baseUrl}/api/r/${token}`)).json()) as { response: { answers: Record<string, unknown> } }
      for (const [name, n] of acknowledged) {
        const stored = view.response.answers[name]
        const expected = name === 'nom_organisation' ? `Atelier ${n}` : n
        // The last acknowledged value, or a later one whose acknowledgement was lost on the way: never an earlier one.
        if (typeof expected === 'number') expect(stored as number).toBeGreaterThanOrEqual(expected)
        else expect(Number(String(stored).split(' ')[1])).toBeGreaterThanOrEqual(n)
      }
    } finally {
      signal(restarted, 'SIGTERM')
      await restarted.exited
    }
  }, 300_000)

  it('SIGKILL mid-save: every acknowledged save is still there after a restart', async () => {
    const server = await startServer(env)
    const token = server.demoLink.split('/r/')[1]!
    const view = (await (await fetch(`${server.baseUrl}/api/r/${token}`)).json()) as { response: { revision: number } }
    let revision = view.response.revision
    let last = -1
    const writes = (async () => {
      for (let n = 0; n < 10_000; n++) {
        const res = await save(server, token, revision, { benevoles_heures: n })
        if (res.status !== 200) break
        revision = res.body.revision!
        last = n
      }
    })()
    await new Promise((r) => setTimeout(r, 2000))
    signal(server, 'SIGKILL')
    await server.exited
    await writes
    expect(last).toBeGreaterThan(0)

    const restarted = await startServer(env)
    try {
      const after = (await (await fetch(`${restarted.baseUrl}/api/r/${token}`)).json()) as {
        response: { revision: number; answers: Record<string, unknown> }
      }
      expect(after.response.answers.benevoles_heures as number).toBeGreaterThanOrEqual(last)
    } finally {
      signal(restarted, 'SIGTERM')
      await restarted.exited
    }
  }, 300_000)
})
