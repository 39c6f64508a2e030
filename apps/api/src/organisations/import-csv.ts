import { parse } from 'csv-parse/sync'
import { isEmailAddress, isValidSiren, ORGANISATION_NAME_MAX_LENGTH } from '@sonde/contracts'

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

function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
}

/**
 * Reads a member file: UTF-8 with or without BOM, `;` or `,` (whichever the header uses), headers
 * `name,email,families,siren,region` or `nom,courriel,familles,siren,région`; families are keys
 * separated by `|`. Returns the valid rows and one problem per bad line (bad e-mail, unknown
 * family, invalid or repeated SIREN, repeated e-mail, missing name). Values are kept as text:
 * a formula or HTML in a name is just a name.
 */
export function parseOrganisationsCsv(file: Buffer, familyKeys: readonly string[]): { rows: ImportRow[]; problems: ImportProblem[] } {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file)
  } catch {
    throw new ImportFileError('Le fichier n’est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 » puis importez-le à nouveau.')
  }
  text = text.replace(/^\uFEFF/, '')
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  if (firstLine.trim() === '') throw new ImportFileError('Le fichier est vide : la première ligne doit nommer les colonnes.')
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
    throw new ImportFileError(`Le fichier n’est pas un CSV valide : ${(err as Error).message}`)
  }
  const [header, ...body] = records
  if (!header) throw new ImportFileError('Le fichier est vide : la première ligne doit nommer les colonnes.')
  if (body.length > maxImportLines) {
    throw new ImportFileError(`Le fichier a ${body.length} lignes ; au plus ${maxImportLines} peuvent être importées à la fois.`)
  }

  const columns = header.record.map((h) => columnAliases[normaliseHeader(h)] ?? null)
  if (!columns.includes('name')) {
    throw new ImportFileError(
      `Colonne « nom » (ou « name ») manquante. Colonnes trouvées : ${header.record.join(', ')}. Attendues : nom, courriel, familles, siren, région (ou name, email, families, siren, region).`,
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
    if (!name) lineProblems.push('le nom est vide')
    else if (name.length > ORGANISATION_NAME_MAX_LENGTH) lineProblems.push(`le nom dépasse ${ORGANISATION_NAME_MAX_LENGTH} caractères`)

    const email = value('email')?.toLowerCase() ?? null
    if (email && !isEmailAddress(email)) lineProblems.push(`« ${email} » n’est pas une adresse e-mail`)
    if (email && seenEmails.has(email)) lineProblems.push(`l’adresse ${email} figure déjà ligne ${seenEmails.get(email)}`)

    const siren = value('siren')?.replace(/\s/g, '') ?? null
    if (siren && !isValidSiren(siren)) lineProblems.push(`le SIREN « ${siren} » n’est pas valide (9 chiffres dont une clé de contrôle)`)
    if (siren && seenSirens.has(siren)) lineProblems.push(`le SIREN ${siren} figure déjà ligne ${seenSirens.get(siren)}`)

    const keys = (value('familyKeys') ?? '')
      .split('|')
      .map((k) => k.trim())
      .filter(Boolean)
    const unknown = keys.filter((k) => !known.has(k))
    if (unknown.length > 0) {
      lineProblems.push(`famille inconnue ${unknown.map((k) => `« ${k} »`).join(', ')} (familles de la vague : ${familyKeys.join(', ')})`)
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
