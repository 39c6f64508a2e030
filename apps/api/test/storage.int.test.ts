import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDb } from '@sonde/db'
import { createTestDatabase, mountSmallDisk, type SmallDisk, type TestDatabase } from '@sonde/db/testing'
import { failedStart, signal, startServer, type ServerProcess } from './server-process'

/**
 * A disk that fills up or turns read-only under the real server process, on a real small file
 * system (tmpfs: mounting needs root, as CI runs; elsewhere these tests are skipped). Embedded:
 * the data folder lives on that disk. PostgreSQL (TEST_DATABASE_URL, a server on this machine):
 * the responses table is moved to a tablespace on that disk, so that the server itself answers
 * SQLSTATE 53100. Either way: 503 STORAGE_FULL, never a 500; a log line naming the disk; nothing
 * acknowledged lost; saves work again once space returns, without a restart.
 */
const asRoot = process.getuid?.() === 0
const onServer = Boolean(process.env.TEST_DATABASE_URL)

interface Save {
  status: number
  code?: string
  retryAfter: string | null
  revision?: number
}

async function save(server: ServerProcess, token: string, baseRevision: number, answers: object): Promise<Save> {
  const res = await fetch(`${server.baseUrl}/api/r/${token}/answers`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ baseRevision, answers }),
  })
  const body = (await res.json()) as { code?: string; revision?: number }
  return { status: res.status, code: body.code, revision: body.revision, retryAfter: res.headers.get('retry-after') }
}

async function health(server: ServerProcess): Promise<{ status: number; body: { code?: string; db?: string } }> {
  const res = await fetch(`${server.baseUrl}/api/health`)
  return { status: res.status, body: (await res.json()) as { code?: string; db?: string } }
}

async function storedAnswers(server: ServerProcess, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.baseUrl}/api/r/${token}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { response: { answers: Record<string, unknown> } }).response.answers
}

// Random text does not compress: each save adds its full size to the disk.
const incompressible = (n: number) => `${n} ${randomBytes(2_600).toString('base64')}`

/**
 * Saves a long free-text answer again and again until the disk refuses one: every answer is a
 * 200 or the documented 503 STORAGE_FULL, never anything else.
 */
async function saveUntilFull(server: ServerProcess, token: string, revision: number) {
  let acknowledged: string | null = null
  let refused: Save | null = null
  for (let n = 0; !refused && n < 5_000; n++) {
    const text = incompressible(n)
    const res = await save(server, token, revision, { attentes: text })
    if (res.status === 200) {
      acknowledged = text
      revision = res.revision!
    } else {
      expect(res).toMatchObject({ status: 503, code: 'STORAGE_FULL', retryAfter: '30' })
      refused = res
    }
  }
  expect(refused).not.toBeNull()
  return { acknowledged, revision }
}

/** Polls until `check` holds (the embedded database restarts on its own once the disk allows). */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await probe()
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250))
    value = await probe()
  }
  return value
}

/** How many TCP ports process `pid` listens on (its socket inodes in state 0A of /proc/net/tcp*). */
function listeningTcpPorts(pid: number): number {
  const listening = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      if (fields[3] === '0A') listening.add(fields[9]!)
    }
  }
  let count = 0
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]
      if (inode && listening.has(inode)) count += 1
    } catch {
      // The descriptor closed meanwhile.
    }
  }
  return count
}

describe.skipIf(onServer)('the embedded database of the running server', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'sonde-storage-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  it('is durable (fsync and full-page writes on), listens on no TCP port, keeps its files private, and lets no other user in', async () => {
    const dataDir = path.join(folder, 'data')
    const server = await startServer({ SONDE_DATA_DIR: dataDir })
    try {
      // The HTTP port, and nothing else.
      expect(listeningTcpPorts(server.child.pid!)).toBe(1)
      // Where the server says it serves the database (for `pnpm sonde`): its own private folder.
      const { url } = JSON.parse(readFileSync(`${dataDir}.pid`, 'utf8')) as { url: string }
      expect(new URL(url).searchParams.get('host')).toBe(dataDir)
      const db = createDb(url, 1)
      try {
        for (const setting of ['fsync', 'full_page_writes', 'synchronous_commit']) {
          const { rows } = await sql.raw<Record<string, string>>(`show ${setting}`).execute(db)
          expect(rows[0]![setting], setting).toBe('on')
        }
      } finally {
        await db.destroy()
      }

      const loose: string[] = []
      const walk = (file: string) => {
        const stat = lstatSync(file)
        if ((stat.mode & 0o077) !== 0) loose.push(file)
        if (stat.isDirectory()) for (const entry of readdirSync(file)) walk(path.join(file, entry))
      }
      walk(dataDir)
      walk(`${dataDir}.pid`)
      expect(loose).toEqual([])

      if (asRoot) {
        // Another local user with the URL in hand: the folder does not let it reach the socket.
        const attempt = spawnSync(
          process.execPath,
          [
            '-e',
            `require('net').connect(${JSON.stringify(path.join(dataDir, '.s.PGSQL.5432'))}).on('connect', () => { console.log('connected'); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(0) })`,
          ],
          { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/', timeout: 10_000 },
        )
        expect(attempt.stdout.trim()).toBe('EACCES')
      }
    } finally {
      signal(server, 'SIGTERM')
      await server.exited
    }
  }, 120_000)
})

describe.skipIf(!asRoot || onServer)('embedded database on a disk that fills up (real tmpfs)', () => {
  let disk: SmallDisk
  beforeEach(() => {
    disk = mountSmallDisk(96)!
  })
  afterEach(() => disk.unmount())

  it('answers 503 STORAGE_FULL and health 503 while the disk is full, logs the folder, loses nothing acknowledged, and serves again once space returns', async () => {
    const dataDir = path.join(disk.path, 'data')
    const server = await startServer({ SONDE_DATA_DIR: dataDir })
    const token = server.demoLink.split('/r/')[1]!
    try {
      const first = await save(server, token, 0, { benevoles_nombre: 7 })
      expect(first.status).toBe(200)

      disk.fill(0)
      const full = await health(server)
      expect(full).toEqual({ status: 503, body: expect.objectContaining({ code: 'STORAGE_FULL', db: 'full' }) })
      const { acknowledged, revision } = await saveUntilFull(server, token, first.revision!)
      // The log is written asynchronously: the line may follow the answer by a few milliseconds.
      const logged = `disk full: the disk holding ${dataDir} is full (no space left on device)`
      expect(
        await eventually(
          async () => server.output(),
          (out) => out.includes(logged),
          5_000,
        ),
      ).toContain(logged)
      expect(server.output()).not.toMatch(/INTERNAL_ERROR|unexpected error/)

      disk.free()
      expect(
        (
          await eventually(
            () => health(server),
            (h) => h.status === 200,
          )
        ).status,
      ).toBe(200)
      const after = await eventually(
        () => save(server, token, revision, { ca_membres: 9 }),
        (s) => s.status === 200,
      )
      expect(after.status).toBe(200)
      if (acknowledged) expect((await storedAnswers(server, token)).attentes).toBe(acknowledged)
    } finally {
      signal(server, 'SIGTERM')
      expect(await server.exited).toBe(0)
    }

    // And after a restart, from the disk.
    const restarted = await startServer({ SONDE_DATA_DIR: dataDir })
    try {
      const answers = await storedAnswers(restarted, token)
      expect(answers.benevoles_nombre).toBe(7)
      expect(answers.ca_membres).toBe(9)
    } finally {
      signal(restarted, 'SIGTERM')
      await restarted.exited
    }
  }, 240_000)

  it.each([
    ['full', (d: SmallDisk) => d.fill(0), (folder: string) => `the disk holding ${folder} is full (no space left on device)`],
    ['read-only', (d: SmallDisk) => d.setReadOnly(true), (folder: string) => `${folder} is on a read-only file system`],
  ])(
    'refuses to start on a %s disk with one line naming the folder and the cause',
    async (_label, breakDisk, cause) => {
      const dataDir = path.join(disk.path, 'data')
      const server = await startServer({ SONDE_DATA_DIR: dataDir })
      signal(server, 'SIGTERM')
      await server.exited
      breakDisk(disk)
      try {
        for (const folder of [dataDir, path.join(disk.path, 'new')]) {
          const { code, output } = await failedStart({ SONDE_DATA_DIR: folder })
          expect(code).toBe(1)
          expect(output.trim()).toBe(`Sonde could not start: the embedded database in ${folder} cannot start: ${cause(folder)}`)
        }
      } finally {
        disk.setReadOnly(false)
      }
    },
    120_000,
  )
})

/** The PostgreSQL server's own OS user, when it runs on this machine (its data folder is here). */
async function localServerOwner(url: string): Promise<{ uid: number; gid: number } | null> {
  const db = createDb(url, 1)
  try {
    const { rows } = await sql<{ data_directory: string }>`show data_directory`.execute(db)
    const folder = rows[0]!.data_directory
    if (!existsSync(folder)) return null
    const { uid, gid } = statSync(folder)
    return { uid, gid }
  } catch {
    return null
  } finally {
    await db.destroy()
  }
}

describe.skipIf(!asRoot || !onServer)('PostgreSQL server whose disk fills up (a tablespace on a real tmpfs)', () => {
  let disk: SmallDisk
  let database: TestDatabase
  const tablespace = `sonde_small_${randomBytes(4).toString('hex')}`
  beforeEach(async () => {
    disk = mountSmallDisk(24)!
    database = await createTestDatabase()
  })
  afterEach(async () => {
    await database.drop()
    const admin = createDb(process.env.TEST_DATABASE_URL!, 1)
    await sql.raw(`drop tablespace if exists ${tablespace}`).execute(admin)
    await admin.destroy()
    disk.unmount()
  })

  it('maps SQLSTATE 53100 to 503 STORAGE_FULL with a log line, loses nothing acknowledged, and saves again once space returns', async (context) => {
    const owner = await localServerOwner(database.url)
    if (!owner) return context.skip()
    const location = path.join(disk.path, 'tablespace')
    mkdirSync(location, { mode: 0o700 })
    chownSync(location, owner.uid, owner.gid)
    await sql.raw(`create tablespace ${tablespace} location '${location}'`).execute(database.db)
    await sql.raw(`alter table responses set tablespace ${tablespace}`).execute(database.db)

    const server = await startServer({ DATABASE_URL: database.url })
    const token = server.demoLink.split('/r/')[1]!
    try {
      const first = await save(server, token, 0, { benevoles_nombre: 7 })
      expect(first.status).toBe(200)
      disk.fill(0)
      const { acknowledged, revision } = await saveUntilFull(server, token, first.revision!)
      const logged = 'disk full: the database server has no space left on its disk (SQLSTATE 53100)'
      expect(
        await eventually(
          async () => server.output(),
          (out) => out.includes(logged),
          5_000,
        ),
      ).toContain(logged)
      expect(server.output()).not.toMatch(/INTERNAL_ERROR|unexpected error/)

      disk.free()
      const after = await save(server, token, revision, { ca_membres: 9 })
      expect(after.status).toBe(200)
      const answers = await storedAnswers(server, token)
      if (acknowledged) expect(answers.attentes).toBe(acknowledged)
      expect(answers).toMatchObject({ benevoles_nombre: 7, ca_membres: 9 })
    } finally {
      signal(server, 'SIGTERM')
      await server.exited
    }
  }, 240_000)
})
