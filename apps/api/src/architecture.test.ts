import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The layering the code keeps (issue 10), read from the sources themselves:
//  - the API's routes stand side by side: a route folder imports no other route folder, and only
//    app.ts (which registers them) imports a route;
//  - every HTTP shape of a route comes from @sonde/contracts: routes import no zod;
//  - only packages/db reads the database's snake_case columns, and only packages/db and
//    packages/analysis write SQL.
// Tests are left out: their fixtures may set up rows directly.

const root = fileURLToPath(new URL('../../..', import.meta.url))
const apiSource = path.join(root, 'apps/api/src')
const routesDir = path.join(apiSource, 'routes')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
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

const relative = (file: string) => path.relative(root, file)
const where = (source: ts.SourceFile, node: ts.Node) => `${relative(source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`

/** Every `import … from` and `export … from` of a file, with whether it brings values or only types. */
function importsOf(file: string): { specifier: string; typeOnly: boolean; node: ts.Node }[] {
  const source = parse(file)
  const found: { specifier: string; typeOnly: boolean; node: ts.Node }[] = []
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)))
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly, node: statement })
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly, node: statement })
    }
  }
  return found
}

/** The route folder (`routes/<feature>`) a file is in, or null. */
function routeFolderOf(file: string): string | null {
  const inRoutes = path.relative(routesDir, file)
  return inRoutes.startsWith('..') ? null : inRoutes.split(path.sep)[0]!
}

describe('the API’s routes stand side by side on one floor', () => {
  it('no route folder imports another route folder', () => {
    const crossings: string[] = []
    for (const file of sourceFiles(routesDir)) {
      const own = routeFolderOf(file)
      for (const { specifier, node } of importsOf(file)) {
        if (!specifier.startsWith('.')) continue
        const target = routeFolderOf(path.resolve(path.dirname(file), specifier))
        if (target !== null && target !== own) crossings.push(`${where(parse(file), node)} imports routes/${target}`)
      }
    }
    expect(crossings).toEqual([])
  })

  it('only app.ts imports a route: shared code lives outside the route folders', () => {
    const intoRoutes: string[] = []
    for (const file of sourceFiles(apiSource)) {
      if (routeFolderOf(file) !== null || relative(file) === 'apps/api/src/app.ts') continue
      for (const { specifier, node } of importsOf(file)) {
        if (specifier.startsWith('.') && routeFolderOf(path.resolve(path.dirname(file), specifier)) !== null) {
          intoRoutes.push(`${where(parse(file), node)} imports ${specifier}`)
        }
      }
    }
    expect(intoRoutes).toEqual([])
  })

  it('routes declare no HTTP shape of their own: they import no zod, only @sonde/contracts', () => {
    const local = sourceFiles(routesDir).flatMap((file) =>
      importsOf(file)
        .filter(({ specifier }) => specifier === 'zod' || specifier.startsWith('zod/'))
        .map(({ node }) => where(parse(file), node)),
    )
    expect(local).toEqual([])
  })
})

/** Source folders where the database must not show through. */
const appSources = ['apps/api/src', 'apps/web/src', 'packages/contracts/src', 'packages/survey/src'].flatMap((dir) => sourceFiles(path.join(root, dir)))

const snakeCase = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/
const queryBuilders = new Set(['selectFrom', 'selectNoFrom', 'insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto'])

describe('only packages/db speaks the database’s language', () => {
  it('no snake_case column is read outside packages/db (read a contract shape or a db mapper instead)', () => {
    const reads: string[] = []
    for (const file of appSources) {
      const source = parse(file)
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAccessExpression(node) && snakeCase.test(node.name.text)) {
          reads.push(`${where(source, node)} .${node.name.text}`)
        } else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression) && snakeCase.test(node.argumentExpression.text)) {
          reads.push(`${where(source, node)} ['${node.argumentExpression.text}']`)
        } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
          const name = node.propertyName ?? node.name
          if ((ts.isIdentifier(name) || ts.isStringLiteral(name)) && snakeCase.test(name.text)) reads.push(`${where(source, node)} { ${name.text} }`)
        }
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
    expect(reads).toEqual([])
  })

  it('no SQL outside packages/db and packages/analysis: no Kysely value, no query builder call', () => {
    const sql: string[] = []
    for (const file of appSources) {
      const source = parse(file)
      for (const { specifier, typeOnly, node } of importsOf(file)) {
        if ((specifier === 'kysely' || specifier === 'pg') && !typeOnly) sql.push(`${where(source, node)} imports ${specifier}`)
      }
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && queryBuilders.has(node.expression.name.text)) {
          sql.push(`${where(source, node)} .${node.expression.name.text}(…)`)
        }
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
    expect(sql).toEqual([])
  })
})
