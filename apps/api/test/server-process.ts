import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { serverCommand } from '../../../scripts/server-command'

const repo = fileURLToPath(new URL('../../..', import.meta.url))

/** Sonde as `pnpm start` runs it (the bundle of apps/api/dist, one process), for fault tests. */
export interface ServerProcess {
  child: ChildProcess
  baseUrl: string
  demoLink: string
  exited: Promise<number | null>
  /** Everything it printed so far (standard output and error: the start-up lines and the log). */
  output(): string
}

function spawnServer(env: NodeJS.ProcessEnv) {
  const { command, args } = serverCommand()
  const child = spawn(command, args, {
    cwd: repo,
    env: { ...process.env, PORT: '0', SONDE_LOG_LEVEL: 'warn', SONDE_ADMIN_PASSWORD: 'admin password 123', ...env },
    detached: true,
  })
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)))
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  return { child, exited, output: () => out }
}

/** Starts the server (with its demo wave) and resolves once it prints its address and demo link. */
export function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const { child, exited, output } = spawnServer(env)
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 120_000)
    child.stdout!.on('data', () => {
      const baseUrl = /^Address: (\S+)/m.exec(output())?.[1]
      const demoLink = /^Demo invitation link: (\S+)/m.exec(output())?.[1]
      if (baseUrl && demoLink) {
        clearTimeout(timer)
        resolve({ child, baseUrl, demoLink, exited, output })
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}) before it started:\n${output()}`))
    })
  })
}

/** Starts the server expecting it to refuse to start: resolves with its exit code and what it printed. */
export async function failedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const { child, exited, output } = spawnServer(env)
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000)
  const code = await exited
  clearTimeout(timer)
  return { code, output: output() }
}

/** Sends a signal to the server's whole process group. */
export const signal = (server: ServerProcess, name: NodeJS.Signals) => process.kill(-server.child.pid!, name)
