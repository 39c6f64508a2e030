import { Readable, pipeline } from 'node:stream'
import { stringify } from 'csv-stringify'
import { formatCsvNumber, neutraliseCsvText, type CsvDialect } from '@sonde/analysis'

export type CsvCell = string | number | boolean | null | undefined

/**
 * A CSV file streamed from rows of cells, for the staff exports (members, links): RFC 4180 or
 * excel-fr (`;`, decimal comma, BOM), with every text cell — header included — neutralised
 * against formula injection, exactly as the analysis exports do.
 */
export function csvStream(
  header: readonly string[],
  rows: Iterable<CsvCell[]> | AsyncIterable<CsvCell[]>,
  dialect: CsvDialect = 'rfc4180',
): Readable {
  const excel = dialect === 'excel-fr'
  const stringifier = stringify({
    delimiter: excel ? ';' : ',',
    record_delimiter: 'windows',
    bom: excel,
    quoted_match: [/[\r\n]/, /^\s/, /\s$/],
  })
  const cell = (value: CsvCell): string => {
    if (value === null || value === undefined) return ''
    if (typeof value === 'number') return formatCsvNumber(value, dialect)
    if (typeof value === 'boolean') return value ? 'true' : 'false'
    return neutraliseCsvText(value)
  }
  async function* lines() {
    yield header.map(cell)
    for await (const row of rows) yield row.map(cell)
  }
  pipeline(Readable.from(lines()), stringifier, () => {})
  return stringifier
}

/** A file name made by the server from a wave's slug, never from the request. */
export function exportFileName(slug: string, what: string, extension = 'csv'): string {
  const safe = slug.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 60) || 'vague'
  return `sonde-${safe}-${what}.${extension}`
}
