import { createCipheriv, randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { csvDelimiter, csvField, csvRecord, type CsvDialect } from './csv'
import { forEachJsonMember, jsonValue } from './json-members'
import { plannedColumns, type MicrodataPlan } from './microdata-protection'
import { ID_COLUMN, type ExportVariable } from './variables'

/** A submitted response as the export reads it: its answers as the JSON text PostgreSQL writes for a `jsonb`. */
export interface ResponseRecord {
  id: string
  answers: string
}

/**
 * A pseudonym maker for one export, a page of ids at a time: each response's 128-bit id enciphered with AES-128 under a
 * random key drawn for this export only, written as 32 hexadecimal characters. A block cipher is a
 * permutation, so two organisations never share a pseudonym; the same organisation gets the same
 * one within the export; and without the key (never stored) nothing links a pseudonym to the
 * database or to another export.
 */
export function pseudonymiser(key: Buffer = randomBytes(16)): (responseIds: readonly string[]) => string[] {
  const cipher = createCipheriv('aes-128-ecb', key, null)
  cipher.setAutoPadding(false)
  // ECB enciphers each 16-byte block on its own: a page of ids goes through in one call.
  return (responseIds) => {
    const hex = cipher.update(Buffer.from(responseIds.join('').replaceAll('-', ''), 'hex')).toString('hex')
    return responseIds.map((_, i) => hex.slice(32 * i, 32 * i + 32))
  }
}

/**
 * Records from responses. The answers' JSON text is walked once without building the object
 * (`forEachJsonMember`): each answered question that has columns has its value decoded
 * (`jsonValue`, the value `JSON.parse` would give) and its columns written (`csvField`); other
 * members (free text left out, identifying answers) are skipped undecoded, and an unanswered
 * question leaves its columns empty (every variable is empty for a missing answer). Building
 * every answer object took most of the export's time and memory (pnpm bench:export). Under a
 * plan, the quasi-identifier columns come from the row's pattern, the family pages it does not
 * show stay empty and top-coded numbers are capped (`plannedColumns`).
 */
function recordMaker(variables: readonly ExportVariable[], dialect: CsvDialect, plan?: MicrodataPlan): (response: ResponseRecord, pseudonym: string) => string {
  const planned = plan ? plannedColumns(plan, variables, dialect) : null
  const columns = new Map<string, { index: number; value: ExportVariable['value'] }[]>()
  variables.forEach((variable, i) => {
    if (planned?.fixed.has(variable.question)) return
    const cap = planned?.caps.get(variable.name)
    const value: ExportVariable['value'] =
      cap === undefined
        ? variable.value
        : (answer) => {
            const cell = variable.value(answer)
            return typeof cell === 'number' && cell > cap ? cap : cell
          }
    const list = columns.get(variable.question)
    const column = { index: i + 1, value }
    if (list) list.push(column)
    else columns.set(variable.question, [column])
  })
  const delimiter = csvDelimiter(dialect)
  const nothingHidden: ReadonlySet<string> = new Set()
  let fields: string[] = []
  let text = ''
  let hidden = nothingHidden
  const fill = (question: string, start: number, end: number) => {
    const list = columns.get(question)
    if (!list || hidden.has(question)) return
    const answer = jsonValue(text, start, end)
    for (const { index, value } of list) fields[index] = csvField(value(answer), dialect)
  }
  return (response, pseudonym) => {
    fields = new Array<string>(variables.length + 1).fill('')
    fields[0] = csvField(pseudonym, dialect)
    if (planned) {
      const row = planned.row(response.id)
      for (const [index, field] of row.fields) fields[index] = field
      hidden = row.hidden
    }
    text = response.answers
    forEachJsonMember(text, fill)
    return fields.join(delimiter) + '\r\n'
  }
}

/**
 * `responses.csv`: one line per submitted response, columns `id` then `variables` in
 * questionnaire order (`exportVariables`), streamed as the consumer reads, a page of responses at
 * a time (one chunk of text per page: constant memory); text cells and headers neutralised
 * against formula injection, numbers as numbers (`csvRecord`); `excel-fr` starts with a BOM.
 *
 * With a `plan` (`planMicrodata`, read from the same responses), the file is protected microdata:
 * quasi-identifiers k-anonymous, unbounded numbers top-coded; the rows come in the order of
 * `pages`, which the caller draws anew at every download (`shuffled`). A response missing from
 * the plan, or a plan row never written, fails the stream rather than publish an unprotected row
 * or a thinner file than the one planned. Without a plan the answers are written as they are.
 */
export function responsesCsv(
  pages: AsyncIterable<readonly ResponseRecord[]> | Iterable<readonly ResponseRecord[]>,
  variables: readonly ExportVariable[],
  options: { dialect: CsvDialect; pseudonyms?: (responseIds: readonly string[]) => string[]; plan?: MicrodataPlan },
): Readable {
  const { dialect, plan } = options
  const record = recordMaker(variables, dialect, plan)
  const pseudonyms = options.pseudonyms ?? pseudonymiser()
  async function* chunks(): AsyncGenerator<string> {
    yield (dialect === 'excel-fr' ? '\uFEFF' : '') + csvRecord([ID_COLUMN, ...variables.map((v) => v.name)], dialect)
    let written = 0
    for await (const page of pages) {
      const names = pseudonyms(page.map((response) => response.id))
      const lines = new Array<string>(page.length)
      for (let i = 0; i < page.length; i++) lines[i] = record(page[i]!, names[i]!)
      written += page.length
      yield lines.join('')
    }
    // Fewer rows than planned would leave some published patterns under k.
    if (plan && written !== plan.rows)
      throw new Error(`the microdata plan has ${plan.rows} rows, the file ${written}: plan and file must read the same responses`)
  }
  return Readable.from(chunks(), { objectMode: false })
}
