import type { AnswerConflict, AnswerConflictDetails, PatchAnswersResult, RespondentView } from '@sonde/contracts'
import { UNACKNOWLEDGED_SAVES_MAX } from '@sonde/contracts/rules'
import { ApiError, NetworkError, isRetryable, requestJson } from '../../api/http'
import { newUuid } from '../new-uuid'
import { readPending, writePending } from './pending-store'
import { normaliseAnswer, sameAnswer } from './values'

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'offline' }
  | { kind: 'retrying' }
  | { kind: 'rejected'; code: string }
  | { kind: 'readonly' }

export interface SyncSnapshot {
  state: SaveState
  conflicts: AnswerConflict[]
  readOnly: boolean
  /** Answers changed in this browser and not yet acknowledged by the server. */
  pendingCount: number
  /** How many unsent answers `restore()` found in this browser (from an earlier visit). */
  restoredCount: number
}

/** Why `flush()` could not bring the server up to date. */
export type FlushOutcome = 'ok' | 'conflicts' | 'readonly' | 'failed'

/** The survey side of the sync: reading a value, and writing one without it counting as an edit. */
export interface AnswerTarget {
  getValue(name: string): unknown
  applyRemote(name: string, value: unknown): void
}

export interface AnswerSyncOptions {
  token: string
  revision: number
  answers: Record<string, unknown>
  target: AnswerTarget
  storage?: Storage
  debounceMs?: number
  /**
   * Keys whose conflicts settle themselves in the colleague's favour, without asking (the
   * confirmations of unusual values: the answer they confirm has its own conflict, and a value
   * left unconfirmed shows its warning again).
   */
  yieldsToColleague?: (name: string) => boolean
}

type SendOutcome = 'nothing' | 'saved' | 'conflict' | 'readonly' | 'retry' | 'rejected' | 'busy'

const MAX_BACKOFF_MS = 30_000
const REQUEST_TIMEOUT_MS = 30_000
const OFFLINE_RETRY_MS = 10_000

/**
 * Autosave of one invitation's answers, independent of React and SurveyJS.
 *
 * Every edit lands in `pending` (and in localStorage) at once, and is sent after a quiet period as
 * `PATCH /api/r/{token}/answers { baseRevision, answers }`. One request at a time; what changes
 * during a request is sent by the next one. A 200 gives the answers changed since the base revision
 * (`reply: 'changes'`; or the whole merged set): questions that are not pending here take the
 * server's value, so a colleague's answers appear. A 409 ANSWER_CONFLICT
 * writes nothing: the conflicting questions wait for the person's choice, the others are re-sent
 * against the new revision. Network errors and 5xx are retried with exponential backoff (and at
 * once when the browser comes back online); nothing pending is ever dropped.
 *
 * Each request carries a new `saveId`. A request that got no answer at all (lost connection,
 * timeout) may still have landed: its id is kept (with the pending answers, in localStorage) and
 * named in `unacknowledged` by the next requests until one is answered, so that the server counts
 * what it changed as this browser's own, never as a colleague's conflicting answer.
 */
export class AnswerSync {
  private readonly token: string
  private readonly target: AnswerTarget
  private readonly storage: Storage | undefined
  private readonly debounceMs: number
  private readonly yieldsToColleague: (name: string) => boolean
  private revision: number
  private serverAnswers: Record<string, unknown>
  private readonly pending = new Map<string, unknown>()
  private readonly conflicts = new Map<string, AnswerConflict>()
  private inFlight: Promise<SendOutcome> | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private failures = 0
  private readOnly = false
  private state: SaveState = { kind: 'idle' }
  private snapshot: SyncSnapshot
  private readonly listeners = new Set<() => void>()
  private started = false
  private restoredCount = 0
  private unacknowledged: string[] = []

  constructor(options: AnswerSyncOptions) {
    this.token = options.token
    this.target = options.target
    this.storage = options.storage
    this.debounceMs = options.debounceMs ?? 600
    this.yieldsToColleague = options.yieldsToColleague ?? (() => false)
    this.revision = options.revision
    this.serverAnswers = { ...options.answers }
    this.snapshot = this.makeSnapshot()
  }

  /**
   * Puts back what this browser had not sent yet (after a reload or a night offline) on top of the
   * server's answers, and returns whether there was anything.
   */
  restore(): boolean {
    const stored = readPending(this.storage, this.token)
    if (!stored) return false
    // Edits made against an older revision keep that base, so a colleague's newer answer to the
    // same question surfaces as a conflict instead of being overwritten.
    this.revision = Math.min(this.revision, stored.baseRevision)
    this.unacknowledged = stored.unacknowledged ?? []
    for (const [name, value] of Object.entries(stored.answers)) {
      this.pending.set(name, normaliseAnswer(value))
      this.target.applyRemote(name, normaliseAnswer(value) ?? undefined)
    }
    for (const conflict of stored.conflicts) {
      this.conflicts.set(conflict.name, conflict)
      this.target.applyRemote(conflict.name, normaliseAnswer(conflict.yours) ?? undefined)
    }
    this.restoredCount = this.pending.size + this.conflicts.size
    this.emit()
    return this.restoredCount > 0
  }

  /** Starts sending (what was restored, at once) and listening to the connection. */
  start(): void {
    if (this.started) return
    this.started = true
    window.addEventListener('online', this.handleOnline)
    window.addEventListener('offline', this.handleOffline)
    if (this.pending.size > 0) this.schedule(0)
  }

  dispose(): void {
    this.started = false
    window.removeEventListener('online', this.handleOnline)
    window.removeEventListener('offline', this.handleOffline)
    this.clearTimer()
  }

  /** The person changed an answer (SurveyJS `onValueChanged`). */
  change(name: string, value: unknown): void {
    const conflict = this.conflicts.get(name)
    if (conflict) {
      // Still typing when the conflict arrived is not a choice: the person may not have seen the
      // colleague's answer yet. Their answer is updated and the choice still waits for them.
      this.conflicts.set(name, { ...conflict, yours: normaliseAnswer(value) })
      this.persist()
      this.emit()
      return
    }
    this.pending.set(name, normaliseAnswer(value))
    this.persist()
    if (this.readOnly) return
    if (!navigator.onLine) {
      // The 'online' event sends it; until then say plainly where the answer is. A later try
      // too, in case the browser is wrong about being offline.
      this.setState({ kind: 'offline' })
      this.schedule(OFFLINE_RETRY_MS)
      return
    }
    if (this.failures === 0) this.setState({ kind: 'saving' })
    else this.emit()
    this.schedule(this.debounceMs)
  }

  /** Conflict resolution: send my answer again, against the revision that has the colleague's. */
  keepMine(name: string): void {
    const conflict = this.conflicts.get(name)
    if (!conflict) return
    this.conflicts.delete(name)
    this.pending.set(name, normaliseAnswer(conflict.yours))
    this.persist()
    this.setState({ kind: 'saving' })
    this.schedule(0)
  }

  /** Conflict resolution: drop my answer and show the colleague's. */
  takeTheirs(name: string): void {
    const conflict = this.conflicts.get(name)
    if (!conflict) return
    this.conflicts.delete(name)
    this.serverAnswers[name] = conflict.theirs
    this.target.applyRemote(name, normaliseAnswer(conflict.theirs) ?? undefined)
    this.persist()
    if (this.pending.size === 0 && this.state.kind === 'saving') this.setState({ kind: 'idle' })
    this.emit()
  }

  /** The revision the server gave last (what a submission must name). */
  get currentRevision(): number {
    return this.revision
  }

  /**
   * Sends everything pending now and waits until the server has it (before a submission).
   * Does not wait through a long outage: a failed attempt returns 'failed' and keeps retrying
   * in the background.
   */
  async flush(): Promise<FlushOutcome> {
    this.clearTimer()
    for (let round = 0; round < 20; round += 1) {
      if (this.inFlight) {
        await this.inFlight
        continue
      }
      if (this.readOnly) return 'readonly'
      if (this.pending.size === 0) return this.conflicts.size > 0 ? 'conflicts' : 'ok'
      this.clearTimer()
      const outcome = await this.send()
      if (outcome === 'retry' || outcome === 'rejected') return 'failed'
    }
    return 'failed'
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): SyncSnapshot => this.snapshot

  private handleOnline = (): void => {
    this.failures = 0
    if (this.pending.size > 0 && !this.readOnly) this.schedule(0)
  }

  private handleOffline = (): void => {
    if (this.pending.size > 0 && !this.readOnly) this.setState({ kind: 'offline' })
  }

  private schedule(delay: number): void {
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.send()
    }, delay)
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private send(): Promise<SendOutcome> {
    if (this.inFlight) return Promise.resolve('busy')
    if (this.readOnly) return Promise.resolve('readonly')
    if (this.pending.size === 0) return Promise.resolve('nothing')
    const request = this.sendBatch().then((outcome) => {
      this.inFlight = null
      // Edits made while the request was on its way: send them without waiting for another edit.
      if (outcome === 'saved' && this.started && this.timer === undefined && this.pending.size > 0) {
        this.schedule(this.debounceMs)
      }
      return outcome
    })
    this.inFlight = request
    return request
  }

  private async sendBatch(): Promise<SendOutcome> {
    const batch = new Map(this.pending)
    const saveId = newUuid()
    // While retrying, keep saying "offline" rather than flickering to "saving" at each attempt.
    if (this.failures === 0) this.setState({ kind: 'saving' })
    try {
      const result = await requestJson<PatchAnswersResult>('PATCH', `/api/r/${encodeURIComponent(this.token)}/answers`, {
        body: {
          baseRevision: this.revision,
          answers: Object.fromEntries(batch),
          saveId,
          reply: 'changes',
          ...(this.unacknowledged.length > 0 ? { unacknowledged: [...this.unacknowledged] } : {}),
        },
        timeoutMs: REQUEST_TIMEOUT_MS,
      })
      this.failures = 0
      this.revision = result.revision
      this.unacknowledged = []
      for (const [name, sent] of batch) {
        if (this.pending.has(name) && sameAnswer(this.pending.get(name), sent)) this.pending.delete(name)
      }
      if ('answers' in result) this.applyServerAnswers(result.answers)
      else this.applyServerChanges(result.changes)
      this.persist()
      this.setState(this.pending.size > 0 ? { kind: 'saving' } : { kind: 'saved', at: new Date() })
      return 'saved'
    } catch (error) {
      // No answer at all: the save may have landed. An error answer says this one did not (and
      // nothing of the earlier ones), a conflict brings a revision that holds them all.
      if (error instanceof NetworkError) {
        this.unacknowledged = [...this.unacknowledged, saveId].slice(-UNACKNOWLEDGED_SAVES_MAX)
        this.persist()
      } else if (error instanceof ApiError && error.code === 'ANSWER_CONFLICT') this.unacknowledged = []
      return this.handleSendError(error, batch)
    }
  }

  private handleSendError(error: unknown, batch: Map<string, unknown>): SendOutcome {
    if (error instanceof ApiError && error.code === 'ANSWER_CONFLICT') {
      this.failures = 0
      this.takeConflicts(error.details, batch)
      return 'conflict'
    }
    if (error instanceof ApiError && error.code === 'WAVE_NOT_OPEN') {
      this.readOnly = true
      this.persist()
      this.setState({ kind: 'readonly' })
      return 'readonly'
    }
    if (isRetryable(error)) {
      this.failures += 1
      const offline = error instanceof NetworkError || !navigator.onLine
      this.setState(offline ? { kind: 'offline' } : { kind: 'retrying' })
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.failures - 1))
      this.schedule(backoff * (0.75 + Math.random() * 0.5))
      return 'retry'
    }
    // A definite refusal (400 and the like): retrying the same body would fail the same way.
    // The answers stay pending and in storage; the next edit tries again.
    this.setState({ kind: 'rejected', code: error instanceof ApiError ? error.code : 'UNKNOWN' })
    return 'rejected'
  }

  private takeConflicts(details: unknown, batch: Map<string, unknown>): void {
    const parsed = details as Partial<AnswerConflictDetails> | undefined
    const conflicts = Array.isArray(parsed?.conflicts) ? parsed.conflicts : []
    if (typeof parsed?.revision === 'number') this.revision = parsed.revision
    for (const conflict of conflicts) {
      const yours = this.pending.has(conflict.name) ? this.pending.get(conflict.name) : batch.get(conflict.name)
      this.pending.delete(conflict.name)
      this.serverAnswers[conflict.name] = conflict.theirs
      // The same answer on both sides (often our own earlier save whose acknowledgement was lost):
      // nothing to decide.
      if (sameAnswer(yours, conflict.theirs)) continue
      if (this.yieldsToColleague(conflict.name)) {
        this.target.applyRemote(conflict.name, normaliseAnswer(conflict.theirs) ?? undefined)
        continue
      }
      this.conflicts.set(conflict.name, { name: conflict.name, yours: normaliseAnswer(yours), theirs: conflict.theirs })
    }
    this.persist()
    if (this.pending.size > 0) {
      // The other edits did not conflict: send them against the new revision.
      this.setState({ kind: 'saving' })
      this.schedule(0)
    } else {
      this.setState(this.conflicts.size > 0 ? { kind: 'idle' } : { kind: 'saved', at: new Date() })
      void this.refresh()
    }
  }

  /** Nothing left to send after a conflict: fetch the colleague's other answers anyway. */
  private async refresh(): Promise<void> {
    try {
      const view = await requestJson<RespondentView>('GET', `/api/r/${encodeURIComponent(this.token)}`, {
        timeoutMs: REQUEST_TIMEOUT_MS,
      })
      if (this.pending.size > 0 || this.inFlight) return
      this.revision = view.response.revision
      this.applyServerAnswers(view.response.answers)
    } catch {
      // The next save brings the merged answers anyway.
    }
  }

  private applyServerAnswers(answers: Record<string, unknown>): void {
    const names = new Set([...Object.keys(answers), ...Object.keys(this.serverAnswers)])
    for (const name of names) {
      if (this.pending.has(name) || this.conflicts.has(name)) continue
      const value = answers[name]
      if (!sameAnswer(this.target.getValue(name), value)) {
        this.target.applyRemote(name, normaliseAnswer(value) ?? undefined)
      }
    }
    this.serverAnswers = { ...answers }
  }

  /** The answers changed since the save's base revision (null: cleared), on top of those known. */
  private applyServerChanges(changes: Record<string, unknown>): void {
    const answers = { ...this.serverAnswers }
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete answers[name]
      else answers[name] = value
    }
    this.applyServerAnswers(answers)
  }

  private persist(): void {
    writePending(this.storage, this.token, {
      baseRevision: this.revision,
      answers: Object.fromEntries(this.pending),
      conflicts: [...this.conflicts.values()],
      ...(this.unacknowledged.length > 0 ? { unacknowledged: this.unacknowledged } : {}),
    })
  }

  private setState(state: SaveState): void {
    this.state = this.readOnly ? { kind: 'readonly' } : state
    this.emit()
  }

  private emit(): void {
    this.snapshot = this.makeSnapshot()
    for (const listener of this.listeners) listener()
  }

  private makeSnapshot(): SyncSnapshot {
    return {
      state: this.state,
      conflicts: [...this.conflicts.values()],
      readOnly: this.readOnly,
      pendingCount: this.pending.size,
      restoredCount: this.restoredCount,
    }
  }
}
