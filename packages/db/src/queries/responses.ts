import { sql, type Transaction } from 'kysely'
import type { Db } from '../connection'
import type { Database, JsonValue, ResponseRow } from '../types'

export type AnswerPatchOutcome =
  | {
      kind: 'saved'
      revision: number
      /** The whole merged set, when asked for. */
      answers?: Record<string, JsonValue>
      /** Every answer changed after the save's base revision, by anyone (this save included): its value, or null once cleared. */
      changes: Record<string, JsonValue | null>
    }
  | { kind: 'conflict'; revision: number; conflicts: { name: string; yours: JsonValue; theirs: JsonValue }[] }
  | { kind: 'revision_ahead'; revision: number }

async function lockResponse(trx: Transaction<Database>, responseId: string): Promise<ResponseRow> {
  return trx.selectFrom('responses').selectAll().where('id', '=', responseId).forUpdate().executeTakeFirstOrThrow()
}

/**
 * Merges an autosave into a response, in one statement: the database function
 * `sonde_apply_answer_patch` (migration 20261203180200) checks and merges under the row lock, so
 * that a save is one round trip and the answers never leave the database. The rule: an answer may
 * be changed only if nobody changed it after `baseRevision` (per-answer revisions are kept in
 * `answer_revisions`); sending the value that is already stored is never a conflict, so a retried
 * save is harmless. Any conflict writes nothing. `null` clears an answer. A save that changes
 * something bumps the response's revision by one.
 *
 * A browser names each save (`saves.id`) and the earlier saves it never got an answer to
 * (`saves.unacknowledged`: a timeout, a lost connection). A save already applied is answered
 * again without being applied twice; answers changed by one of the browser's own unacknowledged
 * saves are its own, not a colleague's, so they never conflict with its next save. The last 20
 * saves that changed the response are remembered for that. The whole merged set comes back only
 * when asked (`whole`); the changes since `baseRevision` always do.
 */
export async function applyAnswerPatch(
  db: Db | Transaction<Database>,
  responseId: string,
  baseRevision: number,
  patch: Record<string, JsonValue>,
  saves: { id?: string | undefined; unacknowledged?: readonly string[] | undefined } = {},
  options: { whole?: boolean } = {},
): Promise<AnswerPatchOutcome> {
  const { rows } = await sql<{ outcome: AnswerPatchOutcome | null }>`
    select sonde_apply_answer_patch(
      ${responseId}::uuid, ${baseRevision}::integer, ${JSON.stringify(patch)}::jsonb, ${saves.id ?? null}::text,
      ${JSON.stringify(saves.unacknowledged ?? [])}::jsonb, ${options.whole ?? true}::boolean
    ) as outcome`.execute(db)
  const outcome = rows[0]?.outcome
  if (!outcome) throw new Error(`no response ${responseId}`)
  return outcome
}

/**
 * `applyAnswerPatch` for a link the server looked up before, in one round trip instead of two
 * (the lookup, then the save): the database function `sonde_save_answers_by_link` (migration
 * 20261204180000) saves only if the link is still valid, its wave open to respondents, its
 * response not submitted and the wave's current questionnaire `questionnaireId` — the version the
 * server checked the answers against. Otherwise it writes nothing and says `recheck`: the caller
 * then takes the long way (lookup, checks, `applyAnswerPatch`), which gives the exact refusal.
 */
export async function saveAnswersByLink(
  db: Db,
  tokenHash: string,
  questionnaireId: string,
  baseRevision: number,
  patch: Record<string, JsonValue>,
  saves: { id?: string | undefined; unacknowledged?: readonly string[] | undefined } = {},
  options: { whole?: boolean } = {},
): Promise<AnswerPatchOutcome | { kind: 'recheck' }> {
  const { rows } = await sql<{ outcome: AnswerPatchOutcome | { kind: 'recheck' } }>`
    select sonde_save_answers_by_link(
      ${tokenHash}, ${questionnaireId}::uuid, ${baseRevision}::integer, ${JSON.stringify(patch)}::jsonb, ${saves.id ?? null}::text,
      ${JSON.stringify(saves.unacknowledged ?? [])}::jsonb, ${options.whole ?? true}::boolean
    ) as outcome`.execute(db)
  return rows[0]!.outcome
}

export type SubmitOutcome =
  | { kind: 'submitted'; submittedAt: Date; revision: number; replayed: boolean }
  | { kind: 'key_reused' }
  | { kind: 'already_submitted' }
  | { kind: 'revision_mismatch'; revision: number }
  | { kind: 'invalid'; errors: { name: string; message: string }[] }

/**
 * Submits a response once. Under the response's row lock: a known Idempotency-Key returns
 * the stored result (or key_reused for another revision); otherwise the revision must be the
 * current one and `validate` must accept the answers, whose cleaned version is stored with
 * the submission. The unique (response_id, idempotency_key) constraint backs this up.
 */
export async function submitResponse(
  trx: Transaction<Database>,
  responseId: string,
  request: { idempotencyKey: string; revision: number },
  validate: (answers: Record<string, JsonValue>) => {
    answers: Record<string, JsonValue>
    errors: { name: string; message: string }[]
    applicable: string[]
  },
): Promise<SubmitOutcome> {
  const current = await lockResponse(trx, responseId)
  const previous = await trx
    .selectFrom('submissions')
    .select(['revision', 'submitted_at'])
    .where('response_id', '=', responseId)
    .where('idempotency_key', '=', request.idempotencyKey)
    .executeTakeFirst()
  if (previous) {
    return previous.revision === request.revision
      ? { kind: 'submitted', submittedAt: previous.submitted_at, revision: previous.revision, replayed: true }
      : { kind: 'key_reused' }
  }
  if (current.status === 'submitted') return { kind: 'already_submitted' }
  if (current.revision !== request.revision) return { kind: 'revision_mismatch', revision: current.revision }

  const { answers, errors, applicable } = validate(current.answers)
  if (errors.length > 0) return { kind: 'invalid', errors }

  const submittedAt = new Date()
  await trx
    .insertInto('submissions')
    .values({
      response_id: responseId,
      idempotency_key: request.idempotencyKey,
      revision: request.revision,
      answers,
      submitted_at: submittedAt,
    })
    .execute()
  await trx
    .updateTable('responses')
    .set({
      status: 'submitted',
      answers,
      // pg sends a JS array as a PostgreSQL array literal: jsonb needs the JSON text.
      applicable_questions: sql<string[]>`${JSON.stringify(applicable)}::jsonb`,
      submitted_at: submittedAt,
      updated_at: submittedAt,
    })
    .where('id', '=', responseId)
    .execute()
  return { kind: 'submitted', submittedAt, revision: request.revision, replayed: false }
}

/** JSON equality as jsonb sees it: object key order does not matter. */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return canonical(a ?? null) === canonical(b ?? null)
}

function canonical(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? null)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Stores the answers the registry gives an organisation (name, families, region, SIREN) as the
 * answers of its response — only while nobody has saved anything (revision 0, not started), so
 * that a change staff make to the registry before then reaches the questionnaire, and never
 * overwrites what a person typed. Neither the revision, the status nor the per-answer revisions
 * move: the response is still "not started" for the tracking (RR1, RR2), and the first save of a
 * person merges with these answers like with any other. Returns the answers stored, or undefined
 * when the response had been saved meanwhile.
 */
export async function prefillResponse(db: Db, responseId: string, answers: Record<string, JsonValue>): Promise<Record<string, JsonValue> | undefined> {
  const row = await db
    .updateTable('responses')
    .set({ answers })
    .where('id', '=', responseId)
    .where('revision', '=', 0)
    .where('status', '=', 'not_started')
    .returning('answers')
    .executeTakeFirst()
  return row?.answers
}

/**
 * Opens a submitted response to changes again (the wave allows changing answers after
 * submitting): its submissions stay in `submissions`, and it is answered and submitted anew.
 */
export async function reopenResponse(db: Db, responseId: string): Promise<void> {
  await db
    .updateTable('responses')
    .set({ status: 'in_progress', updated_at: new Date() })
    .where('id', '=', responseId)
    .where('status', '=', 'submitted')
    .execute()
}
