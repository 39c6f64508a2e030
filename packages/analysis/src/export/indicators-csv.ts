import { Readable, pipeline } from 'node:stream'
import type { IndicatorCell } from '@sonde/contracts'
import { stringify } from 'csv-stringify'
import { indicatorFactorSource } from '../indicators/meta'
import type { IndicatorDefinition } from '../indicators/types'

export type CsvDialect = 'rfc4180' | 'excel-fr'

/** One line of the long-format indicators export: a cell with its wave and indicator metadata. */
export interface IndicatorCsvRow extends IndicatorCell {
  wave: string
  labelFr: string
  unit: string
  factorSource: string | null
}

export const INDICATOR_CSV_COLUMNS = [
  'wave',
  'indicator',
  'label_fr',
  'family',
  'category',
  'n',
  'value',
  'ci_low',
  'ci_high',
  'q1',
  'q3',
  'unit',
  'suppressed',
  'reason',
  'factor_source',
] as const

// First characters that make a spreadsheet read a cell as a formula, with the full-width forms
// that Apple Numbers normalises (the list of csv-stringify's `escape_formulas`).
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'])

/**
 * Neutralises a text cell against formula injection (OWASP "CSV Injection"; ASVS 5.0 1.2.10;
 * domain/security.md): a text starting with `=`, `+`, `-`, `@`, tab or carriage return (or a
 * full-width `＝ ＋ － ＠`) gets a leading `'`, so that spreadsheets show it as text. Applied to
 * every text cell, header included — never to numbers, which are formatted by `formatCsvNumber`.
 */
export function neutraliseCsvText(text: string): string {
  return FORMULA_STARTS.has(text.charAt(0)) ? `'${text}` : text
}

/**
 * A number as a CSV cell: JavaScript's shortest round-trip decimal form, with a decimal comma for
 * `excel-fr` (French spreadsheets read `0,5`, not `0.5`); empty for a non-finite value. A negative
 * number stays a number (`-1,5`): numbers are data, not text to neutralise.
 */
export function formatCsvNumber(value: number, dialect: CsvDialect): string {
  if (!Number.isFinite(value)) return ''
  const text = String(value)
  return dialect === 'excel-fr' ? text.replace('.', ',') : text
}

function textCell(value: string | null): string {
  return value === null ? '' : neutraliseCsvText(value)
}

function numberCell(value: number | null, dialect: CsvDialect): string {
  return value === null ? '' : formatCsvNumber(value, dialect)
}

function record(row: IndicatorCsvRow, dialect: CsvDialect): string[] {
  return [
    textCell(row.wave),
    textCell(row.indicator),
    textCell(row.labelFr),
    textCell(row.family),
    textCell(row.category),
    numberCell(row.n, dialect),
    numberCell(row.value, dialect),
    numberCell(row.ciLow, dialect),
    numberCell(row.ciHigh, dialect),
    numberCell(row.q1, dialect),
    numberCell(row.q3, dialect),
    textCell(row.unit),
    row.suppressed ? 'true' : 'false',
    textCell(row.reason),
    textCell(row.factorSource),
  ]
}

async function* records(
  rows: Iterable<IndicatorCsvRow> | AsyncIterable<IndicatorCsvRow>,
  dialect: CsvDialect,
): AsyncGenerator<string[]> {
  yield INDICATOR_CSV_COLUMNS.map(neutraliseCsvText)
  for await (const row of rows) yield record(row, dialect)
}

/**
 * The indicators export in long format, one line per cell, columns `INDICATOR_CSV_COLUMNS`,
 * streamed: rows are pulled from `rows` (an iterable or async iterable, e.g. a cursor) only as the
 * consumer reads, so memory stays flat. RFC 4180 quoting and CRLF line ends (csv-stringify);
 * `excel-fr` adds a UTF-8 byte-order mark, `;` as delimiter and decimal commas. Every text cell,
 * header included, is neutralised against formula injection (`neutraliseCsvText`); numbers are
 * written as numbers. An error of the source destroys the returned stream with that error.
 */
export function indicatorsCsv(
  rows: Iterable<IndicatorCsvRow> | AsyncIterable<IndicatorCsvRow>,
  options: { dialect: CsvDialect },
): Readable {
  const excel = options.dialect === 'excel-fr'
  const stringifier = stringify({
    delimiter: excel ? ';' : ',',
    record_delimiter: 'windows',
    bom: excel,
    // csv-stringify leaves a lone CR unquoted, which RFC 4180 readers take as a line end; and
    // spaces at either end are kept only by readers that see quotes.
    quoted_match: [/[\r\n]/, /^\s/, /\s$/],
  })
  pipeline(Readable.from(records(rows, options.dialect)), stringifier, () => {
    // pipeline() has already destroyed the stringifier with the error: its reader sees it.
  })
  return stringifier
}

/**
 * The rows of the indicators export for a wave: each cell with the label, unit and factor
 * source of its indicator; a cell of an indicator missing from `definitions` is an error. A
 * generator, so that it can feed `indicatorsCsv` without building the whole list.
 */
export function* indicatorCsvRows(
  wave: string,
  cells: Iterable<IndicatorCell>,
  definitions: readonly IndicatorDefinition[],
): Generator<IndicatorCsvRow> {
  const byId = new Map(definitions.map((d) => [d.id, d]))
  for (const cell of cells) {
    const definition = byId.get(cell.indicator)
    if (!definition) throw new Error(`no definition for indicator "${cell.indicator}"`)
    yield {
      ...cell,
      wave,
      labelFr: definition.labelFr,
      unit: definition.unit,
      factorSource: indicatorFactorSource(definition),
    }
  }
}
