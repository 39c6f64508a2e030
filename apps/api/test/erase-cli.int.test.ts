import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { serverCommand } from '../../../scripts/server-command'

// `pnpm sonde erase-organisation` as people run it (the bundle built by global-setup.ts), on the
// embedded database — through the running server, or alone once it stopped — or on PostgreSQL.
const repo = fileURLToPath(new URL('../../..', import.meta.url))
const cli = path.join(repo, 'apps', 'api', 'dist', 'cli.mjs')
const adminPassword = 'admin password 123'

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repo, env: { ...process.env, ...env } })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.on('close', (code) => resolve({ code, out }))
    child.stdin.end()
  })
}

/** The server as `pnpm start` runs it, and an admin's session on it. */
function startServer(
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; api(method: string, route: string, body?: unknown): Promise<Response>; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const { command, args } = serverCommand()
    const child = spawn(command, args, {
      cwd: repo,
      env: { ...process.env, PORT: '0', SONDE_DEMO: 'true', SONDE_LOG_LEVEL: 'warn', SONDE_ADMIN_PASSWORD: adminPassword, ...env },
      detached: true,
    })
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000)
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const url = /^Address: (\S+)/m.exec(out)?.[1]
      if (!url) return
      clearTimeout(timer)
      let cookie = ''
      const api = async (method: string, route: string, body?: unknown) => {
        if (!cookie) {
          const login = await fetch(`${url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'admin@example.org', password: adminPassword }),
          })
          cookie = login.headers
            .getSetCookie()
            .map((line) => line.split(';')[0])
            .join('; ')
        }
        return fetch(`${url}${route}`, {
          method,
          headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      }
      resolve({
        url,
        api,
        stop: () =>
          new Promise((done) => {
            child.on('close', () => done())
            process.kill(-child.pid!, 'SIGTERM')
          }),
      })
    })
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.on('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with code ${code}:\n${out}`))
    })
  })
}

describe('pnpm sonde erase-organisation', () => {
  let dataDir: string
  let database: TestDatabase | undefined

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sonde-erase-'))
    if (process.env.TEST_DATABASE_URL) database = await createTestDatabase()
  })
  afterAll(async () => {
    await database?.drop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('erases by SIREN with the server running and by id with it stopped, each with a tombstone', async () => {
    const env = database ? { DATABASE_URL: database.url } : { SONDE_DATA_DIR: path.join(dataDir, 'data') }
    let server = await startServer(env)
    let demo: { id: string; slug: string }
    let removed: string
    try {
      const { waves } = (await (await server.api('GET', '/api/waves')).json()) as { waves: { id: string; slug: string }[] }
      demo = waves.find((wave) => wave.slug === 'enquete-2025')!
      const added = await server.api('POST', `/api/waves/${demo.id}/organisations`, {
        name: 'Atelier à effacer',
        email: 'effacer@example.org',
        siren: '732829320',
      })
      expect(added.status).toBe(201)

      const bySiren = await run(['erase-organisation', '--wave', demo.slug, '--organisation', '732 829 320'], env)
      expect(bySiren.out).toMatch(
        /^Erased from enquete-2025: 1 response\(s\), 0 submission\(s\), 0 e-mail\(s\); left the microdata of 0 release\(s\); registry row deleted\. Tombstone: pseudo:/m,
      )
      expect(bySiren.code).toBe(0)
      const { organisations } = (await (await server.api('GET', `/api/waves/${demo.id}/organisations`)).json()) as {
        organisations: { id: string; name: string }[]
      }
      expect(organisations.map((o) => o.name)).not.toContain('Atelier à effacer')
      removed = organisations[0]!.id

      const unknown = await run(['erase-organisation', '--wave', demo.slug, '--organisation', '123456782'], env)
      expect(unknown.code).toBe(2)
      expect(unknown.out).toContain('No organisation 123456782 in "enquete-2025"')
    } finally {
      await server.stop()
    }

    const byId = await run(['erase-organisation', '--wave', demo.slug, '--organisation', removed], env)
    expect(byId.code, byId.out).toBe(0)
    expect(byId.out).toContain('registry row deleted')

    server = await startServer(env)
    try {
      const { organisations } = (await (await server.api('GET', `/api/waves/${demo.id}/organisations`)).json()) as { organisations: { id: string }[] }
      expect(organisations.map((o) => o.id)).not.toContain(removed)
      const { events } = (await (await server.api('GET', '/api/audit?action=organisation.erased')).json()) as {
        events: { actorType: string; details: Record<string, unknown> }[]
      }
      expect(events).toHaveLength(2)
      for (const event of events) {
        expect(event.actorType).toBe('system')
        expect(JSON.stringify(event.details)).not.toMatch(/Atelier|effacer|732829320/)
        expect(JSON.stringify(event.details)).not.toContain(removed)
      }
    } finally {
      await server.stop()
    }
  }, 240_000)

  it.each([
    [['erase-organisation', '--wave', 'enquete-2025'], /needs --wave <slug> and --organisation/],
    [['erase-organisation', '--wave', 'enquete-2025', '--organisation', 'Atelier'], /needs --wave <slug> and --organisation/],
  ])('refuses %j with exit code 2', async (args, message) => {
    const result = await run(args, { SONDE_DATA_DIR: path.join(dataDir, 'other') })
    expect(result.code).toBe(2)
    expect(result.out).toMatch(message)
  })
})
