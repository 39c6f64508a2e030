import type { Readable } from 'node:stream'
import { csvStream, type CsvCell, type CsvDialect } from './csv'
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
 * questionnaire has the question (by name, the key of a question across waves).
 */
export function* codebookRows(
  variables: readonly ExportVariable[],
  excluded: readonly ExcludedQuestion[],
  wavesOf: (question: string) => readonly string[],
): Generator<CsvCell[]> {
  yield [ID_COLUMN, null, "Pseudonyme aléatoire de l'organisation, stable dans cet export seulement", "Random pseudonym of the organisation, stable within this export only", 'string', null, null, null, null, null, null, null, true, null]
  for (const v of variables) {
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
    ]
  }
  for (const q of excluded) {
    yield [null, q.question, q.labelFr, null, null, null, null, null, null, null, null, wavesOf(q.question).join(';'), false, EXCLUSION_NOTES[q.reason]]
  }
}

/** `codebook.csv`, streamed (`codebookRows`, `csvStream`). */
export function codebookCsv(
  variables: readonly ExportVariable[],
  excluded: readonly ExcludedQuestion[],
  wavesOf: (question: string) => readonly string[],
  options: { dialect: CsvDialect },
): Readable {
  return csvStream(CODEBOOK_COLUMNS, codebookRows(variables, excluded, wavesOf), options.dialect)
}
