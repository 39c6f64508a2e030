#!/usr/bin/env node
// Builds apps/web with Vite only when its sources (or the contracts it imports) changed since the
// last build: `pnpm start` and the e2e tests call this before starting the server. Plain Node, no
// dependency, no pnpm needed: it runs the web app's own apps/web/node_modules/.bin/vite.
import { spawn } from 'node:child_process'
import console from 'node:console'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const web = join(repo, 'apps', 'web')
const stamp = join(web, 'dist', '.build-stamp')
const sources = [web, join(repo, 'packages', 'contracts', 'src'), join(repo, 'packages', 'survey', 'src', 'html-policy.ts')]
const skipped = new Set(['dist', 'node_modules'])

/** The newest modification time of a file, or under a folder, skipping build output and dependencies. */
function newestMtime(dir) {
  if (statSync(dir).isFile()) return statSync(dir).mtimeMs
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipped.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function staleReason() {
  if (!existsSync(stamp)) return 'no previous build'
  const built = statSync(stamp).mtimeMs
  for (const dir of sources) {
    if (existsSync(dir) && newestMtime(dir) > built) return `${relative(repo, dir)} changed`
  }
  return null
}

const reason = process.argv.includes('--force') ? 'forced' : staleReason()
if (!reason) {
  console.log('web: build is up to date')
  process.exit(0)
}

const vite = join(repo, 'apps', 'web', 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite')
if (!existsSync(vite)) {
  console.error(`web: ${relative(repo, vite)} is missing; install the dependencies first (pnpm install)`)
  process.exit(1)
}
console.log(`web: building (${reason})`)
const started = Date.now()
/**
 * One `vite build`: the staff and public pages first (into an emptied dist/), then the
 * respondent's page on its own (`SONDE_WEB_PAGE=respondent`, see apps/web/vite.config.ts).
 */
function viteBuild(page) {
  return new Promise((resolve) => {
    const child = spawn(vite, ['build', '--config', join('apps', 'web', 'vite.config.ts')], {
      cwd: repo,
      // Always the production build of React and friends, even when called from a test runner
      // (Vitest sets NODE_ENV=test, which Vite would pass on to the bundled dependencies).
      env: { ...process.env, NODE_ENV: 'production', SONDE_WEB_PAGE: page },
      stdio: 'inherit',
      shell: process.platform === 'win32',
    })
    child.on('error', (error) => {
      console.error(`web: could not run vite: ${error.message}`)
      process.exit(1)
    })
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        console.error(`web: vite build failed (${signal ?? `exit code ${code}`})`)
        process.exit(code || 1)
      }
      resolve()
    })
  })
}

await viteBuild('')
await viteBuild('respondent')
writeFileSync(stamp, `${new Date().toISOString()}\n`)
console.log(`web: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
