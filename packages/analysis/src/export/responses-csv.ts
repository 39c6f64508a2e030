import { createCipheriv, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { csvRecord, type CsvCell, type CsvDialect } from './csv'
import { ID_COLUMN, type ExportVariable } from './variables'

/** A submitted response as the export reads it. */
export interface ResponseRecord {
  id: string
  answers: Readonly<Record<string, unknown>>
}

/**
 * A pseudonym maker for one export: the response's 128-bit id enciphered with AES-128 under a
 * random key drawn for this export only, written as 32 hexadecimal characters. A block cipher is a
 * permutation, so two organisations never share a pseudonym; the same organisation gets the same
 * one within the export; and without the key (never stored) nothing links a pseudonym to the
 * database or to another export.
 */
export function pseudonymiser(key: Buffer = randomBytes(16)): (responseId: string) => string {
  const cipher = createCipheriv('aes-128-ecb', key, null)
  cipher.setAutoPadding(false)
  return (responseId) => cipher.update(Buffer.from(responseId.replaceAll('-', ''), 'hex')).toString('hex')
}

/**
 * The rows of the pseudonymised microdata: the pseudonym, then each variable's cell, for each
 * response of the pages as they come (a page at a time: constant memory).
 */
export async function* microdataRows(
  pages: AsyncIterable<readonly ResponseRecord[]>,
  variables: readonly ExportVariable[],
  pseudonym: (responseId: string) => string = pseudonymiser(),
): AsyncGenerator<CsvCell[]> {
  const row = rowMaker(variables, pseudonym)
  for await (const page of pages) for (const response of page) yield row(response)
}

/**
 * Rows of cells from responses. The answers are walked once, each answered question filling its
 * columns; an unanswered question leaves its columns empty (every variable is empty for a
 * missing answer), so no question is ever looked up in answers that lack it — the slow case of a
 * property lookup on the many shapes that parsed answers take.
 */
function rowMaker(variables: readonly ExportVariable[], pseudonym: (id: string) => string): (response: ResponseRecord) => CsvCell[] {
  const columns = new Map<string, { index: number; variable: ExportVariable }[]>()
  variables.forEach((variable, i) => {
    const list = columns.get(variable.question)
    const column = { index: i + 1, variable }
    if (list) list.push(column)
    else columns.set(variable.question, [column])
  })
  return (response) => {
    const row: CsvCell[] = new Array<CsvCell>(variables.length + 1).fill(null)
    row[0] = pseudonym(response.id)
    const answers = response.answers
    for (const question in answers) {
      const list = columns.get(question)
      if (!list) continue
      const answer = answers[question]
      for (const { index, variable } of list) row[index] = variable.value(answer)
    }
    return row
  }
}

/**
 * `responses.csv`: one line per submitted response, columns `id` then `variables` in
 * questionnaire order (`exportVariables`), streamed as the consumer reads, a page of responses at
 * a time (one chunk of text per page: constant memory); text cells and headers neutralised
 * against formula injection, numbers as numbers (`csvRecord`); `excel-fr` starts with a BOM.
 */
export function responsesCsv(
  pages: AsyncIterable<readonly ResponseRecord[]>,
  variables: readonly ExportVariable[],
  options: { dialect: CsvDialect; pseudonym?: (responseId: string) => string },
): Readable {
  const { dialect } = options
  const row = rowMaker(variables, options.pseudonym ?? pseudonymiser())
  async function* chunks(): AsyncGenerator<string> {
    yield (dialect === 'excel-fr' ? '\uFEFF' : '') + csvRecord([ID_COLUMN, ...variables.map((v) => v.name)], dialect)
    for await (const page of pages) {
      let text = ''
      for (const response of page) text += csvRecord(row(response), dialect)
      yield text
    }
  }
  return Readable.from(chunks(), { objectMode: false })
}
