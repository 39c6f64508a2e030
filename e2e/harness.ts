import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { cp, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { serverCommand } from '../scripts/server-command'

const repo = fileURLToPath(new URL('..', import.meta.url))
const START_TIMEOUT_MS = 90_000
const STOP_TIMEOUT_MS = 15_000

export interface SondeServer {
  baseUrl: string
  demoLink: string
  adminEmail: string
  adminPassword: string
  stop(): Promise<void>
  /** Stops the server process (SIGTERM) and starts it again on the same port and database; `whileDown` runs in between. */
  restart(whileDown?: () => Promise<void>): Promise<void>
}

/** Runs a build script of scripts/: the web app (apps/web/dist) or the server (apps/api/dist). */
async function build(script: 'build-web-if-needed.mjs' | 'build-server.mjs'): Promise<void> {
  const child = spawn(process.execPath, [join(repo, 'scripts', script)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`${script} failed (exit code ${code}):\n${output}`)
}

/**
 * Starts the real server as `pnpm start` runs it (built, `node apps/api/dist/server.mjs`) on a free port with a fresh embedded
 * database, and resolves once it has printed its address, the admin login and the demo link.
 */
export async function startServer(): Promise<SondeServer> {
  await build('build-web-if-needed.mjs')
  await build('build-server.mjs')
  const { command, args } = serverCommand()
  const dataDir = await mkdtemp(join(tmpdir(), 'sonde-e2e-'))
  const template = await startedDataDir()
  if (template.ready) await cp(template.path, dataDir, { recursive: true })
  const adminEmail = 'admin@example.org'
  const adminPassword = 'e2e-Admin-password-2025'
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SONDE_DATA_DIR: dataDir,
    SONDE_ADMIN_EMAIL: adminEmail,
    SONDE_ADMIN_PASSWORD: adminPassword,
    NO_COLOR: '1',
  }
  // The tests need the embedded database and the address the server picks itself, and the
  // server as `pnpm start` runs it (not with Vitest's NODE_ENV=test).
  delete env.DATABASE_URL
  delete env.SONDE_BASE_URL
  delete env.NODE_ENV

  let stdout = ''
  let stderr = ''
  /** Spawns the server and resolves once it has printed its three lines. */
  const launch = async (port: string) => {
    const child = spawn(command, args, {
      cwd: repo,
      env: { ...env, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stop() reaches anything it starts.
      detached: true,
    })
    stdout = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const lines = await new Promise<{ baseUrl: string; demoLink: string; adminEmail: string }>((resolve, reject) => {
      const found: { baseUrl?: string; demoLink?: string; adminEmail?: string } = {}
      const timer = setTimeout(() => reject(new Error(`the server did not print its address within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS)
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        // Whole lines only: a chunk can end in the middle of the link.
        found.baseUrl ??= /^Address: (\S+)\r?\n/m.exec(stdout)?.[1]
        found.adminEmail ??= /^Admin login: (\S+).*\r?\n/m.exec(stdout)?.[1]
        found.demoLink ??= /^Demo invitation link: (\S+)\r?\n/m.exec(stdout)?.[1]
        if (found.baseUrl && found.adminEmail && found.demoLink) {
          clearTimeout(timer)
          resolve({ baseUrl: found.baseUrl, demoLink: found.demoLink, adminEmail: found.adminEmail })
        }
      })
      child.on('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      // 'close' rather than 'exit': by then everything the server wrote to stderr has been read.
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`the server exited before it was ready (${signal ?? `exit code ${code}`})`))
      })
    }).catch(async (error: unknown) => {
      await stopProcess(child)
      throw error
    })
    return { child, lines }
  }

  let current: ChildProcess | undefined
  const stop = async () => {
    if (current) await stopProcess(current)
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    let { child, lines } = await launch('0')
    if (!template.ready) {
      // The first start in a fresh folder: kept, stopped, for the next servers to start from.
      await stopProcess(child)
      await keepAsStartedDataDir(dataDir, template.path)
      ;({ child, lines } = await launch('0'))
    }
    current = child
    const baseUrl = lines.baseUrl.replace(/\/$/, '')
    return {
      baseUrl,
      demoLink: lines.demoLink,
      adminEmail: lines.adminEmail,
      adminPassword,
      stop,
      async restart(whileDown?: () => Promise<void>) {
        await stopProcess(current!)
        await whileDown?.()
        current = (await launch(new URL(baseUrl).port)).child
      },
    }
  } catch (error) {
    await stop()
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`${reason}\n--- server stdout ---\n${stdout}\n--- server stderr ---\n${stderr}`)
  }
}

/**
 * A data folder as the server's first start leaves it (migrated; admin, demo wave and organisations
 * created), for this build of the server: each test file's server starts from a copy of it — its
 * own database, as fresh as a first start — in 4 s instead of 7. The first server of a build (and
 * of a day) makes it: a real first start, with its migrations and demo set-up.
 */
async function startedDataDir(): Promise<{ path: string; ready: boolean }> {
  const dist = join(repo, 'apps', 'api', 'dist')
  // Today's date too: a folder never serves for long, whatever a first start may come to write.
  const hash = createHash('sha256').update(new Date().toISOString().slice(0, 10))
  for (const file of ['server.mjs', ...(await readdir(join(dist, 'migrations'))).sort().map((name) => join('migrations', name))]) {
    hash.update(file).update(await readFile(join(dist, file)))
  }
  const path = join(tmpdir(), `sonde-e2e-started-${hash.digest('hex').slice(0, 16)}`)
  const ready = await stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  )
  return { path, ready }
}

/** Copies a stopped server's data folder to `template`, under another name first (a reader never sees half of it). */
async function keepAsStartedDataDir(dataDir: string, template: string): Promise<void> {
  // Those of earlier builds go (40 MB each); one made within the hour may be another run's.
  for (const name of await readdir(tmpdir())) {
    const path = join(tmpdir(), name)
    if (!name.startsWith('sonde-e2e-started-') || path === template) continue
    const made = await stat(path).then(
      (found) => found.mtimeMs,
      () => Date.now(),
    )
    if (made < Date.now() - 3_600_000) await rm(path, { recursive: true, force: true })
  }
  const partial = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`
  await cp(dataDir, partial, { recursive: true })
  await rename(partial, template).catch(() => rm(partial, { recursive: true, force: true }))
}

/** SIGTERM to the server's process group (graceful close), SIGKILL if it is still there later. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const pid = child.pid
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal)
    } catch {
      // Already gone.
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  signalGroup('SIGTERM')
  const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

/** The system Chromium, headless, with the background chatter that would reach Google turned off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  })
}

/**
 * Records every request the page makes to a host other than the server's (fonts, CDNs, trackers…).
 * `data:` and `blob:` URLs never leave the browser and are not counted.
 */
export function recordForeignRequests(page: Page, baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin
  const foreign: string[] = []
  page.on('request', (request) => {
    const url = request.url()
    if (/^(data|blob|about):/.test(url)) return
    if (new URL(url).origin !== origin) foreign.push(url)
  })
  return foreign
}

/** Console errors in which the browser reports a Content-Security-Policy refusal (an inline script…). */
export function recordCspViolations(page: Page): string[] {
  const violations: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  return violations
}

let axeSource: string | undefined

/**
 * The WCAG 2.1 A and AA rules that axe-core finds broken on the page as it is now, one line per
 * rule. Automated checks find only part of the problems; an empty list is a floor, not an audit.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(axeSource)
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<AxeResults> } }).axe
    return axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })
  })
  return results.violations.map(
    (violation) => `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  )
}

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[]
}
