import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbedded } from './embedded'
import { createDb, type Db } from './connection'
import { migrateToLatest } from './migrate'

export interface TestDatabase {
  url: string
  /** Kysely on the test database, for factories and assertions. */
  db: Db
  engine: 'embedded' | 'postgres'
  drop(): Promise<void>
}

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server
 * named by TEST_DATABASE_URL, or else a new in-memory embedded database (PGlite).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const name = `sonde_test_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(serverUrl)
    url.pathname = `/${name}`
    const db = createDb(url.toString())
    await migrateToLatest(db)
    return {
      url: url.toString(),
      db,
      engine: 'postgres',
      async drop() {
        await db.destroy()
        const client = new pg.Client({ connectionString: serverUrl })
        await client.connect()
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await client.end()
      },
    }
  }
  const embedded = await startEmbedded({ dataDir: 'memory://' })
  const db = createDb(embedded.url, 4)
  await migrateToLatest(db)
  return {
    url: embedded.url,
    db,
    engine: 'embedded',
    async drop() {
      await db.destroy()
      await embedded.stop()
    },
  }
}

export interface SmallDisk {
  /** The mount point: a fresh, empty file system of its own. */
  path: string
  /** Fills the disk with a ballast file until only `leaveBytes` are free. */
  fill(leaveBytes?: number): void
  /** Deletes the ballast: the space comes back. */
  free(): void
  /** Remounts the disk read-only, or writable again (refused while a file is open for writing). */
  setReadOnly(readOnly: boolean): void
  unmount(): void
}

/**
 * A real small file system (tmpfs of `sizeMiB`) for tests of a full or read-only disk, or null
 * when this process may not mount one (only root may: CI runs as root). Nothing is simulated:
 * the kernel answers ENOSPC and EROFS as it would on a real full or read-only disk.
 */
export function mountSmallDisk(sizeMiB: number): SmallDisk | null {
  if (process.getuid?.() !== 0) return null
  const mountPoint = mkdtempSync(path.join(tmpdir(), 'sonde-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0755`, 'tmpfs', mountPoint], { stdio: 'pipe' })
  } catch {
    rmSync(mountPoint, { recursive: true, force: true })
    return null
  }
  const ballast = path.join(mountPoint, 'ballast')
  return {
    path: mountPoint,
    fill(leaveBytes = 0) {
      const disk = statfsSync(mountPoint)
      let left = disk.bavail * disk.bsize - leaveBytes
      const chunk = Buffer.alloc(1024 * 1024, 1)
      const fd = openSync(ballast, 'a')
      try {
        while (left > 0) left -= writeSync(fd, chunk, 0, Math.min(chunk.length, left))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
      } finally {
        closeSync(fd)
      }
    },
    free: () => rmSync(ballast, { force: true }),
    setReadOnly: (readOnly) => execFileSync('mount', ['-o', `remount,${readOnly ? 'ro' : 'rw'}`, mountPoint], { stdio: 'pipe' }),
    unmount() {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' })
      rmSync(mountPoint, { recursive: true, force: true })
    },
  }
}
