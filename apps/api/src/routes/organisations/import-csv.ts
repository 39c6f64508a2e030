import { parse } from 'csv-parse/sync'

/** A line of the member file, checked; `line` is its line number in the file (header = 1). */
export interface ImportRow {
  line: number
  name: string
  email: string | null
  siren: string | null
  region: string | null
  familyKeys: string[]
}

export interface ImportProblem {
  line: number
  message: string
}

/** A problem with the whole file (encoding, columns, size): nothing can be read from it. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportFileError'
  }
}

export const maxImportLines = 20_000

// Accepted headers, English and French, normalised (lowercase, no accents, no spaces).
const columnAliases: Record<string, keyof Omit<ImportRow, 'line'>> = {
  name: 'name',
  nom: 'name',
  email: 'email',
  courriel: 'email',
  mail: 'email',
  families: 'familyKeys',
  familles: 'familyKeys',
  siren: 'siren',
  region: 'region',
}

const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/

function normaliseHeader(header: string): string {
  return header.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase()
}

/** SIREN check digit: Luhn over the 9 digits (INSEE). */
export function validSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) {
    let digit = Number(siren[i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/**
 * Reads a member file: UTF-8 with or without BOM, `;` or `,` (whichever the header uses), headers
 * `name,email,families,siren,region` or `nom,courriel,familles,siren,région`; families are keys
 * separated by `|`. Returns the valid rows and one problem per bad line (bad e-mail, unknown
 * family, invalid or repeated SIREN, repeated e-mail, missing name). Values are kept as text:
 * a formula or HTML in a name is just a name.
 */
export function parseOrganisationsCsv(
  file: Buffer,
  familyKeys: readonly string[],
): { rows: ImportRow[]; problems: ImportProblem[] } {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file)
  } catch {
    throw new ImportFileError('The file is not UTF-8 text: save it as "CSV UTF-8" and import it again.')
  }
  text = text.replace(/^\uFEFF/, '')
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  if (firstLine.trim() === '') throw new ImportFileError('The file is empty: the first line must name the columns.')
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ','

  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as typeof records
  } catch (err) {
    throw new ImportFileError(`The file is not valid CSV: ${(err as Error).message}`)
  }
  const [header, ...body] = records
  if (!header) throw new ImportFileError('The file is empty: the first line must name the columns.')
  if (body.length > maxImportLines) {
    throw new ImportFileError(`The file has ${body.length} lines; at most ${maxImportLines} can be imported at once.`)
  }

  const columns = header.record.map((h) => columnAliases[normaliseHeader(h)] ?? null)
  if (!columns.includes('name')) {
    throw new ImportFileError(
      `Missing column "name" (or "nom"). Columns found: ${header.record.join(', ')}. Expected: name, email, families, siren, region (or nom, courriel, familles, siren, région).`,
    )
  }

  const known = new Set(familyKeys)
  const rows: ImportRow[] = []
  const problems: ImportProblem[] = []
  const seenSirens = new Map<string, number>()
  const seenEmails = new Map<string, number>()
  for (const { record, info } of body) {
    const line = info.lines
    const value = (column: keyof Omit<ImportRow, 'line'>) => {
      const index = columns.indexOf(column)
      const cell = index >= 0 ? record[index]?.trim() : ''
      return cell ? cell : null
    }
    const lineProblems: string[] = []
    const name = value('name')
    if (!name) lineProblems.push('name is empty')
    else if (name.length > 300) lineProblems.push('name is longer than 300 characters')

    const email = value('email')?.toLowerCase() ?? null
    if (email && (!emailPattern.test(email) || email.length > 254)) lineProblems.push(`"${email}" is not an e-mail address`)
    if (email && seenEmails.has(email)) lineProblems.push(`e-mail ${email} already on line ${seenEmails.get(email)}`)

    const siren = value('siren')?.replace(/\s/g, '') ?? null
    if (siren && !validSiren(siren)) lineProblems.push(`SIREN "${siren}" is not valid (9 digits with a check digit)`)
    if (siren && seenSirens.has(siren)) lineProblems.push(`SIREN ${siren} already on line ${seenSirens.get(siren)}`)

    const keys = (value('familyKeys') ?? '')
      .split('|')
      .map((k) => k.trim())
      .filter(Boolean)
    const unknown = keys.filter((k) => !known.has(k))
    if (unknown.length > 0) {
      lineProblems.push(`unknown family ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${familyKeys.join(', ')})`)
    }

    if (email && !seenEmails.has(email)) seenEmails.set(email, line)
    if (siren && !seenSirens.has(siren)) seenSirens.set(siren, line)
    if (lineProblems.length > 0) {
      problems.push({ line, message: lineProblems.join('; ') })
      continue
    }
    rows.push({ line, name: name!, email, siren, region: value('region'), familyKeys: [...new Set(keys)] })
  }
  return { rows, problems }
}
