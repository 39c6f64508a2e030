import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorTable } from './errors'

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')

describe('the README error table', () => {
  it.each(Object.entries(errorTable))('lists %s with its HTTP status', (code, { status }) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`))
    expect(row, `README.md has no row for ${code}`).toBeDefined()
    expect(row).toContain(`| ${status} |`)
  })

  it('lists no code the API does not have', () => {
    const listed = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| \d{3} \|/gm)].map((m) => m[1])
    expect(listed.sort()).toEqual(Object.keys(errorTable).sort())
  })
})
