const QUOTE = 34
const BACKSLASH = 92
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const COMMA = 44
const COLON = 58

const isBlank = (c: number) => c === 32 || c === 10 || c === 13 || c === 9

/** The index just after the string starting at `start` (its opening quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1
  for (;;) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) return i + 1
    if (c === BACKSLASH) i += 2
    else if (Number.isNaN(c)) throw new SyntaxError('unterminated string in JSON')
    else i++
  }
}

/** The index just after the JSON value starting at `start`. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start)
  if (first === QUOTE) return stringEnd(text, start)
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0
    let i = start
    for (;;) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) {
        i = stringEnd(text, i)
        continue
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--
        if (depth === 0) return i + 1
      } else if (Number.isNaN(c)) throw new SyntaxError('unterminated value in JSON')
      i++
    }
  }
  let i = start
  for (;;) {
    const c = text.charCodeAt(i)
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isBlank(c) || Number.isNaN(c)) return i
    i++
  }
}

/**
 * Calls `member(key, start, end)` for each member of the JSON object `text` (the text of a
 * PostgreSQL `jsonb`, so well-formed), in order, with the bounds of its value's text — without
 * building the object: a reader can then decode only the values it needs (`jsonValue`).
 */
export function forEachJsonMember(text: string, member: (key: string, start: number, end: number) => void): void {
  let i = 0
  while (isBlank(text.charCodeAt(i))) i++
  if (text.charCodeAt(i) !== OPEN_BRACE) throw new SyntaxError('not a JSON object')
  i++
  for (;;) {
    while (isBlank(text.charCodeAt(i))) i++
    const c = text.charCodeAt(i)
    if (c === CLOSE_BRACE) return
    if (c === COMMA) {
      i++
      continue
    }
    if (c !== QUOTE) throw new SyntaxError(`unexpected character at ${i} in JSON`)
    const keyEnd = stringEnd(text, i)
    const raw = text.slice(i + 1, keyEnd - 1)
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw
    i = keyEnd
    while (isBlank(text.charCodeAt(i))) i++
    if (text.charCodeAt(i) !== COLON) throw new SyntaxError(`expected ':' at ${i} in JSON`)
    i++
    while (isBlank(text.charCodeAt(i))) i++
    const end = valueEnd(text, i)
    member(key, i, end)
    i = end
  }
}

/** The value of the JSON text `text.slice(start, end)`, as `JSON.parse` gives it, taking shortcuts for plain strings and numbers. */
export function jsonValue(text: string, start: number, end: number): unknown {
  const first = text.charCodeAt(start)
  if (first === QUOTE) {
    const inner = text.slice(start + 1, end - 1)
    return inner.includes('\\') ? JSON.parse(text.slice(start, end)) : inner
  }
  if ((first >= 48 && first <= 57) || first === 45) {
    const number = Number(text.slice(start, end))
    if (!Number.isNaN(number)) return number
  }
  return JSON.parse(text.slice(start, end))
}
