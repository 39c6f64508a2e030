import { describe, expect, it } from 'vitest'
import { forEachJsonMember, jsonValue } from './json-members'

/** The object rebuilt from the members the scanner finds, each value decoded by `jsonValue`. */
function rebuild(text: string): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  forEachJsonMember(text, (key, start, end) => {
    object[key] = jsonValue(text, start, end)
  })
  return object
}

/** PostgreSQL's own way of writing a jsonb: a space after each `:` and `,`. */
const pgStyle = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(pgStyle).join(', ')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.entries(value)
          .map(([k, v]) => `${JSON.stringify(k)}: ${pgStyle(v)}`)
          .join(', ')}}`
      : JSON.stringify(value)

describe('forEachJsonMember and jsonValue', () => {
  it.each<[string, string]>([
    ['an empty object', '{}'],
    ['numbers of every form', '{"a": 0, "b": -1.5, "c": 1.50, "d": 1e3, "e": 12345678901234567890, "f": -0.0}'],
    ['strings with escapes', String.raw`{"a": "dit \"oui\"", "b": "a\\b", "c": "ligne\nsuivante", "d": "\u00e9t\u00e9", "e": "}{][,:"}`],
    ['an escaped key', String.raw`{"cl\u00e9": 1, "a\"b": 2}`],
    ['literals', '{"a": true, "b": false, "c": null}'],
    ['nested values with brackets inside strings', '{"m": {"r1": ["x", "y]"], "r2": {"c": "}"}}, "l": [[1, 2], [], {}], "z": 3}'],
    ['emoji and right-to-left text', '{"a": "🌱 مرحبا — שלום", "b": "\\ud83c\\udf31"}'],
    ['blanks everywhere', ' \n{ "a" :\t1 ,\r\n "b" : [ 1 , 2 ] } '],
  ])('gives back exactly what JSON.parse gives for %s', (_label, text) => {
    expect(rebuild(text)).toStrictEqual(JSON.parse(text))
  })

  it('agrees with JSON.parse on thousands of random answers written the way PostgreSQL writes them', () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    const pieces = ['a', 'é', '"', '\\', '\n', '{', '}', '[', ']', ',', ':', ' ', '🌱', '\u0001', '=', 'x']
    const text = () => Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('')
    const value = (depth: number): unknown => {
      const kind = Math.floor(random() * (depth > 2 ? 4 : 6))
      if (kind === 0) return Math.round((random() - 0.5) * 1e6) / (random() < 0.5 ? 1 : 100)
      if (kind === 1) return text()
      if (kind === 2) return random() < 0.5
      if (kind === 3) return null
      if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [text(), value(depth + 1)]))
    }
    for (let i = 0; i < 2000; i++) {
      const answers = Object.fromEntries(Array.from({ length: Math.floor(random() * 10) }, (_, j) => [`q${j}_${text()}`, value(0)]))
      for (const written of [pgStyle(answers), JSON.stringify(answers)]) expect(rebuild(written), written).toStrictEqual(JSON.parse(written))
    }
  })

  it('refuses what is not a JSON object', () => {
    for (const text of ['[1, 2]', '"a"', '', '{"a": "unterminated']) expect(() => rebuild(text), text).toThrow(SyntaxError)
  })
})
