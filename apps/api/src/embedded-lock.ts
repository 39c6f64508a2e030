import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { EmbeddedStartError, checkStorage, storageCodeOf, storageReason } from '@sonde/db'

interface LockContent {
  pid: number
  /** The URL (a Unix socket in the private data folder) the holder serves the database on, if it serves it. */
  url: string | null
}

const lockFileOf = (dataDir: string) => `${path.resolve(dataDir)}.pid`

/** The live process holding the embedded database folder, if any, and where it serves it. */
export function dataDirHolder(dataDir: string): LockContent | null {
  const lockFile = lockFileOf(dataDir)
  if (!existsSync(lockFile)) return null
  let content: LockContent
  try {
    content = JSON.parse(readFileSync(lockFile, 'utf8')) as LockContent
  } catch {
    return null
  }
  return Number.isInteger(content.pid) && content.pid !== process.pid && isAlive(content.pid) ? content : null
}

/**
 * PGlite has no lock of its own: two processes opening one data folder would corrupt it.
 * The holder writes `<dataDir>.pid` (its pid and, for the server, the URL it serves the database
 * on, so that the CLI can work through it), readable by its own user only; a second process sees
 * a live pid. A disk that cannot take the file (full, read-only) is named as such.
 */
export function lockDataDir(dataDir: string): { unlock(): void; publish(url: string): void } {
  const lockFile = lockFileOf(dataDir)
  const write = (url: string | null) => {
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, url } satisfies LockContent), { mode: 0o600 })
    // A file left by an earlier version keeps its mode through writeFileSync.
    chmodSync(lockFile, 0o600)
  }
  try {
    mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 })
    const holder = dataDirHolder(dataDir)
    if (holder) {
      throw new Error(`the embedded database in ${dataDir} is in use by process ${holder.pid}; stop it first, or set DATABASE_URL`)
    }
    write(null)
  } catch (error) {
    // Node reports a folder it cannot create on a read-only disk as ENOENT: ask the disk.
    const code = storageCodeOf(error) ?? (existsSync(path.dirname(lockFile)) ? null : checkStorage(dataDir)?.code)
    if (!code) throw error
    const folder = path.resolve(dataDir)
    throw new EmbeddedStartError(`the embedded database in ${folder} cannot start: ${storageReason(code, folder)}`, {
      code,
      folder,
      reason: storageReason(code, folder),
    })
  }
  return { unlock: () => rmSync(lockFile, { force: true }), publish: write }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  return !isZombie(pid)
}

/**
 * A killed process whose parent died too stays a zombie until PID 1 reaps it, and some
 * containers' PID 1 never does: it answers signal 0 but holds nothing. Linux only; elsewhere false.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}
