import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { jsonSchemaFiles } from './write-json-schemas'

const files = await jsonSchemaFiles()

describe('committed JSON Schemas', () => {
  it.each(files)('$path is the one generated from the zod schema (npx tsx scripts/write-json-schemas.ts)', ({ path, text }) => {
    expect(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')).toBe(text)
  })
})
