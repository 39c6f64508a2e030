import { pipeline, Readable } from 'node:stream'
import { stringify, type Options } from 'csv-stringify'

export type CsvDialect = 'rfc4180' | 'excel-fr'

/** A cell before formatting: text is neutralised, numbers formatted for the dialect, null empty. */
export type CsvCell = string | number | boolean | null | undefined

// First characters that make a spreadsheet read a cell as a formula, with the full-width forms
// that Apple Numbers normalises (the list of csv-stringify's `escape_formulas`).
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])
const FORMULA_SIGNS = new Set(['=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])
// Where a spreadsheet may start a new cell inside a text: at either delimiter (a French one splits
// a comma file on `;`, an English one a semicolon file on `,`), a tab or a line break.
const CELL_BREAKS = /[,;\t\r\n]/

/**
 * Neutralises a text cell against formula injection (OWASP "CSV Injection"; ASVS 5.0 1.2.10;
 * docs/security.md, "Security requirements"): a text starting with `=`, `+`, `-`, `@`, tab or carriage return (or a
 * full-width `＝ ＋ － ＠`) gets a leading `'`, so that spreadsheets show it as text. So does every
 * place inside the text where a spreadsheet reading the file with another delimiter than it was
 * written with would start a cell — after a `,`, `;`, tab or line break, past spaces and quotes:
 * `Acme;=1+1` is written `Acme;'=1+1`, so that a French spreadsheet opening a comma file (or the
 * reverse) finds no formula either. Applied to every text cell, header included — never to
 * numbers, which are formatted by `formatCsvNumber`. Runs in one pass over the text.
 */
export function neutraliseCsvText(text: string): string {
  const lead = FORMULA_STARTS.has(text.charAt(0)) ? `'${text}` : text
  if (!CELL_BREAKS.test(lead) && lead.charAt(0) !== ' ' && lead.charAt(0) !== '"') return lead
  let out = ''
  // At the start of what a spreadsheet could read as a cell, until its first visible character.
  let cellStart = true
  for (const char of lead) {
    if (cellStart && FORMULA_SIGNS.has(char)) out += "'"
    if (char === ',' || char === ';' || char === '\t' || char === '\r' || char === '\n') cellStart = true
    else if (char !== ' ' && char !== '"') cellStart = false
    out += char
  }
  return out
}

/** Significant digits a file keeps: all that a double holds exactly in decimal (IEEE 754 DBL_DIG = 15). */
const CSV_DIGITS = 15

/**
 * A number as a CSV cell: rounded to 15 significant digits, the most a double carries faithfully
 * (IEEE 754, DBL_DIG), then written in JavaScript's shortest round-trip form — so the float noise
 * of arithmetic never reaches a file (`10212.400000000003` is written `10212.4`) while exact
 * inputs stay exact (`0.1`, `1607.5`, any safe integer). No thousands separator in either
 * dialect, so that files stay machine-readable; `excel-fr` only swaps the decimal point for a
 * comma (French spreadsheets read `0,5`, not `0.5`). Empty for a non-finite value. A negative
 * number stays a number (`-1,5`): numbers are data, not text to neutralise.
 */
export function formatCsvNumber(value: number, dialect: CsvDialect): string {
  if (!Number.isFinite(value)) return ''
  // A safe integer is exact as it is (an amount or a count may have 16 digits).
  const text = String(Number.isSafeInteger(value) ? value : Number(value.toPrecision(CSV_DIGITS)))
  return dialect === 'excel-fr' ? text.replace('.', ',') : text
}

// A field needs quotes when it holds a quote or a line break (RFC 4180), either delimiter or a tab
// — whatever the file's own delimiter, as a spreadsheet may split it on another one — or starts or
// ends with white space, which only quotes keep through every reader.
const NEEDS_QUOTES = /[",;\t\r\n]|^\s|\s$/

/** The separator of `dialect`'s fields: `,`, or `;` for excel-fr. */
export const csvDelimiter = (dialect: CsvDialect): string => (dialect === 'excel-fr' ? ';' : ',')

/**
 * The csv-stringify options that write a file of `dialect` (RFC 4180, CRLF line ends): text
 * neutralised (`neutraliseCsvText`) then quoted when it holds a `,` or a `;` (in both dialects), a
 * tab, a quote, a line break, or white space at either end (`quoted_match`), with quotes doubled;
 * numbers by `formatCsvNumber`, never quoted — an excel-fr decimal comma is not its delimiter;
 * booleans `true`/`false`; null and undefined empty; `excel-fr` starts with a UTF-8 byte-order
 * mark and separates fields with `;`.
 */
export function csvOptions(dialect: CsvDialect): Options {
  return {
    delimiter: csvDelimiter(dialect),
    record_delimiter: 'windows',
    bom: dialect === 'excel-fr',
    quoted_match: NEEDS_QUOTES,
    // The library's own guard sees only a cell's first character, which `neutraliseCsvText` has
    // already made safe: kept so that no cast added later can write a formula start unescaped.
    escape_formulas: true,
    cast: {
      string: (text) => neutraliseCsvText(text),
      number: (value) => {
        const text = formatCsvNumber(value, dialect)
        return text.includes(',') ? { value: text, quoted_match: null } : text
      },
      boolean: (value) => (value ? 'true' : 'false'),
    },
  }
}

/**
 * A CSV file streamed from a header and rows of cells through csv-stringify (`csvOptions`),
 * pulled only as fast as the consumer reads (constant memory). An error of the source destroys the
 * returned stream with that error, and a consumer that goes away stops the source.
 */
export function csvStream(header: readonly string[], rows: Iterable<readonly CsvCell[]> | AsyncIterable<readonly CsvCell[]>, dialect: CsvDialect): Readable {
  async function* records(): AsyncGenerator<readonly CsvCell[]> {
    yield header
    yield* rows
  }
  const stringifier = stringify(csvOptions(dialect))
  // The error, if any, reaches the consumer through the stringifier that pipeline destroys with it.
  pipeline(Readable.from(records()), stringifier, () => {})
  return stringifier
}

// The hand-written writer of the microdata (`responses.csv`, whose rows may number 100 000 or
// more): the same rules as `csvOptions`, byte for byte (csv.test.ts compares them), in well under
// half the time. `pnpm bench:writers`, 100 000 rows × 114 columns of the 2025 questionnaire
// (39.9 MB), 2 CPU, median of 3 runs, time of writing alone (building the rows taken off), on a
// busy machine (load 5 to 10) so only the ratios mean much — rfc4180: hand-written 4.0 s,
// csv-stringify 9.7 s (2.4 ×, 5.7 s more per download); excel-fr: 4.3 s against 22.6 s (5.2 ×,
// 18.3 s more). Small files (indicators, codebook, member lists) go through csv-stringify.

/**
 * One cell as it is written in a record of `dialect`, as `csvOptions` writes it: text
 * neutralised and quoted when it holds a `,` or a `;` (in both dialects), a tab, a quote, a line
 * break, or white space at either end, with quotes doubled; numbers by `formatCsvNumber`;
 * booleans `true`/`false`; null and undefined empty.
 */
export function csvField(cell: CsvCell, dialect: CsvDialect): string {
  if (cell === null || cell === undefined) return ''
  // Numbers and booleans hold neither a delimiter, a quote nor white space.
  if (typeof cell === 'number') return formatCsvNumber(cell, dialect)
  if (typeof cell === 'boolean') return cell ? 'true' : 'false'
  const text = neutraliseCsvText(cell)
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * One CSV record, line end included (RFC 4180): the cells as `csvField` writes them, separated by
 * `,` (`;` for excel-fr), CRLF at the end.
 */
export function csvRecord(cells: readonly CsvCell[], dialect: CsvDialect): string {
  // Joined once rather than appended cell by cell: one flat string, not a chain of concatenations.
  const fields = new Array<string>(cells.length)
  for (let i = 0; i < cells.length; i++) fields[i] = csvField(cells[i], dialect)
  return fields.join(csvDelimiter(dialect)) + '\r\n'
}
