import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import {
  auditNoticeExists,
  claimScheduledReminder,
  closeWaveOnSchedule,
  enqueueMessages,
  listFamilies,
  listHandledReminders,
  listWaveOrganisations,
  lockWave,
  openWaveOnSchedule,
  openWavesClosingAfter,
  recordAudit,
  setReminderRecipients,
  toWave,
  toWaveCalendar,
  waveHasQuestionnaire,
  wavesDueToClose,
  wavesDueToOpen,
  type Db,
  type WaveRow,
} from '@sonde/db'
import { waveMessage } from '../mail/templates'
import { intervalJob } from '../plugins/interval-job'
import { dueReminders, lastReminderDays, openingBlock } from './schedule'

export interface ScheduleJobOptions {
  /** How often the scheduler runs (ms), and once at start-up; 0 = only when asked (tests call tick). */
  intervalMs: number
}

/** What one pass did: the waves it opened and closed, the openings it could not make, the reminders it sent. */
export interface ScheduleTickResult {
  opened: string[]
  closed: string[]
  blocked: string[]
  reminders: { waveId: string; daysBefore: number; recipients: number; superseded: number[] }[]
}

declare module 'fastify' {
  interface FastifyInstance {
    schedule: {
      /** One pass of the scheduler now (one at a time per process); `now` stands for the clock in tests. */
      tick(now?: Date): Promise<ScheduleTickResult>
    }
  }
}

const system = { actorType: 'system', actorId: null } as const

/**
 * Opens a due draft wave in one transaction, audited; or records once why it cannot
 * (`openingBlock`: its closing has passed too, or it has no questionnaire).
 */
async function openOnSchedule(db: Db, wave: WaveRow, now: Date, result: ScheduleTickResult): Promise<void> {
  const calendar = toWaveCalendar(wave)
  const reason = openingBlock(calendar, await waveHasQuestionnaire(db, wave.id), now)
  if (reason) {
    const opensAt = calendar.opensAt!.toISOString()
    const noted = await db.transaction().execute(async (trx) => {
      if (await auditNoticeExists(trx, wave.id, 'wave.open_blocked', { opensAt, reason })) return false
      const details: Record<string, string> = { opensAt, reason }
      if (reason === 'closing_passed') details.closesAt = calendar.closesAt!.toISOString()
      await recordAudit(trx, { ...system, waveId: wave.id, action: 'wave.open_blocked', details })
      return true
    })
    if (noted) result.blocked.push(wave.id)
    return
  }
  const opened = await db.transaction().execute(async (trx) => {
    const row = await openWaveOnSchedule(trx, wave.id, now)
    if (row) {
      const opensAt = toWaveCalendar(row).opensAt!.toISOString()
      await recordAudit(trx, { ...system, waveId: wave.id, action: 'wave.open_scheduled', details: { from: 'draft', to: 'open', opensAt } })
    }
    return row
  })
  if (opened) result.opened.push(wave.id)
}

async function closeOnSchedule(db: Db, wave: WaveRow, now: Date, result: ScheduleTickResult): Promise<void> {
  const closed = await db.transaction().execute(async (trx) => {
    const row = await closeWaveOnSchedule(trx, wave.id, now)
    if (row) {
      const closesAt = toWaveCalendar(row).closesAt!.toISOString()
      await recordAudit(trx, { ...system, waveId: wave.id, action: 'wave.close_scheduled', details: { from: 'open', to: 'closed', closesAt } })
    }
    return row
  })
  if (closed) result.closed.push(wave.id)
}

/**
 * Sends the reminder due for an open wave, if any, to the organisations that have a link, an
 * address and no submitted response — the ones a reminder by hand goes to. The reminder's row,
 * its e-mails and its audit entry are written in one transaction that holds the wave's row: the
 * passes of several processes handle a wave's reminders one after the other, each seeing what
 * the previous one sent, and the dates cannot move meanwhile.
 */
async function remindOnSchedule(db: Db, row: WaveRow, now: Date, result: ScheduleTickResult): Promise<void> {
  // A first look without the lock: at most passes, nothing is due.
  const before = toWaveCalendar(row)
  if (dueReminders(before, lastReminderDays(await listHandledReminders(db, row.id, before.opensAt)), now).send === null) return
  const sent = await db.transaction().execute(async (trx) => {
    const locked = await lockWave(trx, row.id)
    if (!locked) return null
    const calendar = toWaveCalendar(locked)
    const { send, superseded } = dueReminders(calendar, lastReminderDays(await listHandledReminders(trx, locked.id, calendar.opensAt)), now)
    if (send === null) return null
    const key = { waveId: locked.id, closesAt: calendar.closesAt!, daysBefore: send }
    if (!(await claimScheduledReminder(trx, { ...key, superseded: false, now }))) return null
    for (const daysBefore of superseded) await claimScheduledReminder(trx, { ...key, daysBefore, superseded: true, now })
    const wave = toWave(locked, await listFamilies(trx, locked.id))
    // Read inside the transaction: an organisation that submitted a moment ago is not reminded.
    const organisations = (await listWaveOrganisations(trx, locked.id)).filter((o) => !o.revokedAt && o.email && o.responseStatus !== 'submitted')
    await enqueueMessages(
      trx,
      organisations.map((org) => ({
        kind: 'reminder' as const,
        waveId: locked.id,
        invitationId: org.invitationId,
        to: org.email!,
        ...waveMessage(wave, 'reminder', org.name),
      })),
    )
    await setReminderRecipients(trx, key, organisations.length)
    await recordAudit(trx, {
      ...system,
      waveId: locked.id,
      action: 'reminders.scheduled',
      details: { daysBefore: send, closesAt: key.closesAt.toISOString(), queued: organisations.length, superseded },
    })
    return { daysBefore: send, recipients: organisations.length, superseded }
  })
  if (sent) result.reminders.push({ waveId: row.id, ...sent })
}

/**
 * One pass of the scheduler at `now`: draft waves whose opening has come open (only with a
 * questionnaire, and while their closing is ahead; a closed wave is never reopened), open waves whose closing has come close, and
 * the reminders due go out. Each move is its own transaction, guarded by the wave's status, so
 * that passes of several processes on one database make each move once.
 */
export async function runScheduleTick(
  db: Db,
  now: Date = new Date(),
  onWaveError: (wave: WaveRow, err: unknown) => void = (_wave, err) => {
    throw err
  },
): Promise<ScheduleTickResult> {
  const result: ScheduleTickResult = { opened: [], closed: [], blocked: [], reminders: [] }
  // A wave that fails (its next pass tries again) must not hold back the others' moves.
  const each = async (waves: WaveRow[], move: (db: Db, wave: WaveRow, now: Date, result: ScheduleTickResult) => Promise<void>) => {
    for (const wave of waves) await move(db, wave, now, result).catch((err: unknown) => onWaveError(wave, err))
  }
  await each(await wavesDueToOpen(db, now), openOnSchedule)
  await each(await wavesDueToClose(db, now), closeOnSchedule)
  await each(
    (await openWavesClosingAfter(db, now)).filter((wave) => toWaveCalendar(wave).reminderDays.length > 0),
    remindOnSchedule,
  )
  return result
}

/**
 * The scheduler: at start-up and then every `intervalMs`, `runScheduleTick`. Its state lives in
 * the database (the waves' dates and status, `scheduled_reminders`), so a restart loses nothing
 * and a pass after a stop catches up.
 */
export default fp(
  async function scheduleJob(app: FastifyInstance, options: ScheduleJobOptions) {
    const tick = intervalJob(app, {
      name: 'schedule',
      intervalMs: options.intervalMs,
      run: async (now?: Date) => {
        const result = await runScheduleTick(app.db, now, (wave, err) => app.log.error({ err, wave: wave.slug }, 'schedule: wave skipped this pass'))
        for (const id of result.opened) app.log.info({ wave: id }, 'schedule: wave opened')
        for (const id of result.closed) app.log.info({ wave: id }, 'schedule: wave closed')
        for (const id of result.blocked) app.log.warn({ wave: id }, 'schedule: wave not opened on its date (its schedule says why)')
        if (result.reminders.length > 0) {
          for (const r of result.reminders) app.log.info({ wave: r.waveId, daysBefore: r.daysBefore, recipients: r.recipients }, 'schedule: reminder queued')
          // The e-mails are in the outbox: the worker sends them now rather than at its next pass.
          void app.outbox.processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))
        }
        return result
      },
    })
    app.decorate('schedule', { tick })
  },
  { name: 'schedule', dependencies: ['database', 'outbox'] },
)
