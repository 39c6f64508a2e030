import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INDICATOR_CSV_COLUMNS } from '@sonde/analysis'
import { createTestDatabase, type TestDatabase } from '@sonde/db/testing'
import { serverCommand } from '../../../scripts/server-command'

// The CLI and the server as `pnpm sonde` and `pnpm start` run them: the bundle built by global-setup.ts.
const repo = fileURLToPath(new URL('../../..', import.meta.url))
const cli = path.join(repo, 'apps', 'api', 'dist', 'cli.mjs')

function run(args: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repo, env: { ...process.env, ...env } })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.on('close', (code) => resolve({ code, out }))
    child.stdin.end(stdin)
  })
}

function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const { command, args } = serverCommand()
    const child = spawn(command, args, {
      cwd: repo,
      env: { ...process.env, PORT: '0', SONDE_DEMO: 'false', SONDE_LOG_LEVEL: 'warn', ...env },
      detached: true,
    })
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000)
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const url = /^Address: (\S+)/m.exec(out)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve({
          url,
          stop: () =>
            new Promise((done) => {
              child.on('close', () => done())
              process.kill(-child.pid!, 'SIGTERM')
            }),
        })
      }
    })
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.on('close', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with code ${code}:\n${out}`))
    })
  })
}

async function demoSlug(database: TestDatabase): Promise<string> {
  const wave = await database.db.selectFrom('waves').select('slug').where('is_demo', '=', true).executeTakeFirstOrThrow()
  return wave.slug
}

async function login(baseUrl: string, email: string, password: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  return res.status
}

describe('pnpm sonde create-user', () => {
  let dataDir: string
  let database: TestDatabase | undefined

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sonde-cli-'))
    if (process.env.TEST_DATABASE_URL) database = await createTestDatabase()
  })
  afterAll(async () => {
    await database?.drop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('reads the password from standard input and works with the server stopped and running', async () => {
    const env = database ? { DATABASE_URL: database.url } : { SONDE_DATA_DIR: path.join(dataDir, 'data') }
    const first = await run(['create-user', '--email', 'Staff@example.org', '--role', 'staff'], env, 'premier mot de passe\n')
    expect(first.out).toContain('Created staff staff@example.org')
    expect(first.code).toBe(0)

    const server = await startServer({ ...env, SONDE_ADMIN_PASSWORD: 'admin password 123' })
    try {
      const second = await run(['create-user', '--email', 'chercheur@example.org', '--role', 'researcher'], env, 'second mot de passe')
      expect(second.out).toContain('Created researcher chercheur@example.org')
      const reset = await run(['create-user', '--email', 'staff@example.org', '--role', 'admin'], env, 'nouveau mot de passe')
      expect(reset.out).toContain('Updated admin staff@example.org')
      expect(await login(server.url, 'staff@example.org', 'nouveau mot de passe')).toBe(200)
      expect(await login(server.url, 'chercheur@example.org', 'second mot de passe')).toBe(200)
    } finally {
      await server.stop()
    }
  }, 180_000)

  it('imports a member file, publishes a release and exports the indicators of a wave', async () => {
    const env = database ? { DATABASE_URL: database.url } : { SONDE_DATA_DIR: path.join(dataDir, 'demo') }
    const server = await startServer({ ...env, SONDE_DEMO: 'true', SONDE_ADMIN_PASSWORD: 'admin password 123' })
    try {
      const good = path.join(dataDir, 'members.csv')
      const bad = path.join(dataDir, 'bad.csv')
      await writeFile(good, 'nom;courriel;familles\nAtelier CLI;cli@example.org;insertion\nRecyclerie CLI;;reemploi\n')
      await writeFile(bad, 'nom;courriel\nBonne;ok@example.org\nMauvaise;pas-un-courriel\n')
      const slug = database ? await demoSlug(database) : 'enquete-2025'
      const rejected = await run(['import-organisations', '--wave', slug, '--file', bad], env, '')
      expect(rejected.code).toBe(1)
      expect(rejected.out).toContain('line 3:')
      expect(rejected.out).toContain('Nothing imported')
      const imported = await run(['import-organisations', '--wave', slug, '--file', good], env, '')
      expect(imported.out).toContain('Imported: 2 new, 0 updated.')
      expect(imported.code).toBe(0)
      // Files read releases: none yet.
      const none = await run(['export', '--wave', slug, '--what', 'indicators'], env, '')
      expect(none.code).toBe(2)
      expect(none.out).toContain('No release')
      const live = await run(['export', '--wave', slug, '--what', 'indicators', '--release', 'live'], env, '')
      expect(live.code).toBe(0)
      expect(live.out).toContain('Provisional results')
      const released = await run(['release', '--wave', slug, '--note', 'CLI'], env, '')
      expect(released.out).toContain('Release 1 of')
      expect(released.code).toBe(0)
      const exported = await run(['export', '--wave', slug, '--what', 'indicators'], env, '')
      expect(exported.code).toBe(0)
      expect(exported.out.split('\r\n')[0]).toBe(INDICATOR_CSV_COLUMNS.join(','))
      const second = await run(['export', '--wave', slug, '--what', 'indicators', '--release', '2'], env, '')
      expect(second.code).toBe(2)
      expect(second.out).toContain('No release 2')
    } finally {
      await server.stop()
    }
  }, 180_000)

  it.each([
    [['create-user', '--email', 'x@example.org', '--role', 'king'], 'mot de passe long', /--role/],
    [['create-user', '--email', 'x@example.org', '--role', 'staff'], 'court', /8 to 128/],
  ])('refuses bad input %j with exit code 2', async (args, stdin, message) => {
    const result = await run(args, { SONDE_DATA_DIR: path.join(dataDir, 'other') }, stdin)
    expect(result.code).toBe(2)
    expect(result.out).toMatch(message)
  })
})
