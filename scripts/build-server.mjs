#!/usr/bin/env node
// Bundles the API server and the CLI into apps/api/dist (plain JavaScript for Node 20), so that
// `pnpm start` and the Docker image run compiled code rather than TypeScript through tsx, which
// costs about 100 MB of memory. Rebuilt only when a source changed. Packages that load files
// next to their code (PGlite's WebAssembly) or native code (argon2) stay outside the bundle and are
// resolved from apps/api's own dependencies.
import console from 'node:console'
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const api = join(repo, 'apps', 'api')
const out = join(api, 'dist')
// The questionnaire and submission checks run in a worker thread, loaded from lint-worker.mjs beside the server.
const entries = {
  server: join(api, 'src', 'server.ts'),
  cli: join(api, 'src', 'cli.ts'),
  'lint-worker': join(api, 'src', 'checks', 'lint-worker.ts'),
}
// The lockfile too: the bundle holds most dependencies, so an update of one means a new bundle.
const sources = [join(api, 'src'), join(repo, 'packages'), join(repo, 'migrations'), join(repo, 'pnpm-lock.yaml'), join(repo, 'scripts', 'build-server.mjs')]
const external = ['@electric-sql/pglite', '@electric-sql/pglite-socket', '@node-rs/argon2', 'pg-native']

function newestMtime(path) {
  const stat = statSync(path)
  if (stat.isFile()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.endsWith('.test.ts')) continue
    newest = Math.max(newest, newestMtime(join(path, entry.name)))
  }
  return newest
}

const built = Object.keys(entries).map((name) => join(out, `${name}.mjs`))
const oldest = Math.min(...built.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)))
if (!process.argv.includes('--force') && oldest > 0 && sources.every((dir) => newestMtime(dir) <= oldest)) {
  console.log('api: build is up to date')
  process.exit(0)
}

const started = Date.now()
rmSync(out, { recursive: true, force: true })
// esbuild is a dependency of apps/api (pnpm does not link it at the root).
const { build } = createRequire(join(api, 'package.json'))('esbuild')
await build({
  absWorkingDir: api,
  entryPoints: entries,
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // Bundled CommonJS packages call require(): give the ES module bundle one.
  banner: { js: "import { createRequire as __sondeCreateRequire } from 'node:module'; const require = __sondeCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'linked',
})
// The migrations, one module each (the migrator lists the folder), next to the bundle.
const migrations = join(repo, 'migrations')
await build({
  absWorkingDir: api,
  entryPoints: readdirSync(migrations)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(migrations, file)),
  outdir: join(out, 'migrations'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
})
console.log(`api: built ${built.map((file) => relative(repo, file)).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
