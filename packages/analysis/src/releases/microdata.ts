import type { Readable } from 'node:stream'
import {
  findCurrentQuestionnaire,
  findQuestionnaireVersion,
  listReleasedResponses,
  releasedAnswers,
  submittedAnswersByIds,
  submittedSnapshot,
  waveSettings,
  type Db,
  type ReleaseRow,
  type WaveRow,
} from '@sonde/db'
import type { QuestionnaireJson } from '@sonde/survey'
import type { CsvDialect } from '../export/csv'
import { planMicrodata, shuffled, type MicrodataPlan } from '../export/microdata-protection'
import { responsesCsv, type ResponseRecord } from '../export/responses-csv'
import { exportVariables, type ExcludedQuestion, type ExportVariable } from '../export/variables'
import { effectiveMinCellSize } from '../disclosure/disclosure'
import { questionsOfDefinition } from './wave-inputs'

const PAGE_SIZE = 1000

/**
 * Where a microdata file comes from: the responses of a release (as submitted then), or — for
 * staff — the wave's submitted responses now; with the questionnaire they were answered on, the
 * minimum cell size (the k of k-anonymity) and whether free text may be exported.
 */
export interface MicrodataSource {
  responseIds: string[]
  definition: QuestionnaireJson
  minCellSize: number
  freeText: boolean
  /** The answers of these responses, in the order given. */
  fetch(responseIds: readonly string[]): Promise<ResponseRecord[]>
}

const asDefinition = (value: unknown): QuestionnaireJson => (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as QuestionnaireJson

/** The microdata of a release: its responses as recorded, on the questionnaire version it was computed with. */
export async function releaseMicrodataSource(db: Db, wave: WaveRow, release: ReleaseRow): Promise<MicrodataSource> {
  const questionnaire =
    release.questionnaire_version === null
      ? await findCurrentQuestionnaire(db, wave.id)
      : await findQuestionnaireVersion(db, wave.id, release.questionnaire_version)
  return {
    responseIds: (await listReleasedResponses(db, release.id)).map((r) => r.responseId),
    definition: asDefinition(questionnaire?.definition),
    minCellSize: release.min_cell_size,
    freeText: waveSettings(wave).exportFreeText,
    fetch: (ids) => releasedAnswers(db, release.id, ids),
  }
}

/** The microdata of a wave now (staff): its submitted responses on its current questionnaire. */
export async function liveMicrodataSource(db: Db, wave: WaveRow): Promise<MicrodataSource> {
  const questionnaire = await findCurrentQuestionnaire(db, wave.id)
  const settings = waveSettings(wave)
  return {
    responseIds: (await submittedSnapshot(db, wave.id)).map((r) => r.responseId),
    definition: asDefinition(questionnaire?.definition),
    minCellSize: effectiveMinCellSize(settings.minCellSize),
    freeText: settings.exportFreeText,
    fetch: (ids) => submittedAnswersByIds(db, wave.id, ids),
  }
}

/** The columns of a source's microdata and the questions left out (`exportVariables`). */
export function microdataVariables(source: Pick<MicrodataSource, 'definition' | 'freeText'>): {
  variables: ExportVariable[]
  excluded: ExcludedQuestion[]
} {
  return exportVariables(questionsOfDefinition(source.definition), source.definition, { freeText: source.freeText })
}

/**
 * The pages of responses of `ids`, in that order, a page at a time; the next page is asked for
 * as soon as the current one arrives, so the database works while the caller writes.
 */
async function* pagesOf(source: MicrodataSource, ids: readonly string[]): AsyncGenerator<ResponseRecord[]> {
  const fetchPage = (start: number) => (start < ids.length ? source.fetch(ids.slice(start, start + PAGE_SIZE)) : Promise.resolve([]))
  let pending = fetchPage(0)
  try {
    for (let start = 0; start < ids.length; start += PAGE_SIZE) {
      const page = await pending
      pending = fetchPage(start + PAGE_SIZE)
      if (page.length > 0) yield page
    }
  } finally {
    pending.catch(() => {})
  }
}

/**
 * The protection of a source's microdata (`planMicrodata`: k-anonymity on the quasi-identifiers
 * with k the minimum cell size, top-coding), read in one pass over its responses: the same plan
 * feeds the file, its codebook and the data package's description.
 */
export function microdataPlan(source: MicrodataSource, variables: readonly ExportVariable[]): Promise<MicrodataPlan> {
  return planMicrodata(pagesOf(source, source.responseIds), variables, { k: source.minCellSize })
}

/**
 * `responses.csv` of a source, protected by `plan` and written in a new random order at every
 * call, with new random pseudonyms: two downloads cannot be linked row by row.
 */
export function protectedResponsesCsv(source: MicrodataSource, variables: readonly ExportVariable[], plan: MicrodataPlan, dialect: CsvDialect): Readable {
  return responsesCsv(pagesOf(source, shuffled(source.responseIds)), variables, { dialect, plan })
}
