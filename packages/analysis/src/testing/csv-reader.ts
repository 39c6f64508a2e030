// A CSV reader for the tests, written apart from Sonde's CSV writer so that the tests do not
// trust the code they test.

/** An RFC 4180 reader (quoted fields, doubled quotes, CRLF records); throws on a malformed file. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let wasQuoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') {
      if (field !== '' || wasQuoted) throw new Error(`stray quote at ${i}`)
      quoted = true
      wasQuoted = true
    } else if (c === delimiter) {
      row.push(field)
      field = ''
      wasQuoted = false
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      wasQuoted = false
      i++
    } else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`)
    else field += c
  }
  if (quoted || field !== '' || row.length > 0) throw new Error('last record unterminated')
  return rows
}

/** Records as objects keyed by the header, each record checked to have as many fields as the header. */
export function table(text: string, delimiter = ','): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''), delimiter)
  return rows.map((row, i) => {
    if (row.length !== header!.length) throw new Error(`record ${i + 1} has ${row.length} fields, the header ${header!.length}`)
    return Object.fromEntries(header!.map((name, j) => [name, row[j]!]))
  })
}
