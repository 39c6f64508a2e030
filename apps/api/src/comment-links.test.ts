import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// A comment that sends the reader to a file must send them somewhere: every repository path a
// comment cites (`packages/analysis/src/export/csv.ts`, `docs/indicators.md`, `routes/*/index.ts`
// with a wildcard) and every Markdown file it names (`README.md`) exists. Build output
// (`dist/`) is left out: it exists only after a build.

const root = fileURLToPath(new URL('../../..', import.meta.url))
const SCANNED = ['apps', 'packages', 'bench', 'e2e', 'scripts', 'migrations']
const SKIPPED = new Set(['node_modules', 'dist', 'public'])
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) return []
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return SOURCE.test(entry.name) ? [full] : []
  })
}

/** The text of every comment of a file, with its line, found through the parser (never inside a string or a regex). */
function commentsOf(file: string): { line: number; text: string }[] {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const seen = new Map<number, { line: number; text: string }>()
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) {
      if (!seen.has(range.pos)) seen.set(range.pos, { line: source.getLineAndCharacterOfPosition(range.pos).line + 1, text: text.slice(range.pos, range.end) })
    }
  }
  // The comments before a node, and those after it up to the next token (before a closing brace).
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.pos))
    collect(ts.getLeadingCommentRanges(text, node.end))
    collect(ts.getTrailingCommentRanges(text, node.end))
    ts.forEachChild(node, visit)
  }
  visit(source)
  return [...seen.values()]
}

// A path starting at a top folder of the repository (not in the middle of another path or a URL).
const REPOSITORY_PATH = /(?<![\w./@:-])((?:apps|packages|bench|e2e|scripts|migrations|docs|shared)\/[\w.*@/-]*[\w*])/g
const MARKDOWN_FILE = /(?<![\w./@:-])([\w-]+\.md)\b/g

/** Whether a path exists, a `*` standing for any one name. */
function exists(relativePath: string): boolean {
  let candidates = [root]
  for (const part of relativePath.split('/')) {
    if (!part.includes('*')) {
      candidates = candidates.map((dir) => path.join(dir, part)).filter((candidate) => existsSync(candidate))
      continue
    }
    const pattern = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`)
    candidates = candidates.flatMap((dir) => {
      try {
        return readdirSync(dir)
          .filter((name) => pattern.test(name))
          .map((name) => path.join(dir, name))
      } catch {
        return []
      }
    })
  }
  return candidates.length > 0
}

describe('comments', () => {
  it('cite only files and folders that exist in the repository', () => {
    const broken: string[] = []
    const rootFiles = readdirSync(root).filter((name) => SOURCE.test(name))
    for (const file of [...rootFiles.map((name) => path.join(root, name)), ...SCANNED.flatMap((dir) => sourceFiles(path.join(root, dir)))]) {
      for (const comment of commentsOf(file)) {
        const cited = [
          ...[...comment.text.matchAll(REPOSITORY_PATH)].map((match) => match[1]!.replace(/\.$/, '')),
          ...[...comment.text.matchAll(MARKDOWN_FILE)].map((match) => (existsSync(path.join(root, 'docs', match[1]!)) ? `docs/${match[1]}` : match[1]!)),
        ]
        for (const cite of cited) {
          if (cite.split('/').includes('dist')) continue
          if (!exists(cite)) broken.push(`${path.relative(root, file)}:${comment.line}: ${cite}`)
        }
      }
    }
    expect(broken).toEqual([])
  }, 60_000)
})
