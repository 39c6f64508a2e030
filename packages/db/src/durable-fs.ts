import { closeSync, fsyncSync, openSync } from 'node:fs'
import { NodeFS } from '@electric-sql/pglite/nodefs'

type ModuleOptions = Parameters<NodeFS['init']>[1]

// The parts of Emscripten's NODEFS (PGlite's bridge to the host's files) that are hardened here.
interface HostStream {
  nfd?: number
  node: object
}
interface NodeFsBackend {
  stream_ops: { fsync?: (stream: HostStream) => number }
  node_ops: { mknod: (parent: object, name: string, mode: number, dev: number) => object }
  setattr: (target: unknown, node: object, attr: { mode?: number }, ...rest: unknown[]) => void
  realPath: (node: object) => string
  tryFSOperation: <T>(operation: () => T) => T
  convertNodeCode: (error: { code: string }) => number
}
interface EmscriptenModule {
  FS: { filesystems: { NODEFS: NodeFsBackend }; quit(): void }
}

const privateMode = ~0o077
// Host errors worth naming when PostgreSQL stops: they say what is wrong with the disk.
const diskErrors = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO'])

/**
 * PGlite's Node file system (`NodeFS`, Emscripten's NODEFS) made durable and private.
 *
 * - Durable: NODEFS has no `fsync`, so PostgreSQL's fsync() returns success without touching the
 *   disk (electric-sql/pglite#1107) and a power cut can lose what was acknowledged. Here fsync of a
 *   file calls the host's fsync on its descriptor, and of a folder (after a rename or a new file)
 *   opens the folder and fsyncs it. `fdatasync` never reaches a file system in Emscripten, which is
 *   why the database runs with `wal_sync_method=fsync` (embedded.ts).
 * - Private: files are created, and modes changed, without any group or other bit (PostgreSQL's own
 *   0600 files and 0700 folders), whatever modes the initial database's archive carries.
 * - Observable: the last disk error of the host (ENOSPC, EROFS…) is kept, and `onAbort` is told when
 *   PostgreSQL stops for good (a PANIC ends the WebAssembly instance: it must not be called again).
 */
export class DurableNodeFS extends NodeFS {
  /** The errno of the last disk-level failure a host file operation met (ENOSPC, EDQUOT, EROFS, EIO). */
  lastDiskError: string | null = null
  private module: EmscriptenModule | null = null

  constructor(
    dataDir: string,
    private readonly onAbort: (what: unknown) => void,
  ) {
    super(dataDir)
  }

  override async init(pg: Parameters<NodeFS['init']>[0], options: ModuleOptions) {
    const { emscriptenOpts } = await super.init(pg, options)
    const harden = (module: EmscriptenModule) => {
      this.module = module
      this.harden(module.FS.filesystems.NODEFS)
    }
    const opts = { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), harden], onAbort: this.onAbort }
    return { emscriptenOpts: opts as ModuleOptions }
  }

  /**
   * Closes the host files of an instance that cannot be closed the normal way (it stopped, or
   * never started): closing would run PostgreSQL code in a dead instance.
   */
  release(): void {
    try {
      this.module?.FS.quit()
    } catch {
      // A half-built module has nothing more to close.
    }
    this.module = null
  }

  private harden(backend: NodeFsBackend): void {
    backend.stream_ops.fsync = (stream) =>
      backend.tryFSOperation(() => {
        if (stream.nfd !== undefined) {
          fsyncSync(stream.nfd)
        } else {
          const folder = openSync(backend.realPath(stream.node), 'r')
          try {
            fsyncSync(folder)
          } finally {
            closeSync(folder)
          }
        }
        return 0
      })

    const mknod = backend.node_ops.mknod.bind(backend.node_ops)
    backend.node_ops.mknod = (parent, name, mode, dev) => mknod(parent, name, mode & privateMode, dev)
    const setattr = backend.setattr.bind(backend)
    backend.setattr = (target, node, attr, ...rest) =>
      setattr(target, node, attr.mode === undefined ? attr : { ...attr, mode: attr.mode & privateMode }, ...rest)

    const convert = backend.convertNodeCode.bind(backend)
    backend.convertNodeCode = (error) => {
      if (diskErrors.has(error.code)) this.lastDiskError = error.code
      return convert(error)
    }
  }
}
