import type { Readable } from 'node:stream'
import { csvStream, type CsvCell, type CsvDialect } from './csv'
import { protectedVariables, protectionNote, protectionSummary, type MicrodataPlan } from './microdata-protection'
import { ID_COLUMN, type ExcludedQuestion, type ExportVariable } from './variables'

export const CODEBOOK_COLUMNS = [
  'variable',
  'question',
  'label_fr',
  'label_en',
  'type',
  'question_type',
  'values',
  'value_labels_fr',
  'value_labels_en',
  'page',
  'page_index',
  'waves',
  'exported',
  'note',
  'protection_fr',
  'protection_en',
] as const

const EXCLUSION_NOTES: Record<ExcludedQuestion['reason'], string> = {
  identifying: "identifie l'organisation ou une personne : jamais exporté",
  free_text: 'texte libre : exporté seulement si la vague le permet',
  file: 'fichier : jamais exporté',
}

/**
 * The rows of `codebook.csv`: one per column of `responses.csv` — the pseudonym first — then one
 * per question left out, with why. `values` lists the codes, `value_labels_fr`/`_en` each code
 * with its label (`code=label`, separated by ` | `); `waves` the slugs of the waves whose
 * questionnaire has the question (by name, the key of a question across waves). With the `plan`
 * of a protected file, the columns are described as that file holds them (`protectedVariables`:
 * classes as text), and `protection_fr`/`_en` say what was recoded, blanked and top-coded in it
 * (`protectionNote`), the `id` row how the whole file is protected (`protectionSummary`).
 */
export function* codebookRows(
  variables: readonly ExportVariable[],
  excluded: readonly ExcludedQuestion[],
  wavesOf: (question: string) => readonly string[],
  options: { plan?: MicrodataPlan } = {},
): Generator<CsvCell[]> {
  const { plan } = options
  const summary = plan ? protectionSummary(plan) : null
  yield [
    ID_COLUMN,
    null,
    "Pseudonyme aléatoire de l'organisation, stable dans cet export seulement",
    'Random pseudonym of the organisation, stable within this export only',
    'string',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    true,
    null,
    summary?.fr,
    summary?.en,
  ]
  for (const v of plan ? protectedVariables(variables, plan) : variables) {
    const note = plan ? protectionNote(v, plan) : null
    yield [
      v.name,
      v.question,
      v.labelFr,
      v.labelEn,
      v.type,
      v.kind,
      v.values ? v.values.map((x) => x.value).join(' | ') : null,
      v.values ? v.values.map((x) => `${x.value}=${x.labelFr}`).join(' | ') : null,
      v.values ? v.values.map((x) => `${x.value}=${x.labelEn}`).join(' | ') : null,
      v.page,
      v.pageIndex,
      wavesOf(v.question).join(';'),
      true,
      null,
      note?.fr,
      note?.en,
    ]
  }
  for (const q of excluded) {
    yield [
      null,
      q.question,
      q.labelFr,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      wavesOf(q.question).join(';'),
      false,
      EXCLUSION_NOTES[q.reason],
      null,
      null,
    ]
  }
}

/** `codebook.csv`, streamed (`codebookRows`, `csvStream`); with the `plan` of the protected file it describes. */
export function codebookCsv(
  variables: readonly ExportVariable[],
  excluded: readonly ExcludedQuestion[],
  wavesOf: (question: string) => readonly string[],
  options: { dialect: CsvDialect; plan?: MicrodataPlan },
): Readable {
  return csvStream(CODEBOOK_COLUMNS, codebookRows(variables, excluded, wavesOf, { plan: options.plan }), options.dialect)
}
