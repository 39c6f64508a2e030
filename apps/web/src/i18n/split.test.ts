import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { en } from './en'
import { enStaff } from './en-staff'
import { fr } from './fr'
import { frStaff } from './fr-staff'

const src = fileURLToPath(new URL('..', import.meta.url))

/** The source files of the pages that do not load the staff texts (respondent, open link, public results) and what they share. */
function publicSources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) return walk(full)
      return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : []
    })
  return ['respondent', 'open-link', 'public', 'layout', 'api', 'waves', 'survey', 'format'].flatMap((dir) => walk(path.join(src, dir)))
}

describe('the texts the respondent and open-link pages carry', () => {
  it('hold every key those pages use, so that the staff texts can stay out of them', () => {
    const used = new Set<string>()
    const prefixes = new Set<string>()
    for (const file of publicSources()) {
      const code = readFileSync(file, 'utf8')
      for (const [, key] of code.matchAll(/'([a-z][A-Za-z]*\.[A-Za-z.]+)'/g)) if (key! in fr || key! in frStaff) used.add(key!)
      for (const [, prefix] of code.matchAll(/t\(`([a-zA-Z.]+)\$\{/g)) prefixes.add(prefix!)
    }
    expect([...used].filter((key) => !(key in fr))).toEqual([])
    for (const prefix of prefixes)
      expect(
        Object.keys(frStaff).filter((key) => key.startsWith(prefix)),
        prefix,
      ).toEqual([])
    expect(used.size).toBeGreaterThan(50)
  })

  it('are split the same way in both languages, without a key in two places', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort())
    expect(Object.keys(enStaff).sort()).toEqual(Object.keys(frStaff).sort())
    expect(Object.keys(fr).filter((key) => key in frStaff)).toEqual([])
  })
})
