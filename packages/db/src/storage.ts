import { accessSync, constants, existsSync, statfsSync } from 'node:fs'
import path from 'node:path'

/** The two ways a disk stops taking writes, as the API names them (503 with that code). */
export type StorageCode = 'STORAGE_FULL' | 'STORAGE_READ_ONLY'

export interface StorageProblem {
  code: StorageCode
  /** The folder whose disk has the problem, or null for a PostgreSQL server's own disk. */
  folder: string | null
  /** One sentence for people: what is wrong with which disk. */
  reason: string
}

/**
 * Below this much free space the embedded database is treated as full: PostgreSQL writes its
 * write-ahead log in 16 MiB segments and stops (PANIC) when it cannot create the next one, so a
 * disk with less than one segment left is about to refuse every write.
 */
export const storageReserveBytes = 16 * 1024 * 1024

const fullErrnos = new Set(['ENOSPC', 'EDQUOT'])
const readOnlyErrnos = new Set(['EROFS'])

/**
 * The storage problem an error reports, or null. PostgreSQL answers SQLSTATE 53100 (disk_full)
 * when a write finds no space and 25006 (read_only_sql_transaction) when the server takes no
 * writes (a standby, or `default_transaction_read_only`); on a read-only file system it reports
 * the failed file access as 42501 with the system's text "Read-only file system" (PostgreSQL's
 * errcode_for_file_access). Node's own file errors carry the errno (ENOSPC, EDQUOT, EROFS).
 */
export function storageCodeOf(error: unknown): StorageCode | null {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string') {
    if (code === '53100' || fullErrnos.has(code)) return 'STORAGE_FULL'
    if (code === '25006' || readOnlyErrnos.has(code)) return 'STORAGE_READ_ONLY'
  }
  if (typeof message === 'string') {
    if (/No space left on device|Disk quota exceeded/i.test(message)) return 'STORAGE_FULL'
    if (/Read-only file system/i.test(message)) return 'STORAGE_READ_ONLY'
  }
  return null
}

/** The sentence people read for a storage problem of `folder` (null: the database server's own disk). */
export function storageReason(code: StorageCode, folder: string | null): string {
  if (folder === null) {
    return code === 'STORAGE_FULL'
      ? 'the database server has no space left on its disk (SQLSTATE 53100)'
      : 'the database server takes no writes: it is read-only (SQLSTATE 25006)'
  }
  return code === 'STORAGE_FULL' ? `the disk holding ${folder} is full (no space left on device)` : `${folder} is on a read-only file system`
}

/**
 * Whether the disk holding `folder` (or, when it does not exist yet, its nearest existing parent)
 * can take the embedded database's writes now: read-only when the folder cannot be written
 * (EROFS — a read-only mount, whatever the user), full when less than `storageReserveBytes` are
 * free for this user (statfs `bavail`). Null when all is well or the folder cannot be examined (it
 * is then not a disk problem this check can name). Two system calls: cheap enough for every
 * health check.
 */
export function checkStorage(folder: string): StorageProblem | null {
  let probe = path.resolve(folder)
  while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe)
  try {
    accessSync(probe, constants.W_OK)
  } catch (error) {
    if (storageCodeOf(error) === 'STORAGE_READ_ONLY') return { code: 'STORAGE_READ_ONLY', folder, reason: storageReason('STORAGE_READ_ONLY', folder) }
    return null
  }
  try {
    const disk = statfsSync(probe)
    if (disk.bavail * disk.bsize < storageReserveBytes) return { code: 'STORAGE_FULL', folder, reason: storageReason('STORAGE_FULL', folder) }
  } catch {
    return null
  }
  return null
}
