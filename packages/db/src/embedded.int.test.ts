import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDb } from './connection'
import { startEmbedded, EmbeddedStartError, type EmbeddedDatabase, type EmbeddedEvent } from './embedded'
import { checkStorage } from './storage'
import { mountSmallDisk, type SmallDisk } from './testing'

// Counts the host fsync() calls PGlite makes through durable-fs.ts.
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return { ...original, fsyncSync: vi.fn(original.fsyncSync) }
})

/**
 * The embedded database on a real folder: durable (fsync reaches the disk), private to its user,
 * and what it does when its disk fills up or turns read-only. Always the embedded engine — the
 * PostgreSQL server's side of these rules is its own (apps/api/test/storage.int.test.ts maps its
 * SQLSTATEs).
 */
const asRoot = process.getuid?.() === 0
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms))

function looseFiles(folder: string): string[] {
  const loose: string[] = []
  const walk = (file: string) => {
    const stat = fs.lstatSync(file)
    if ((stat.mode & 0o077) !== 0) loose.push(`${(stat.mode & 0o777).toString(8)} ${path.relative(folder, file) || '.'}`)
    if (stat.isDirectory()) for (const entry of readdirSync(file)) walk(path.join(file, entry))
  }
  walk(folder)
  return loose
}

/** The inodes of the TCP sockets this process listens on (state 0A in /proc/net/tcp*). */
function listeningTcpSockets(): number {
  const listening = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      if (fields[3] === '0A') listening.add(fields[9]!)
    }
  }
  const mine = readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1]
      } catch {
        return undefined
      }
    })
    .filter((inode) => inode !== undefined && listening.has(inode))
  return mine.length
}

describe('the embedded database on a folder', () => {
  let folder: string
  let dataDir: string
  let embedded: EmbeddedDatabase | null = null
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'sonde-embedded-'))
    dataDir = path.join(folder, 'data')
  })
  afterEach(async () => {
    await embedded?.stop()
    embedded = null
    rmSync(folder, { recursive: true, force: true })
  })

  it('runs with fsync, full-page writes and synchronous commit on, and a commit reaches the disk through fsync', async () => {
    embedded = await startEmbedded({ dataDir })
    const db = createDb(embedded.url, 1)
    try {
      for (const setting of ['fsync', 'full_page_writes', 'synchronous_commit']) {
        const { rows } = await sql.raw<Record<string, string>>(`show ${setting}`).execute(db)
        expect(rows[0]![setting], setting).toBe('on')
      }
      await sql`create table saves (n int)`.execute(db)
      const fsyncSync = vi.mocked(fs.fsyncSync)
      fsyncSync.mockClear()
      await sql`insert into saves values (1)`.execute(db)
      // The commit record is flushed before the insert is acknowledged.
      expect(fsyncSync).toHaveBeenCalled()
    } finally {
      await db.destroy()
    }
  })

  it('keeps its folder to its own user: 0700 folders, 0600 files, modes of an existing folder fixed at start', async () => {
    embedded = await startEmbedded({ dataDir })
    await embedded.stop()
    embedded = null
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    expect(looseFiles(dataDir)).toEqual([])

    // A folder left world-writable (an earlier version, a copy with a permissive umask).
    const loosen = (file: string) => {
      chmodSync(file, statSync(file).isDirectory() ? 0o777 : 0o666)
      if (statSync(file).isDirectory()) for (const entry of readdirSync(file)) loosen(path.join(file, entry))
    }
    loosen(dataDir)
    expect(looseFiles(dataDir).length).toBeGreaterThan(500)
    embedded = await startEmbedded({ dataDir })
    const db = createDb(embedded.url, 1)
    await sql`create table later (n int)`.execute(db)
    await sql`insert into later values (1)`.execute(db)
    await db.destroy()
    expect(looseFiles(dataDir)).toEqual([])
  })

  it('listens on no TCP port: only a Unix socket inside its private folder, which another user cannot reach', async () => {
    const before = listeningTcpSockets()
    embedded = await startEmbedded({ dataDir })
    expect(listeningTcpSockets()).toBe(before)
    const url = new URL(embedded.url)
    expect(url.searchParams.get('host')).toBe(dataDir)
    expect(url.password).toBe('')

    const db = createDb(embedded.url, 1)
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }])
    await db.destroy()

    if (asRoot) {
      // Another local user (nobody) tries the socket: the folder does not let it through.
      const socket = path.join(dataDir, '.s.PGSQL.5432')
      const attempt = spawnSync(
        process.execPath,
        [
          '-e',
          `require('net').connect(${JSON.stringify(socket)}).on('connect', () => { console.log('connected'); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(0) })`,
        ],
        { uid: 65534, gid: 65534, encoding: 'utf8', cwd: '/', timeout: 10_000 },
      )
      expect(attempt.stdout.trim()).toBe('EACCES')
    }
  })
})

describe.skipIf(!asRoot)('the embedded database on a disk that fills up or turns read-only (a real tmpfs; root only)', () => {
  let disk: SmallDisk
  let embedded: EmbeddedDatabase | null = null
  const events: EmbeddedEvent[] = []
  beforeEach(() => {
    disk = mountSmallDisk(96)!
    events.length = 0
  })
  afterEach(async () => {
    await embedded?.stop()
    embedded = null
    disk.unmount()
  })

  it('stops on a full disk without losing an acknowledged write, names the folder to new connections, and restarts once space returns', async () => {
    const dataDir = path.join(disk.path, 'data')
    embedded = await startEmbedded({ dataDir, onEvent: (event) => events.push(event) })
    const db = createDb(embedded.url, 2)
    await sql`create table answers (id int primary key, value text) with (fillfactor = 10)`.execute(db)
    await sql`insert into answers values (1, '')`.execute(db)
    // Leave less than one WAL segment: the log runs out of room as the next segment is needed.
    disk.fill(4 * 1024 * 1024)

    let acknowledged = ''
    let failure: { code?: string; message?: string } | null = null
    for (let n = 0; !failure && n < 100_000; n++) {
      // Random text does not compress: every update adds about 1 kB to the write-ahead log.
      const value = `${n}:${Buffer.from(Array.from({ length: 768 }, () => Math.floor(Math.random() * 256))).toString('base64')}`
      try {
        await sql`update answers set value = ${value} where id = 1`.execute(db)
        acknowledged = value
      } catch (error) {
        failure = error as { code?: string; message?: string }
      }
    }
    expect(failure?.code).toBe('53100')
    expect(acknowledged).not.toBe('')
    expect(embedded.problem()).toMatchObject({ code: 'STORAGE_FULL', folder: dataDir })
    expect(events[0]).toMatchObject({ type: 'stopped', problem: { code: 'STORAGE_FULL' }, postgres: expect.stringContaining('No space left on device') })

    // Once the dead instance's sessions are closed (a few milliseconds), a new connection is told
    // why, with the folder, rather than refused or left hanging.
    let refused: { code?: string; message?: string } | null = null
    for (let i = 0; i < 20 && refused?.code !== '53100'; i++) {
      if (i > 0) await settle(100)
      refused = await new pg.Client({ connectionString: embedded.url }).connect().then(
        () => null,
        (error: { code?: string; message?: string }) => error,
      )
    }
    expect(refused?.code).toBe('53100')
    expect(refused?.message).toContain(`the disk holding ${dataDir} is full`)

    disk.free()
    let row: { value: string } | undefined
    for (let i = 0; i < 40 && !row; i++) {
      await settle(250)
      row = await sql<{ value: string }>`select value from answers where id = 1`.execute(db).then(
        (r) => r.rows[0],
        () => undefined,
      )
    }
    expect(row?.value.split(':')[0]).toBe(acknowledged.split(':')[0])
    expect(row?.value).toBe(acknowledged)
    expect(embedded.problem()).toBeNull()
    expect(events.at(-1)).toMatchObject({ type: 'restarted' })
    await sql`update answers set value = 'after' where id = 1`.execute(db)
    await db.destroy()
  }, 120_000)

  it('tells a full disk (under one WAL segment free) and a read-only one from a healthy one, for /api/health', () => {
    const dataDir = path.join(disk.path, 'data')
    expect(checkStorage(dataDir)).toBeNull()
    disk.fill(8 * 1024 * 1024)
    expect(checkStorage(dataDir)).toEqual({ code: 'STORAGE_FULL', folder: dataDir, reason: `the disk holding ${dataDir} is full (no space left on device)` })
    disk.free()
    disk.setReadOnly(true)
    expect(checkStorage(dataDir)).toEqual({ code: 'STORAGE_READ_ONLY', folder: dataDir, reason: `${dataDir} is on a read-only file system` })
    disk.setReadOnly(false)
    expect(checkStorage(dataDir)).toBeNull()
  })

  it.each([
    ['full', (d: SmallDisk) => d.fill(0), 'is full (no space left on device)'],
    ['read-only', (d: SmallDisk) => d.setReadOnly(true), 'is on a read-only file system'],
  ])(
    'refuses to start on a %s disk with a message naming the folder and the cause',
    async (_label, breakDisk, cause) => {
      const dataDir = path.join(disk.path, 'data')
      embedded = await startEmbedded({ dataDir })
      await embedded.stop()
      embedded = null
      breakDisk(disk)
      for (const folder of [dataDir, path.join(disk.path, 'new')]) {
        const error = await startEmbedded({ dataDir: folder }).then(
          () => null,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(EmbeddedStartError)
        expect((error as Error).message).toBe(
          `the embedded database in ${folder} cannot start: ${cause.startsWith('is full') ? `the disk holding ${folder} ${cause}` : `${folder} ${cause}`}`,
        )
      }
      disk.setReadOnly(false)
    },
    60_000,
  )
})
