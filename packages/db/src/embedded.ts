import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { DurableNodeFS } from './durable-fs'
import { checkStorage, storageCodeOf, storageReason, type StorageProblem } from './storage'

export interface EmbeddedDatabase {
  /** A postgres:// URL that reaches the database through a Unix socket in a private (0700) folder. */
  url: string
  /** The data folder, or null for an in-memory database. */
  dataDir: string | null
  /**
   * Why the database is stopped, while it is: PostgreSQL stopped on a disk error (full, read-only)
   * and restarts by itself once the disk takes writes again. Null while it runs.
   */
  problem(): StorageProblem | null
  /** The data folder as one tarball (PGlite's `dumpDataDir`), to start another database from it. */
  dump(): Promise<Blob>
  stop(): Promise<void>
}

/** What the embedded database reports as it stops and restarts, for the server's log. */
export type EmbeddedEvent = { type: 'stopped'; problem: StorageProblem | null; postgres: string | null } | { type: 'restarted'; afterMs: number }

/** Thrown when the embedded database cannot start: the message names the folder and the cause. */
export class EmbeddedStartError extends Error {
  constructor(
    message: string,
    readonly problem: StorageProblem | null,
  ) {
    super(message)
    this.name = 'EmbeddedStartError'
  }
}

/**
 * PGlite's start-up arguments, but durable: PGlite turns fsync off (`-F`); here PostgreSQL's own
 * defaults hold (fsync, full_page_writes and synchronous_commit on: PostgreSQL manual, "Write
 * Ahead Log" settings, which warn that fsync off risks unrecoverable corruption after a crash),
 * with the write-ahead log flushed by fsync(), the one call that reaches the disk from WebAssembly
 * (durable-fs.ts). They come after any configuration file, so no setting in the data folder can
 * turn them off.
 */
export const durableStartParams = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  ...['-c', 'fsync=on', '-c', 'full_page_writes=on', '-c', 'synchronous_commit=on', '-c', 'wal_sync_method=fsync'],
]

// pg reaches a server on a Unix socket as `<host folder>/.s.PGSQL.<port>` (5432 when no port is given).
const socketName = '.s.PGSQL.5432'
// sun_path holds 108 bytes on Linux, 104 on macOS, the final NUL included.
const maxSocketPath = 103
const restartCheckMs = 1_000
const maxRestartDelayMs = 30_000

/**
 * Starts the embedded PostgreSQL (PGlite, persisted in `dataDir`, or in memory for `memory://`)
 * and serves it so that the application talks to it through the same pg pool, Kysely queries and
 * migrations as a PostgreSQL server.
 *
 * Only Sonde's own user reaches it: it is served on a Unix socket inside the data folder, which is
 * made 0700 (files 0600, existing folders fixed at each start), as PostgreSQL keeps its own — no
 * TCP port, no password to steal (a memory database gets a private temporary folder for its
 * socket). The caller holds the folder (lockDataDir) so that a stale socket can be replaced.
 * Durable: PostgreSQL's fsync and full-page writes are on (`durableStartParams`). When PostgreSQL
 * stops on a disk error (a PANIC on a full or read-only disk ends the WebAssembly instance), every
 * connection is closed, new ones are refused with SQLSTATE 53100 (full) or 25006 (read-only) —
 * what the API answers as 503 STORAGE_FULL / STORAGE_READ_ONLY — and the database restarts by
 * itself, replaying its write-ahead log, once the disk takes writes again.
 * PGlite has a single backend: the socket server multiplexes connections and keeps a transaction's
 * statements together, so transactions are serialised, never interleaved.
 */
export async function startEmbedded(options: {
  dataDir: string
  maxConnections?: number
  onEvent?: (event: EmbeddedEvent) => void
  /** PGlite's old fsync-off start, only for bench/durability.ts to measure what durability costs: Sonde never sets it. */
  benchmarkWithoutFsync?: boolean
  /** For a `memory://` database: start from this copy of a data folder (`dump()`), as the tests start from a migrated one. */
  from?: Blob
}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir.startsWith('memory://') ? null : path.resolve(options.dataDir)
  if (dataDir) preparePrivateFolder(dataDir)
  const inDataDir = dataDir !== null && path.join(dataDir, socketName).length <= maxSocketPath
  const socketDir = inDataDir ? dataDir : mkdtempSync(path.join(tmpdir(), 'sonde-db-'))
  const startParams = options.benchmarkWithoutFsync ? PGlite.defaultStartParams : durableStartParams
  if (options.from && dataDir) throw new Error('startEmbedded: `from` is for a memory database only')
  const engine = new Engine(dataDir ?? options.dataDir, dataDir, path.join(socketDir, socketName), startParams, options.maxConnections ?? 24, options.onEvent)
  engine.from = options.from
  try {
    await engine.start()
  } catch (error) {
    if (!inDataDir) rmSync(socketDir, { recursive: true, force: true })
    throw error
  }
  return {
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&sslmode=disable`,
    dataDir,
    problem: () => engine.problem,
    dump: () => engine.dump(),
    async stop() {
      await engine.stop()
      if (!inDataDir) rmSync(socketDir, { recursive: true, force: true })
    },
  }
}

/**
 * Creates the data folder 0700 and takes group and other bits off everything already in it:
 * folders made by earlier versions, or copied in with a permissive umask, held answers and password
 * hashes that any local user could read or change.
 */
function preparePrivateFolder(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    const fix = (file: string) => {
      const stat = lstatSync(file)
      if (stat.isSymbolicLink()) return
      if ((stat.mode & 0o077) !== 0) chmodSync(file, stat.mode & 0o700)
      if (stat.isDirectory()) for (const entry of readdirSync(file)) fix(path.join(file, entry))
    }
    fix(dataDir)
  } catch (error) {
    throw startError(dataDir, error, null)
  }
}

function startError(dataDir: string | null, error: unknown, postgres: string | null): EmbeddedStartError {
  // What the failure says, else what the disk shows (Node reports a folder it cannot create on a
  // read-only disk as ENOENT).
  const code = storageCodeOf(error) ?? storageCodeOf({ message: postgres }) ?? (dataDir ? checkStorage(dataDir)?.code : null) ?? null
  const where = dataDir ?? 'memory'
  if (code) {
    const problem = { code, folder: dataDir, reason: storageReason(code, dataDir) }
    return new EmbeddedStartError(`the embedded database in ${where} cannot start: ${problem.reason}`, problem)
  }
  return new EmbeddedStartError(`the embedded database in ${where} cannot start: ${postgres ?? describe(error)}`, null)
}

// PGlite's start-up also throws plain objects (Emscripten's exit status): never `[object Object]`.
function describe(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'object' && error !== null) return JSON.stringify(error)
  return String(error)
}

/**
 * One PGlite instance at a time behind one socket path, and what to do when it dies: PGlite runs
 * PostgreSQL in a single WebAssembly instance, and a PANIC aborts that instance for good (calling
 * it again loops for ever), so a new one is started on the same folder once the disk allows.
 */
class Engine {
  problem: StorageProblem | null = null
  /** The data folder a memory database starts from (`startEmbedded`'s `from`). */
  from: Blob | undefined
  private pglite: PGlite | null = null
  private fs: DurableNodeFS | null = null
  private server: PGLiteSocketServer | null = null
  // True while an instance serves; false before the first start and while one is dead.
  private running = false
  private dead = false
  private failure = { sqlstate: '57P03', message: 'the embedded database is restarting' }
  private stopping = false
  private retry: NodeJS.Timeout | undefined
  private stoppedAt = 0
  private readonly postgresLog: string[] = []
  private readonly view: PGlite

  constructor(
    private readonly source: string,
    private readonly dataDir: string | null,
    private readonly socketPath: string,
    private readonly startParams: string[],
    private readonly maxConnections: number,
    private readonly onEvent: ((event: EmbeddedEvent) => void) | undefined,
  ) {
    this.view = this.createView()
  }

  async start(): Promise<void> {
    this.pglite = await this.open()
    this.running = true
    await this.listen()
  }

  async dump(): Promise<Blob> {
    if (!this.pglite || this.dead) throw new Error('the embedded database is not running')
    return this.pglite.dumpDataDir('none')
  }

  async stop(): Promise<void> {
    this.stopping = true
    clearTimeout(this.retry)
    await this.server?.stop()
    if (this.dead) this.fs?.release()
    else await this.pglite?.close()
    this.pglite = null
  }

  private async open(): Promise<PGlite> {
    this.postgresLog.length = 0
    const fs = this.dataDir ? new DurableNodeFS(this.dataDir, (what) => this.onAbort(what)) : null
    this.fs = fs
    try {
      const pglite = await PGlite.create({
        dataDir: fs ? undefined : this.source,
        fs: fs ?? undefined,
        loadDataDir: this.from,
        startParams: this.startParams,
        onStderr: (text) => this.remember(text),
      })
      this.dead = false
      return pglite
    } catch (error) {
      fs?.release()
      throw startError(this.dataDir, fs?.lastDiskError ? { code: fs.lastDiskError } : error, this.lastSevereLine())
    }
  }

  private async listen(): Promise<void> {
    // The caller holds the folder: a socket left here belongs to a process that is gone.
    rmSync(this.socketPath, { force: true })
    const server = new PGLiteSocketServer({ db: this.view, path: this.socketPath, maxConnections: this.maxConnections })
    await server.start()
    // Belt and braces: the folder already keeps others out; connecting needs write access to the socket.
    chmodSync(this.socketPath, 0o600)
    this.server = server
  }

  private remember(text: string): boolean {
    this.postgresLog.push(text)
    if (this.postgresLog.length > 50) this.postgresLog.shift()
    return false
  }

  private lastSevereLine(): string | null {
    const line = this.postgresLog.findLast((l) => /\b(PANIC|FATAL|ERROR):/.test(l))
    return line ? line.replace(/^.*?\b(PANIC|FATAL|ERROR):\s*/, '').trim() : null
  }

  /** Called by the instance itself, in the middle of a call, as PostgreSQL aborts. */
  private onAbort(what: unknown): void {
    // An instance that aborts while starting makes open() fail: nothing to fail over.
    if (!this.running || this.stopping) return
    this.running = false
    this.dead = true
    const postgres = this.lastSevereLine()
    const code = storageCodeOf({ code: this.fs?.lastDiskError }) ?? storageCodeOf({ message: postgres })
    this.problem = code ? { code, folder: this.dataDir, reason: storageReason(code, this.dataDir) } : null
    this.failure = this.problem
      ? {
          sqlstate: this.problem.code === 'STORAGE_FULL' ? '53100' : '25006',
          message: `the embedded database stopped: ${this.problem.reason}; it restarts once the disk takes writes again`,
        }
      : { sqlstate: '57P03', message: `the embedded database stopped (${postgres ?? String(what)}) and is restarting` }
    this.stoppedAt = Date.now()
    this.onEvent?.({ type: 'stopped', problem: this.problem, postgres })
    setImmediate(() => void this.failOver())
  }

  /**
   * Ends every session of the dead instance (a transaction must never continue on its successor),
   * keeps the socket answering with the failure, and waits for the disk.
   */
  private async failOver(): Promise<void> {
    const old = this.server
    this.server = null
    await old?.stop()
    this.fs?.release()
    this.pglite = null
    if (this.stopping) return
    await this.listen()
    this.scheduleRestart(restartCheckMs)
  }

  private scheduleRestart(delayMs: number): void {
    if (this.stopping || !this.dataDir) return
    this.retry = setTimeout(() => void this.tryRestart(delayMs), delayMs)
    this.retry.unref()
  }

  private async tryRestart(delayMs: number): Promise<void> {
    const stillBad = checkStorage(this.dataDir!)
    if (stillBad) {
      this.problem = stillBad
      this.scheduleRestart(restartCheckMs)
      return
    }
    try {
      const pglite = await this.open()
      if (this.stopping) {
        await pglite.close()
        return
      }
      this.pglite = pglite
      this.problem = null
      this.running = true
      this.onEvent?.({ type: 'restarted', afterMs: Date.now() - this.stoppedAt })
    } catch {
      this.dead = true
      this.scheduleRestart(Math.min(delayMs * 2, maxRestartDelayMs))
    }
  }

  /**
   * The database as the socket server sees it: the live instance, or, while it is dead, answers
   * that name the failure. The socket server queues each protocol message on its own and lets
   * another connection's message run whenever PGlite is not inside a transaction. A pg client
   * sends a query as Parse/Bind/Describe/Execute/Sync: if two connections interleave there, one
   * overwrites the other's unnamed statement and both get the wrong answer. The server already
   * keeps a transaction's messages together (it only serves the connection that opened it while
   * `isInTransaction()`), so this view reports a half-sent extended query as "in a transaction"
   * until its Sync — the same pinning, one level down.
   */
  private createView(): PGlite {
    let midQuery = false
    let failedQuery = false
    let served: PGlite | null = null
    const live = () => {
      const pglite = this.dead ? null : this.pglite
      // A new instance starts with no query half sent, whatever the dead one was doing.
      if (pglite !== served) {
        served = pglite
        midQuery = false
        failedQuery = false
      }
      return pglite
    }
    const view = {
      get waitReady() {
        return Promise.resolve()
      },
      isInTransaction: () => {
        const pglite = live()
        return pglite ? midQuery || pglite.isInTransaction() : false
      },
      runExclusive: <T>(fn: () => Promise<T>) => {
        const pglite = live()
        return pglite ? pglite.runExclusive(fn) : fn()
      },
      execProtocolRawStream: async (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
        const type = message[0]
        const extended = type !== undefined && extendedMessages.has(type)
        const pglite = live()
        if (!pglite) {
          const reply = failureReply(message, this.failure, failedQuery)
          failedQuery = extended
          if (reply.length > 0) options.onRawData(reply)
          return
        }
        if (type === syncMessage) midQuery = false
        else if (extended) midQuery = true
        await pglite.execProtocolRawStream(message, options)
      },
      exec: async (query: string) => {
        // Only called to roll back the transaction of a client that went away mid-way.
        midQuery = false
        const pglite = live()
        return pglite ? pglite.exec(query) : []
      },
    }
    return view as unknown as PGlite
  }
}

// Extended-protocol messages that leave a statement or portal half done until the next Sync.
const extendedMessages = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'F'].map((c) => c.charCodeAt(0)))
const syncMessage = 'S'.charCodeAt(0)
const queryMessage = 'Q'.charCodeAt(0)

/**
 * What a PostgreSQL server that cannot serve says, in the wire protocol: a FATAL error to a new
 * connection's start-up message; an error then ReadyForQuery to a query; for an extended query,
 * one error at its first message and ReadyForQuery at its Sync.
 */
function failureReply(message: Uint8Array, failure: { sqlstate: string; message: string }, errorSent: boolean): Uint8Array {
  const type = message[0]
  if (type === 0) return errorResponse('FATAL', failure)
  if (type === queryMessage) return Buffer.concat([errorResponse('ERROR', failure), readyForQuery])
  if (type === syncMessage) return readyForQuery
  if (type !== undefined && extendedMessages.has(type) && !errorSent) return errorResponse('ERROR', failure)
  return new Uint8Array(0)
}

const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5, 0x49])

function errorResponse(severity: 'ERROR' | 'FATAL', failure: { sqlstate: string; message: string }): Buffer {
  const fields = Buffer.concat(
    [
      ['S', severity],
      ['V', severity],
      ['C', failure.sqlstate],
      ['M', failure.message],
    ].map(([key, value]) => Buffer.from(`${key}${value}\0`, 'utf8')),
  )
  const body = Buffer.concat([fields, Buffer.from([0])])
  const header = Buffer.alloc(5)
  header.write('E', 0)
  header.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([header, body])
}
