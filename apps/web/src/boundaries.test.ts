import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// What keeps the web app's shape: its pages are siblings that share folders but never each other's
// code, every HTTP shape comes from @sonde/contracts, and the public pages take from it nothing but
// types and the plain rules of rules.ts (a schema would bring zod into them; vite.config.ts lets the
// build leave the rest of the package out). Read from the sources with TypeScript's parser.

const src = fileURLToPath(new URL('.', import.meta.url))
const web = path.dirname(src)
const contractsSrc = fileURLToPath(new URL('../../../packages/contracts/src', import.meta.url))
const contractRules = path.join(contractsSrc, 'rules.ts')
const CONTRACTS = '@sonde/contracts'

/** The pages anyone opens without a staff login (member organisations, the public observatory): their weight is budgeted. */
const PUBLIC_ENTRIES = ['respondent', 'open-link', 'public']

/** The functions that send a request to the API: their type argument is the shape of its answer. */
const REQUESTS = new Set(['requestJson', 'useResource', 'useApi'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })
}

const parsed = new Map<string, ts.SourceFile>()
function parse(file: string): ts.SourceFile {
  let source = parsed.get(file)
  if (!source) {
    source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    parsed.set(file, source)
  }
  return source
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node)
  ts.forEachChild(node, (child) => visit(child, each))
}

interface Import {
  specifier: string
  /** The names of values it brings (not types), `*` for a namespace or a default import, `(module)` for a bare one. */
  values: string[]
}

function importsOf(file: string): Import[] {
  const imports: Import[] = []
  visit(parse(file), (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const bindings = clause?.namedBindings
      const values: string[] = []
      if (!clause) values.push('(module)')
      else if (!clause.isTypeOnly) {
        if (clause.name) values.push('*')
        if (bindings && ts.isNamespaceImport(bindings)) values.push('*')
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) if (!element.isTypeOnly) values.push((element.propertyName ?? element.name).text)
        }
      }
      imports.push({ specifier: node.moduleSpecifier.text, values })
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause
      const values = node.isTypeOnly
        ? []
        : clause && ts.isNamedExports(clause)
          ? clause.elements.filter((element) => !element.isTypeOnly).map((element) => (element.propertyName ?? element.name).text)
          : ['*']
      imports.push({ specifier: node.moduleSpecifier.text, values })
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments
      if (argument && ts.isStringLiteral(argument)) imports.push({ specifier: argument.text, values: ['*'] })
    }
  })
  return imports
}

/** The file a relative import names (`./x` → `./x.ts`, `./x.tsx` or `./x/index.ts`), or null for a package. */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null
  const base = path.resolve(path.dirname(from), specifier)
  const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')].find(
    (candidate) => existsSync(candidate) && !candidate.endsWith(path.sep) && /\.[a-z]+$/.test(candidate),
  )
  if (!found) throw new Error(`${path.relative(web, from)}: cannot resolve ${specifier}`)
  return found
}

/** The top folder of `file` under src/ (`admin`, `survey`…), '' for a file directly in src/. */
function areaOf(file: string): string {
  const [first, ...rest] = path.relative(src, file).split(path.sep)
  return rest.length > 0 ? first! : ''
}

/** The page entries, as the HTML pages load them (`/src/<entry>/main.tsx`). */
function entries(): string[] {
  return readdirSync(web)
    .filter((name) => name.endsWith('.html'))
    .flatMap((page) => [...readFileSync(path.join(web, page), 'utf8').matchAll(/src="\/src\/([^/"]+)\/main\.tsx"/g)].map((match) => match[1]!))
}

/** The names `files` export, with the type of each `…Schema` (`WaveSchema` → `Wave`). */
function exportedNames(files: string[]): Set<string> {
  const names = new Set<string>()
  for (const file of files) {
    if (file.endsWith('.test.ts')) continue
    for (const statement of parse(file).statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
      if (!exported) continue
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text)
      } else if (
        (ts.isTypeAliasDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isFunctionDeclaration(statement) ||
          ts.isEnumDeclaration(statement)) &&
        statement.name
      ) {
        names.add(statement.name.text)
      }
    }
  }
  for (const name of [...names]) if (name.endsWith('Schema')) names.add(name.slice(0, -'Schema'.length))
  return names
}

/** The names `file` imports from @sonde/contracts (local names, after `as`), and its namespace imports of it. */
function contractImports(source: ts.SourceFile): Set<string> {
  const local = new Set<string>()
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== CONTRACTS) continue
    const bindings = statement.importClause?.namedBindings
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) local.add(element.name.text)
    if (bindings && ts.isNamespaceImport(bindings)) local.add(bindings.name.text)
  }
  return local
}

/** The type parameters in scope at `node` (`T` inside `function useApi<T>`). */
function typeParametersAt(node: ts.Node): Set<string> {
  const names = new Set<string>()
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isFunctionLike(current) || ts.isClassLike(current) || ts.isInterfaceDeclaration(current) || ts.isTypeAliasDeclaration(current)) {
      for (const parameter of current.typeParameters ?? []) names.add(parameter.name.text)
    }
  }
  return names
}

/** Whether a request's type argument is a shape of @sonde/contracts (or says no body is read). */
function fromContracts(type: ts.TypeNode, imported: Set<string>, inScope: Set<string>): boolean {
  if (type.kind === ts.SyntaxKind.UnknownKeyword || type.kind === ts.SyntaxKind.VoidKeyword) return true
  if (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword) return true
  if (ts.isArrayTypeNode(type)) return fromContracts(type.elementType, imported, inScope)
  if (!ts.isTypeReferenceNode(type) || type.typeArguments) return false
  const name = type.typeName
  if (ts.isIdentifier(name)) return imported.has(name.text) || inScope.has(name.text)
  return ts.isIdentifier(name.left) && imported.has(name.left.text)
}

const where = (source: ts.SourceFile, node: ts.Node) =>
  `${path.relative(web, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`

describe('the web entries', () => {
  const pages = entries()

  it('are the five pages', () => {
    expect(pages.sort()).toEqual(['admin', 'open-link', 'public', 'research', 'respondent'])
  })

  it('never import from one another, and the shared folders import none of them', () => {
    const crossings: string[] = []
    for (const file of sourceFiles(src)) {
      const from = areaOf(file)
      for (const { specifier } of importsOf(file)) {
        const target = resolve(file, specifier)
        if (!target) continue
        const to = areaOf(target)
        if (pages.includes(to) && to !== from) crossings.push(`${path.relative(web, file)} imports ${path.relative(web, target)}`)
      }
    }
    expect(crossings).toEqual([])
  })

  it.each(PUBLIC_ENTRIES)('%s takes only types and plain rules from @sonde/contracts, in every file it loads, so that zod stays out of it', (entry) => {
    const rules = exportedNames([contractRules])
    const schemas: string[] = []
    const seen = new Set<string>()
    const queue = [path.join(src, entry, 'main.tsx')]
    for (let file = queue.pop(); file; file = queue.pop()) {
      if (seen.has(file) || !/\.tsx?$/.test(file)) continue
      seen.add(file)
      for (const { specifier, values } of importsOf(file)) {
        if (specifier.startsWith(CONTRACTS)) {
          const plainRules = specifier === CONTRACTS || specifier === `${CONTRACTS}/rules`
          for (const name of values) if (!plainRules || !rules.has(name)) schemas.push(`${path.relative(web, file)} imports ${name}`)
        }
        const target = resolve(file, specifier)
        if (target) queue.push(target)
      }
    }
    expect(seen.size).toBeGreaterThan(entry === 'respondent' ? 40 : 5)
    expect(schemas).toEqual([])
  })

  it('can take the plain rules of @sonde/contracts: rules.ts imports nothing', () => {
    expect(importsOf(contractRules)).toEqual([])
    expect(exportedNames([contractRules])).toContain('isEmailAddress')
  })
})

describe('the shapes of the API in the web app', () => {
  const contracts = exportedNames(sourceFiles(contractsSrc))
  const files = sourceFiles(src)

  it('finds the contracts and the web sources', () => {
    expect(contracts).toContain('RespondentView')
    expect(contracts).toContain('Wave')
    expect(files.length).toBeGreaterThan(100)
  })

  it('declares no type or interface named like a contract', () => {
    const mirrors: string[] = []
    for (const file of files) {
      const source = parse(file)
      visit(source, (node) => {
        if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && contracts.has(node.name.text)) {
          mirrors.push(`${where(source, node)} declares ${node.name.text}`)
        }
      })
    }
    expect(mirrors).toEqual([])
  })

  it('names a type of @sonde/contracts as the answer of every request', () => {
    const unnamed: string[] = []
    for (const file of files) {
      const source = parse(file)
      const imported = contractImports(source)
      visit(source, (node) => {
        if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || !REQUESTS.has(node.expression.text)) return
        const [type] = node.typeArguments ?? []
        if (!type) unnamed.push(`${where(source, node)} ${node.expression.text}() without a type argument`)
        else if (!fromContracts(type, imported, typeParametersAt(node))) unnamed.push(`${where(source, node)} ${node.expression.text}<${type.getText()}>`)
      })
    }
    expect(unnamed).toEqual([])
  })
})
