import { builtinModules } from 'node:module'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The import boundaries of the whole repository (issue 10), read from every source file:
//  - an app imports a package by its name (`@sonde/db`), never by a path into packages/, and never
//    imports another app;
//  - a package never imports an app;
//  - packages/contracts imports no other workspace, packages/db only @sonde/contracts;
//  - every `@sonde/*` import is declared in the importing workspace's package.json, and names
//    something the package exports (its package.json `exports`): no deep import into its src/;
//  - a relative import stays inside its workspace, but for a workspace's tests, which may use the
//    repository's tools in scripts/ (how `pnpm start` runs the server);
//  - a migration imports no application code (migrations are frozen in time).
// bench/, e2e/, scripts/ and the root configs belong to no workspace: the root package.json declares
// no @sonde/* package, so they import a package by the path of a file its `exports` names (the same
// surface as by name, never deeper), and an app by any of its files (they drive and measure the app
// as a whole, as its own tests do). The workspaces import none of them.

const root = fileURLToPath(new URL('..', import.meta.url))

interface Manifest {
  name: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  exports?: Record<string, string>
}

interface Workspace {
  /** `apps/api`, `packages/db`, or `.` for the files of no workspace. */
  dir: string
  kind: 'app' | 'package' | 'root'
  manifest: Manifest
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as Manifest

const workspaces: Workspace[] = (['apps', 'packages'] as const).flatMap((top) =>
  readdirSync(path.join(root, top))
    .filter((name) => existsSync(path.join(root, top, name, 'package.json')))
    .map((name) => ({ dir: `${top}/${name}`, kind: top === 'apps' ? ('app' as const) : ('package' as const), manifest: readManifest(`${top}/${name}`) })),
)
const rootWorkspace: Workspace = { dir: '.', kind: 'root', manifest: readManifest('.') }
const byName = new Map(workspaces.map((workspace) => [workspace.manifest.name, workspace]))

/** The workspaces that `dir` may import besides @sonde/contracts: none for these two (issue 10). */
const ONLY_CONTRACTS = new Set(['packages/contracts', 'packages/db'])
const CONTRACTS = '@sonde/contracts'

/** The workspace a repository path (relative, with `/`) belongs to. */
function workspaceOf(file: string): Workspace {
  return workspaces.find((workspace) => file.startsWith(`${workspace.dir}/`)) ?? rootWorkspace
}

/** The file `exports` maps `subpath` (`.`, `./testing`) to, with `*` patterns, or undefined. */
function exported(manifest: Manifest, subpath: string): string | undefined {
  for (const [key, target] of Object.entries(manifest.exports ?? {})) {
    if (key === subpath) return target
    const star = key.indexOf('*')
    if (star >= 0 && subpath.startsWith(key.slice(0, star)) && subpath.endsWith(key.slice(star + 1))) {
      return target.replace('*', subpath.slice(star, subpath.length - (key.length - star - 1)))
    }
  }
  return undefined
}

/** The files of a workspace that importing it by name can reach: what its `exports` names. */
function entryFiles(workspace: Workspace): Set<string> {
  return new Set(Object.values(workspace.manifest.exports ?? {}).map((target) => path.posix.join(workspace.dir, target)))
}

/** A workspace's tests and their support: they may run the app as the repository's scripts/ do. */
const isTestCode = (file: string) => /^apps\/[^/]+\/test\//.test(file) || /\.test\.tsx?$/.test(file)

const builtins = new Set(builtinModules)
const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!)
const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')
const declares = (manifest: Manifest, name: string) => name in (manifest.dependencies ?? {}) || name in (manifest.devDependencies ?? {})

/** The repository file a relative specifier names, as written or with the extension it leaves out. */
function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier))
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]
  return candidates.find((candidate) => /\.[a-z]+$/.test(candidate) && existsSync(path.join(root, candidate))) ?? base
}

/** What is wrong with `from` importing `specifier`, or null. `from` is a repository path with `/`. */
function boundaryProblem(from: string, specifier: string): string | null {
  const source = workspaceOf(from)
  if (specifier.startsWith('.')) {
    const target = resolveRelative(from, specifier)
    if (target.startsWith('../')) return `${specifier} leaves the repository`
    const into = workspaceOf(target)
    if (into === source) return null
    if (from.startsWith('migrations/') && into.kind !== 'root') return `${specifier}: a migration is frozen in time and imports no application code`
    if (source.kind !== 'root') {
      if (into.kind === 'root' && isTestCode(from) && target.startsWith('scripts/')) return null
      return into.kind === 'root'
        ? `${specifier} reaches ${target}: a workspace imports nothing outside itself but packages, by name`
        : `${specifier} reaches into ${into.dir} by a path: import ${into.manifest.name} by its name`
    }
    if (into.kind === 'package' && !entryFiles(into).has(target)) {
      return `${specifier} reaches ${target}, which ${into.manifest.name} does not export (its exports: ${[...entryFiles(into)].join(', ')})`
    }
    return null
  }
  if (isBuiltin(specifier)) return null
  const name = packageName(specifier)
  const target = byName.get(name)
  if (!target) {
    // A third-party package: declared by the workspace, or by the root (the tools every test uses).
    return declares(source.manifest, name) || declares(rootWorkspace.manifest, name) ? null : `${name} is declared in no package.json on the way up`
  }
  if (target === source) return `${specifier} imports its own package by name: use a relative path`
  if (source.kind === 'root') return `${specifier}: the root declares no @sonde/* package; import the file its exports names by path`
  if (target.kind === 'app') return `${specifier}: ${source.kind === 'app' ? 'an app never imports another app' : 'a package never imports an app'}`
  if (ONLY_CONTRACTS.has(source.dir) && name !== CONTRACTS) return `${specifier}: ${source.dir} imports no workspace but ${CONTRACTS}`
  if (!declares(source.manifest, name)) return `${specifier}: ${name} is not declared in ${source.dir}/package.json`
  const subpath = `.${specifier.slice(name.length)}`
  if (exported(target.manifest, subpath) === undefined) return `${specifier}: ${name} exports no ${subpath} (deep imports are refused)`
  return null
}

/** Every module specifier of a file: imports, re-exports, dynamic imports, `import()` types, require(). */
function specifiersOf(file: string): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true)
  const found: { specifier: string; line: number }[] = []
  const add = (literal: ts.Node | undefined) => {
    if (literal && ts.isStringLiteralLike(literal))
      found.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1 })
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression)
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal)
    else if (ts.isCallExpression(node)) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0])
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/
const SKIPPED = new Set(['node_modules', 'dist', '.sonde', 'coverage', '.git'])

/** Every source file of the repository, as a repository path with `/`. */
function sourceFiles(dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name
    if (entry.isDirectory()) return SKIPPED.has(entry.name) || entry.name.startsWith('.') ? [] : sourceFiles(relative)
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : []
  })
}

describe('the import boundaries of the repository', () => {
  const files = sourceFiles()
  const graph = files.map((file) => ({ file, imports: specifiersOf(file) }))

  it('reads every source file, tests, benches and browser tests included', () => {
    expect(files.length).toBeGreaterThan(300)
    for (const dir of ['apps/api/src', 'apps/api/test', 'apps/web/src', 'packages/db/src', 'packages/contracts/src', 'bench', 'e2e', 'scripts', 'migrations']) {
      expect(files.some((file) => file.startsWith(`${dir}/`))).toBe(true)
    }
    const edges = new Set(graph.flatMap(({ file, imports }) => imports.map(({ specifier }) => `${workspaceOf(file).dir} -> ${specifier}`)))
    expect(edges).toContain('apps/api -> @sonde/db')
    expect(edges).toContain('apps/web -> @sonde/contracts')
    expect(edges).toContain('packages/db -> @sonde/contracts')
  })

  it('holds in every import of every file', () => {
    const problems = graph.flatMap(({ file, imports }) =>
      imports.flatMap(({ specifier, line }) => {
        const problem = boundaryProblem(file, specifier)
        return problem ? [`${file}:${line} ${problem}`] : []
      }),
    )
    expect(problems).toEqual([])
  })

  it('knows every workspace the rules name', () => {
    expect(workspaces.map((workspace) => workspace.dir).sort()).toEqual([
      'apps/api',
      'apps/web',
      'packages/analysis',
      'packages/contracts',
      'packages/db',
      'packages/survey',
    ])
  })

  // The rules themselves, on imports that would break them (no file is written: only paths are read).
  it.each([
    ['apps/api/src/app.ts', '../../../packages/db/src/index.ts', 'import @sonde/db by its name'],
    ['apps/web/src/api/http.ts', '@sonde/api', 'an app never imports another app'],
    ['apps/web/src/api/http.ts', '../../../api/src/app.ts', 'import @sonde/api by its name'],
    ['packages/analysis/src/index.ts', '@sonde/api', 'a package never imports an app'],
    ['packages/survey/src/index.ts', '../../../apps/web/src/api/http.ts', 'import @sonde/web by its name'],
    ['packages/db/src/index.ts', '@sonde/survey', 'packages/db imports no workspace but @sonde/contracts'],
    ['packages/contracts/src/index.ts', '@sonde/survey', 'packages/contracts imports no workspace but @sonde/contracts'],
    ['packages/contracts/src/index.ts', '@sonde/contracts', 'imports its own package by name'],
    ['apps/web/src/api/http.ts', '@sonde/db', '@sonde/db is not declared in apps/web/package.json'],
    ['apps/api/src/app.ts', '@sonde/analysis/src/index.ts', 'exports no ./src/index.ts (deep imports are refused)'],
    ['apps/api/src/app.ts', '@sonde/db/testing/extra', 'exports no ./testing/extra'],
    ['apps/api/src/app.ts', 'left-pad', 'left-pad is declared in no package.json'],
    ['packages/db/src/index.ts', '../../../bench/seed.ts', 'a workspace imports nothing outside itself'],
    ['apps/api/src/server.ts', '../../../scripts/server-command.ts', 'a workspace imports nothing outside itself'],
    ['bench/export.ts', '../packages/db/src/queries/users.ts', 'which @sonde/db does not export'],
    ['bench/export.ts', '@sonde/db', 'the root declares no @sonde/* package'],
    ['migrations/20261128220100_waves.ts', '../packages/db/src/index.ts', 'a migration is frozen in time'],
  ])('%s importing %s is refused: %s', (from, specifier, reason) => {
    expect(boundaryProblem(from, specifier)).toContain(reason)
  })

  it.each([
    ['apps/api/src/app.ts', '@sonde/db'],
    ['apps/api/src/app.ts', '@sonde/db/testing'],
    ['apps/web/src/api/http.ts', '@sonde/survey/questionnaires/2025.json'],
    ['packages/db/src/index.ts', '@sonde/contracts'],
    ['packages/db/src/index.ts', 'node:fs'],
    ['packages/analysis/src/index.ts', 'kysely'],
    ['bench/export.ts', '../packages/db/src/index.ts'],
    ['bench/export.ts', '../apps/api/src/accounts/password.ts'],
    ['e2e/harness.ts', '../scripts/server-command'],
    ['apps/api/test/server-process.ts', '../../../scripts/server-command'],
  ])('%s importing %s is allowed', (from, specifier) => {
    expect(boundaryProblem(from, specifier)).toBeNull()
  })
})
