import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { unzipSync } from 'fflate'
import readXlsxFile from 'read-excel-file/universal'
import writeXlsxFile from 'write-excel-file/node'
import { csvRowsToXlsForm, sheetToTable, tablesToXlsForm, xlsFormToCsvRows, type XlsForm, type XlsFormProblem } from '@sonde/survey'

// An XLSForm in and out of its two files: an XLSX workbook (sheets survey, choices, settings) and
// pyxform's CSV layout (the sheet's name in the first column). Reading refuses what could exhaust
// the server before anything is parsed: see `SPREADSHEET_LIMITS`.

/**
 * What a spreadsheet may hold. An XLSX file is a ZIP archive: before the XLSX reader sees it, the
 * sizes its entries declare are added up, and an archive over `unzippedBytes` (a "zip bomb" of a
 * few kilobytes that would inflate to gigabytes) or of more than `entries` files is refused having
 * inflated nothing (`archiveProblem`). Then at most `rows` rows a sheet and `columns` columns are
 * read (the 2025 questionnaire is about 110 rows and 14 columns).
 */
export const SPREADSHEET_LIMITS = { unzippedBytes: 32 * 1024 * 1024, entries: 200, rows: 5_000, columns: 100 } as const

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export type SpreadsheetRead = { form: XlsForm } | { problems: XlsFormProblem[] }

const unreadable = (message: string): SpreadsheetRead => ({ problems: [{ sheet: 'survey', line: 0, message }] })

/**
 * Why the archive cannot be read, or null: read from its central directory, which the XLSX reader
 * follows (fflate's `unzip`), without inflating anything. That reader gives each entry exactly
 * the room its directory record declares and never more (a record that understates its entry
 * gets it cut short), so the declared sizes bound what reading can take — whatever the local
 * headers say, and whatever a reading from the front of the file would see.
 */
function archiveProblem(bytes: Uint8Array): string | null {
  let declared = 0
  let entries = 0
  try {
    unzipSync(bytes, {
      filter: (file) => {
        entries += 1
        declared += file.originalSize
        return false
      },
    })
  } catch {
    return 'ce n’est pas un fichier XLSX lisible'
  }
  if (entries === 0) return 'ce n’est pas un fichier XLSX lisible'
  if (entries > SPREADSHEET_LIMITS.entries) return `le fichier contient plus de ${SPREADSHEET_LIMITS.entries} éléments`
  if (declared > SPREADSHEET_LIMITS.unzippedBytes) return `le fichier décompressé dépasse ${SPREADSHEET_LIMITS.unzippedBytes / (1024 * 1024)} Mio`
  return null
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  return String(value)
}

function tooLarge(name: string, table: readonly (readonly unknown[])[]): XlsFormProblem | null {
  if (table.length > SPREADSHEET_LIMITS.rows + 1) {
    return { sheet: 'survey', line: 0, message: `la feuille « ${name} » dépasse ${SPREADSHEET_LIMITS.rows} lignes` }
  }
  if (table.some((row) => row.length > SPREADSHEET_LIMITS.columns)) {
    return { sheet: 'survey', line: 0, message: `la feuille « ${name} » dépasse ${SPREADSHEET_LIMITS.columns} colonnes` }
  }
  return null
}

/** An XLSForm from an XLSX workbook, or why it cannot be read (within `SPREADSHEET_LIMITS`). */
export async function readXlsx(bytes: Buffer): Promise<SpreadsheetRead> {
  const problem = archiveProblem(bytes)
  if (problem) return unreadable(problem)
  let sheets: { sheet: string; data: unknown[][] }[]
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    sheets = await readXlsxFile(buffer, { trim: false })
  } catch {
    return unreadable('ce n’est pas un fichier XLSX lisible')
  }
  const tables = new Map<string, string[][]>()
  for (const { sheet, data } of sheets) {
    const name = sheet.trim().toLowerCase()
    if (!['survey', 'choices', 'settings'].includes(name)) continue
    const limit = tooLarge(name, data)
    if (limit) return { problems: [limit] }
    tables.set(
      name,
      data.map((row) => row.map(cellText)),
    )
  }
  if (!tables.has('survey')) return unreadable('le classeur n’a pas de feuille « survey »')
  return { form: tablesToXlsForm(tables) }
}

// A spreadsheet reads a cell starting with one of these as a formula: the CSV written here starts
// such a text with a `'` (OWASP "CSV Injection"), which reading takes away again. A text that
// already starts with `'`s before one of them gets one more, so that taking one away gives it back.
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
const NEUTRALISED = /^'(?='*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/

/** Lines a CSV may have: every sheet at its limit, with its name and header lines. */
const CSV_LINES = 3 * (SPREADSHEET_LIMITS.rows + 2)

/** An XLSForm from pyxform's CSV layout (UTF-8, a BOM allowed, `,` or `;`), or why it cannot be read. */
export function readXlsFormCsv(bytes: Buffer): SpreadsheetRead {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
  const firstLine = text.split('\n', 1)[0] ?? ''
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','
  let rows: string[][]
  try {
    rows = parse(text, { delimiter, relax_column_count: true, to_line: CSV_LINES + 1 }) as string[][]
  } catch (error) {
    return unreadable(`CSV illisible : ${(error as Error).message}`)
  }
  if (rows.length > CSV_LINES) return unreadable(`le fichier dépasse ${SPREADSHEET_LIMITS.rows} lignes par feuille`)
  if (rows.some((row) => row.length > SPREADSHEET_LIMITS.columns + 1)) return unreadable(`le fichier dépasse ${SPREADSHEET_LIMITS.columns} colonnes`)
  const form = csvRowsToXlsForm(rows.map((row) => row.map((cell) => cell.replace(NEUTRALISED, ''))))
  if (form.survey.columns.length === 0) return unreadable('le fichier n’a pas de feuille « survey » (son nom en première colonne, puis ses lignes)')
  return { form }
}

/** The XLSX workbook of an XLSForm: sheets survey, choices, settings, the header row frozen. */
export async function writeXlsx(form: XlsForm): Promise<Buffer> {
  const sheet = (name: 'survey' | 'choices' | 'settings') => ({
    sheet: name,
    stickyRowsCount: 1,
    data: sheetToTable(form[name]).map((row, i) =>
      row.map((value) => (value === '' ? null : { value, type: String, ...(i === 0 ? { fontWeight: 'bold' as const } : {}) })),
    ),
  })
  return writeXlsxFile([sheet('survey'), sheet('choices'), sheet('settings')]).toBuffer()
}

/** pyxform's CSV layout of an XLSForm, in UTF-8. */
export function writeXlsFormCsv(form: XlsForm): string {
  return stringify(xlsFormToCsvRows(form).map((row) => row.map((cell) => (FORMULA_START.test(cell) ? `'${cell}` : cell))))
}
