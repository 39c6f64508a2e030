export type Parsed =
  | { ok: true; definition: Record<string, unknown> }
  | { ok: false; reason: 'syntax'; line: number; column: number; message: string }
  | { ok: false; reason: 'notObject' }

/**
 * Where JSON text stops being JSON (an offset), found by walking the grammar: browsers' own
 * JSON.parse messages do not all give a position, and "line 12, column 5" is what a person
 * editing a questionnaire needs.
 */
function errorOffset(text: string): number {
  let i = 0
  const fail = (): never => {
    throw i
  }
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail()
  }
  const string = () => {
    i++ // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i)
      if (c < 0x20) fail()
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail()
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail()
      }
      i++
    }
    if (i >= text.length) fail()
    i++ // closing quote
  }
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (!match) fail()
    i += match![0].length
  }
  const value = (): void => {
    space()
    const c = text[i]
    if (c === '{') {
      i++
      space()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        space()
        if (text[i] !== '"') fail()
        string()
        space()
        if (text[i] !== ':') fail()
        i++
        value()
        space()
        if (text[i] === ',') i++
        else if (text[i] === '}') {
          i++
          return
        } else fail()
      }
    } else if (c === '[') {
      i++
      space()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        space()
        if (text[i] === ',') i++
        else if (text[i] === ']') {
          i++
          return
        } else fail()
      }
    } else if (c === '"') string()
    else if (c === 't') literal('true')
    else if (c === 'f') literal('false')
    else if (c === 'n') literal('null')
    else number()
  }
  try {
    value()
    space()
    if (i < text.length) fail()
  } catch (offset) {
    if (typeof offset === 'number') return offset
    throw offset
  }
  return i
}

/** The editor's text as a questionnaire object, or where it stops being JSON. */
export function parseDefinition(text: string): Parsed {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const before = text.slice(0, errorOffset(text)).split('\n')
    return {
      ok: false,
      reason: 'syntax',
      line: before.length,
      column: (before.at(-1)?.length ?? 0) + 1,
      message: error instanceof Error ? error.message : String(error),
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'notObject' }
  return { ok: true, definition: value as Record<string, unknown> }
}
