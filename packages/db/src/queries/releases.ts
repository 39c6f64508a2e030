import { sql, type Transaction } from 'kysely'
import type { Db } from '../connection'
import type { Database, JsonValue, ReleaseRow } from '../types'

/** One submitted response as a release records it: the submission its answers come from. */
export interface ReleasedResponse {
  responseId: string
  submissionId: string | null
  revision: number
  submittedAt: Date | null
}

/** One table of a release: by family (`dimension` null) or crossed with a dimension. */
export interface ReleaseTable {
  dimension: string | null
  dimensionValues: JsonValue
  cells: JsonValue
}

/** The releases of a wave, newest first. */
export async function listReleases(db: Db, waveId: string): Promise<ReleaseRow[]> {
  return db.selectFrom('releases').selectAll().where('wave_id', '=', waveId).orderBy('number', 'desc').execute()
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A release of a wave by id (a malformed id or another wave's release is simply not found). */
export async function findRelease(db: Db, waveId: string, releaseId: string): Promise<ReleaseRow | undefined> {
  if (!uuidPattern.test(releaseId)) return undefined
  return db.selectFrom('releases').selectAll().where('wave_id', '=', waveId).where('id', '=', releaseId).executeTakeFirst()
}

/** The newest release of a wave. */
export async function findLatestRelease(db: Db, waveId: string): Promise<ReleaseRow | undefined> {
  return db.selectFrom('releases').selectAll().where('wave_id', '=', waveId).orderBy('number', 'desc').limit(1).executeTakeFirst()
}

/** A release of a wave by its number (1 for the first). */
export async function findReleaseByNumber(db: Db, waveId: string, number: number): Promise<ReleaseRow | undefined> {
  return db.selectFrom('releases').selectAll().where('wave_id', '=', waveId).where('number', '=', number).executeTakeFirst()
}

/** The stored cells of one table of a release (`dimension` null: by family), or undefined. */
export async function findReleaseTable(
  db: Db,
  releaseId: string,
  dimension: string | null,
): Promise<{ dimensionValues: JsonValue; cells: JsonValue } | undefined> {
  const row = await db
    .selectFrom('release_cells')
    .select(['dimension_values', 'cells'])
    .where('release_id', '=', releaseId)
    .where('dimension', '=', dimension ?? '')
    .executeTakeFirst()
  return row ? { dimensionValues: row.dimension_values, cells: row.cells } : undefined
}

/** Every table of a release, by dimension ('' for the table by family). */
export async function listReleaseTables(db: Db, releaseId: string): Promise<ReleaseTable[]> {
  const rows = await db.selectFrom('release_cells').select(['dimension', 'dimension_values', 'cells']).where('release_id', '=', releaseId).execute()
  return rows.map((row) => ({ dimension: row.dimension || null, dimensionValues: row.dimension_values, cells: row.cells }))
}

/**
 * The submitted responses of a wave now, each with the submission its answers come from (its
 * latest; none for a response written as submitted without going through `submitResponse`).
 */
export async function submittedSnapshot(db: Db | Transaction<Database>, waveId: string): Promise<ReleasedResponse[]> {
  const rows = await db
    .selectFrom('responses as r')
    .leftJoinLateral(
      (eb) => eb.selectFrom('submissions as s').select('s.id').whereRef('s.response_id', '=', 'r.id').orderBy('s.submitted_at', 'desc').limit(1).as('s'),
      (join) => join.onTrue(),
    )
    .select(['r.id as responseId', 's.id as submissionId', 'r.revision', 'r.submitted_at as submittedAt'])
    .where('r.wave_id', '=', waveId)
    .where('r.status', '=', 'submitted')
    .orderBy('r.id')
    .execute()
  return rows.map((row) => ({ responseId: row.responseId, submissionId: row.submissionId ?? null, revision: row.revision, submittedAt: row.submittedAt }))
}

/** The responses a release was computed from. */
export async function listReleasedResponses(db: Db, releaseId: string): Promise<ReleasedResponse[]> {
  const rows = await db
    .selectFrom('release_responses')
    .select(['response_id', 'submission_id', 'revision', 'submitted_at'])
    .where('release_id', '=', releaseId)
    .orderBy('response_id')
    .execute()
  return rows.map((row) => ({ responseId: row.response_id, submissionId: row.submission_id, revision: row.revision, submittedAt: row.submitted_at }))
}

/**
 * Stores a release with its tables and responses, numbered after the wave's newest. The caller
 * holds the wave's release lock (`lockWaveReleases`) so that two releases never take one number.
 */
export async function insertRelease(
  trx: Transaction<Database>,
  release: {
    waveId: string
    publishedBy: string | null
    note: string
    minCellSize: number
    pPercent: number
    questionnaireVersion: number | null
    definitions: JsonValue
    indicators: JsonValue
  },
  tables: readonly ReleaseTable[],
  responses: readonly ReleasedResponse[],
): Promise<ReleaseRow> {
  const number = (await latestReleaseNumber(trx, release.waveId)) + 1
  const row = await trx
    .insertInto('releases')
    .values({
      wave_id: release.waveId,
      number,
      published_by: release.publishedBy,
      note: release.note,
      min_cell_size: release.minCellSize,
      p_percent: release.pPercent,
      questionnaire_version: release.questionnaireVersion,
      // pg sends a JS array as a PostgreSQL array literal: jsonb needs the JSON text.
      definitions: sql<JsonValue>`${JSON.stringify(release.definitions)}::jsonb`,
      indicators: sql<JsonValue>`${JSON.stringify(release.indicators)}::jsonb`,
      responses: responses.length,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  for (const table of tables) {
    await trx
      .insertInto('release_cells')
      .values({
        release_id: row.id,
        dimension: table.dimension ?? '',
        dimension_values: sql<JsonValue>`${JSON.stringify(table.dimensionValues)}::jsonb`,
        cells: sql<JsonValue>`${JSON.stringify(table.cells)}::jsonb`,
      })
      .execute()
  }
  for (let start = 0; start < responses.length; start += 1000) {
    await trx
      .insertInto('release_responses')
      .values(
        responses.slice(start, start + 1000).map((r) => ({
          release_id: row.id,
          response_id: r.responseId,
          submission_id: r.submissionId,
          revision: r.revision,
          submitted_at: r.submittedAt,
        })),
      )
      .execute()
  }
  return row
}

/** The number of a wave's newest release; 0 when it has none. */
export async function latestReleaseNumber(db: Db | Transaction<Database>, waveId: string): Promise<number> {
  const { max } = await db
    .selectFrom('releases')
    .select((eb) => eb.fn.max<number | null>('number').as('max'))
    .where('wave_id', '=', waveId)
    .executeTakeFirstOrThrow()
  return max ?? 0
}

/** Serialises the releases of one wave (a transaction-scoped advisory lock on the wave). */
export async function lockWaveReleases(trx: Transaction<Database>, waveId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`sonde.release:${waveId}`}, 0))`.execute(trx)
}

/** A released response's answers as JSON text: the recorded submission's, else the response's own. */
export interface ReleasedAnswers {
  id: string
  answers: string
}

/**
 * The answers of a release's responses, for the given response ids (a page of a shuffled list),
 * in the order asked: each from the submission the release recorded (the answers as submitted
 * then, even if the organisation has reopened or changed them since), else from the response.
 */
export async function releasedAnswers(db: Db, releaseId: string, responseIds: readonly string[]): Promise<ReleasedAnswers[]> {
  if (responseIds.length === 0) return []
  const rows = await db
    .selectFrom('release_responses as rr')
    .innerJoin('responses as r', 'r.id', 'rr.response_id')
    .leftJoin('submissions as s', 's.id', 'rr.submission_id')
    .select(['r.id', sql<string>`coalesce(s.answers, r.answers)::text`.as('answers')])
    .where('rr.release_id', '=', releaseId)
    .where('rr.response_id', 'in', [...responseIds])
    .execute()
  const position = new Map(responseIds.map((id, i) => [id, i]))
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
}

/**
 * Answers to compare between two releases: the current answers of some responses, and the answers
 * of some recorded submissions, by id.
 */
export async function answersForComparison(
  db: Db,
  responseIds: readonly string[],
  submissionIds: readonly string[],
): Promise<{ current: Map<string, Record<string, JsonValue>>; submitted: Map<string, Record<string, JsonValue>> }> {
  const current = responseIds.length
    ? await db
        .selectFrom('responses')
        .select(['id', 'answers'])
        .where('id', 'in', [...responseIds])
        .execute()
    : []
  const submitted = submissionIds.length
    ? await db
        .selectFrom('submissions')
        .select(['id', 'answers'])
        .where('id', 'in', [...submissionIds])
        .execute()
    : []
  return {
    current: new Map(current.map((r) => [r.id, r.answers])),
    submitted: new Map(submitted.map((r) => [r.id, r.answers])),
  }
}
