import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbedded } from './embedded'
import { createDb, type Db } from './connection'
import { migrateToLatest, migrationsFolder } from './migrate'

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
  const embedded = await startEmbedded({ dataDir: 'memory://', from: await migratedTemplate() })
  const db = createDb(embedded.url, 4)
  // Already migrated: this only checks that nothing is left to run.
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

/**
 * An embedded database with every migration run, as a data folder tarball: made once for the
 * migrations' content (their files hashed) and kept in the temporary folder, where every test
 * file of every worker starts from it — a copy loads in a fraction of the 3–5 s that running the
 * migrations takes on PGlite. Written under another name and renamed, so that a worker never reads
 * a half-written one.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash('sha256')
  for (const file of readdirSync(migrationsFolder).sort()) hash.update(file).update(readFileSync(path.join(migrationsFolder, file)))
  const file = path.join(tmpdir(), `sonde-test-template-${hash.digest('hex').slice(0, 16)}.tar`)
  if (existsSync(file)) return new Blob([readFileSync(file)])
  const embedded = await startEmbedded({ dataDir: 'memory://' })
  try {
    const db = createDb(embedded.url, 1)
    await migrateToLatest(db)
    await db.destroy()
    const dump = await embedded.dump()
    // Those of earlier migrations go (40 MB each); one made within the hour may be another run's.
    for (const name of readdirSync(tmpdir())) {
      const other = path.join(tmpdir(), name)
      if (!name.startsWith('sonde-test-template-') || other === file) continue
      try {
        if (statSync(other).mtimeMs < Date.now() - 3_600_000) rmSync(other, { force: true })
      } catch {
        // Gone already: another worker cleared it.
      }
    }
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    renameSync(partial, file)
    return dump
  } finally {
    await embedded.stop()
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
