import type { Db } from '../connection'
import type { JsonValue } from '../types'

/** A saved version of a wave's questionnaire with its history: when, by whom (the account's e-mail as its name), and the change note. */
export interface QuestionnaireVersionRecord {
  id: string
  version: number
  definition: JsonValue
  savedAt: Date
  author: { id: string; name: string } | null
  note: string | null
}

function selectVersions(db: Db, waveId: string) {
  return db
    .selectFrom('questionnaires as q')
    .leftJoin('users as u', 'u.id', 'q.author_id')
    .select(['q.id', 'q.version', 'q.definition', 'q.created_at', 'q.note', 'u.id as author_id', 'u.email as author_email'])
    .where('q.wave_id', '=', waveId)
}

type VersionRow = Awaited<ReturnType<ReturnType<typeof selectVersions>['executeTakeFirstOrThrow']>>

function toRecord(row: VersionRow): QuestionnaireVersionRecord {
  return {
    id: row.id,
    version: row.version,
    definition: row.definition,
    savedAt: row.created_at,
    author: row.author_id !== null && row.author_email !== null ? { id: row.author_id, name: row.author_email } : null,
    note: row.note,
  }
}

/** The current (latest) version of a wave's questionnaire with its history, or undefined before the first. */
export async function findCurrentQuestionnaireRecord(db: Db, waveId: string): Promise<QuestionnaireVersionRecord | undefined> {
  const row = await selectVersions(db, waveId).orderBy('q.version', 'desc').limit(1).executeTakeFirst()
  return row && toRecord(row)
}

/** One version of a wave's questionnaire with its history. */
export async function findQuestionnaireVersionRecord(db: Db, waveId: string, version: number): Promise<QuestionnaireVersionRecord | undefined> {
  const row = await selectVersions(db, waveId).where('q.version', '=', version).executeTakeFirst()
  return row && toRecord(row)
}

/** Every version of a wave's questionnaire, newest first. */
export async function listQuestionnaireVersions(db: Db, waveId: string): Promise<QuestionnaireVersionRecord[]> {
  const rows = await selectVersions(db, waveId).orderBy('q.version', 'desc').execute()
  return rows.map(toRecord)
}
