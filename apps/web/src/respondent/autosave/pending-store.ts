import type { AnswerConflict } from '@sonde/contracts'
import { UNACKNOWLEDGED_SAVES_MAX } from '@sonde/contracts/rules'

/**
 * What is not yet on the server, kept in this browser so that a closed tab, a reload or a lost
 * connection never loses an answer. `baseRevision` is the server revision these edits were made
 * against: re-sending with it lets the server detect a colleague's change in the meantime.
 */
export interface PendingEntry {
  baseRevision: number
  answers: Record<string, unknown>
  conflicts: AnswerConflict[]
  /** Ids of saves sent from here that got no answer: they may have landed (answer-sync.ts). */
  unacknowledged?: string[]
}

const keyFor = (token: string) => `sonde.pending.${token}`

export function readPending(storage: Storage | undefined, token: string): PendingEntry | undefined {
  if (!storage) return undefined
  try {
    const raw = storage.getItem(keyFor(token))
    if (!raw) return undefined
    const parsed = JSON.parse(raw) as Partial<PendingEntry>
    if (typeof parsed.baseRevision !== 'number' || typeof parsed.answers !== 'object' || parsed.answers === null) {
      return undefined
    }
    return {
      baseRevision: parsed.baseRevision,
      answers: parsed.answers,
      conflicts: Array.isArray(parsed.conflicts) ? parsed.conflicts : [],
      unacknowledged: Array.isArray(parsed.unacknowledged)
        ? parsed.unacknowledged.filter((id): id is string => typeof id === 'string').slice(-UNACKNOWLEDGED_SAVES_MAX)
        : [],
    }
  } catch {
    return undefined
  }
}

export function writePending(storage: Storage | undefined, token: string, entry: PendingEntry): void {
  if (!storage) return
  try {
    if (Object.keys(entry.answers).length === 0 && entry.conflicts.length === 0) {
      storage.removeItem(keyFor(token))
    } else {
      storage.setItem(keyFor(token), JSON.stringify(entry))
    }
  } catch {
    // Quota exceeded or storage disabled: the answers still live in the page and are retried from there.
  }
}
