import { sql, type Transaction } from 'kysely'
import type { Db } from '../connection'
import type { Database, WaveRow, WaveStatus } from '../types'
import { lockWave, waveSettings } from './waves'

// The scheduler's reads and moves (apps/api/src/waves/schedule-job.ts). Every move is guarded by
// the wave's status in its WHERE: two processes that try the same move at once make it once — the
// second waits on the row, finds the status changed, and updates nothing.

/** A wave's calendar as the scheduler and the console read it. */
export interface WaveCalendar {
  id: string
  status: WaveStatus
  opensAt: Date | null
  closesAt: Date | null
  reminderDays: number[]
}

/** The calendar of a wave row: its status, planned dates and reminder days (defaults filled in). */
export function toWaveCalendar(wave: WaveRow): WaveCalendar {
  return { id: wave.id, status: wave.status, opensAt: wave.opens_at, closesAt: wave.closes_at, reminderDays: waveSettings(wave).reminderDays }
}

/** Draft waves whose planned opening has come. */
export async function wavesDueToOpen(db: Db, now: Date): Promise<WaveRow[]> {
  return db.selectFrom('waves').selectAll().where('status', '=', 'draft').where('opens_at', '<=', now).orderBy('opens_at').execute()
}

/** Open waves whose planned closing has come. */
export async function wavesDueToClose(db: Db, now: Date): Promise<WaveRow[]> {
  return db.selectFrom('waves').selectAll().where('status', '=', 'open').where('closes_at', '<=', now).orderBy('closes_at').execute()
}

/** Open waves with a closing date still ahead: the ones scheduled reminders can go for. */
export async function openWavesClosingAfter(db: Db, now: Date): Promise<WaveRow[]> {
  return db.selectFrom('waves').selectAll().where('status', '=', 'open').where('closes_at', '>', now).orderBy('closes_at').execute()
}

/** Whether a wave has a questionnaire (a wave without one cannot open by itself). */
export async function waveHasQuestionnaire(db: Db, waveId: string): Promise<boolean> {
  return (await db.selectFrom('questionnaires').select('id').where('wave_id', '=', waveId).limit(1).executeTakeFirst()) !== undefined
}

/**
 * Opens a draft wave whose planned opening has come, whose planned closing has not, and which
 * has a questionnaire; its `opens_at` stays the planned moment. Undefined when another process
 * did it first, or when the wave changed meanwhile (opened by hand, date moved, questionnaire
 * missing). A draft whose closing passed too (no process ran the whole time) stays a draft: it
 * would be opened and closed at once.
 */
export async function openWaveOnSchedule(trx: Transaction<Database>, waveId: string, now: Date): Promise<WaveRow | undefined> {
  return trx
    .updateTable('waves')
    .set({ status: 'open' })
    .where('id', '=', waveId)
    .where('status', '=', 'draft')
    .where('opens_at', '<=', now)
    .where((eb) => eb.or([eb('closes_at', 'is', null), eb('closes_at', '>', now)]))
    .where(({ exists, selectFrom }) => exists(selectFrom('questionnaires').select('id').where('questionnaires.wave_id', '=', waveId)))
    .returningAll()
    .executeTakeFirst()
}

/** Closes an open wave whose planned closing has come; undefined when another process did it first or the wave changed. */
export async function closeWaveOnSchedule(trx: Transaction<Database>, waveId: string, now: Date): Promise<WaveRow | undefined> {
  return trx
    .updateTable('waves')
    .set({ status: 'closed' })
    .where('id', '=', waveId)
    .where('status', '=', 'open')
    .where('closes_at', '<=', now)
    .returningAll()
    .executeTakeFirst()
}

/**
 * Locks a wave's row until the end of the transaction (`lockWave`) and says whether an audit
 * event of this action already holds these details: a notice written once per planned date and
 * reason, however many processes and passes see it.
 */
export async function auditNoticeExists(trx: Transaction<Database>, waveId: string, action: string, details: Record<string, string>): Promise<boolean> {
  await lockWave(trx, waveId)
  const found = await trx
    .selectFrom('audit_events')
    .select('id')
    .where('wave_id', '=', waveId)
    .where('action', '=', action)
    .where(sql<boolean>`details @> ${JSON.stringify(details)}::jsonb`)
    .limit(1)
    .executeTakeFirst()
  return found !== undefined
}

/** A scheduled reminder already handled. */
export interface HandledReminder {
  daysBefore: number
  /** The closing date it was planned against. */
  closesAt: Date
  sentAt: Date
  recipients: number
  superseded: boolean
}

/**
 * The scheduled reminders handled for a wave since `since` (its opening; null: all), whatever
 * the closing date they were planned against, oldest first. A reopened wave starts afresh.
 */
export async function listHandledReminders(db: Db, waveId: string, since: Date | null): Promise<HandledReminder[]> {
  let query = db
    .selectFrom('scheduled_reminders')
    .select(['days_before as daysBefore', 'closes_at as closesAt', 'sent_at as sentAt', 'recipients', 'superseded'])
    .where('wave_id', '=', waveId)
  if (since) query = query.where('sent_at', '>=', since)
  return query.orderBy('sent_at').orderBy('days_before', 'desc').execute()
}

/**
 * Takes a scheduled reminder for sending: inserts its row, or finds it there (another process
 * or an earlier pass took it) and returns false. Called in the transaction that writes its
 * e-mails, so the row and the e-mails land together or not at all.
 */
export async function claimScheduledReminder(
  trx: Transaction<Database>,
  reminder: { waveId: string; closesAt: Date; daysBefore: number; superseded: boolean; now: Date },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('scheduled_reminders')
    .values({
      wave_id: reminder.waveId,
      closes_at: reminder.closesAt,
      days_before: reminder.daysBefore,
      sent_at: reminder.now,
      superseded: reminder.superseded,
    })
    .onConflict((oc) => oc.columns(['wave_id', 'closes_at', 'days_before']).doNothing())
    .returning('days_before')
    .executeTakeFirst()
  return inserted !== undefined
}

/** Records how many organisations a scheduled reminder went to. */
export async function setReminderRecipients(
  trx: Transaction<Database>,
  reminder: { waveId: string; closesAt: Date; daysBefore: number },
  recipients: number,
): Promise<void> {
  await trx
    .updateTable('scheduled_reminders')
    .set({ recipients })
    .where('wave_id', '=', reminder.waveId)
    .where('closes_at', '=', reminder.closesAt)
    .where('days_before', '=', reminder.daysBefore)
    .execute()
}
