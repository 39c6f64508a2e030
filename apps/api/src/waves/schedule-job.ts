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
import { dueReminders } from './schedule'

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

/** Opens a due draft wave in one transaction, audited; or records once why it cannot (no questionnaire). */
async function openOnSchedule(db: Db, wave: WaveRow, now: Date, result: ScheduleTickResult): Promise<void> {
  if (!(await waveHasQuestionnaire(db, wave.id))) {
    const opensAt = toWaveCalendar(wave).opensAt!.toISOString()
    const noted = await db.transaction().execute(async (trx) => {
      if (await auditNoticeExists(trx, wave.id, 'wave.open_blocked', 'opensAt', opensAt)) return false
      await recordAudit(trx, { ...system, waveId: wave.id, action: 'wave.open_blocked', details: { opensAt, reason: 'no_questionnaire' } })
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
 * its e-mails and its audit entry are written in one transaction: a process that finds the row
 * already there (another process, an earlier pass) sends nothing.
 */
async function remindOnSchedule(db: Db, row: WaveRow, now: Date, result: ScheduleTickResult): Promise<void> {
  const calendar = toWaveCalendar(row)
  const closesAt = calendar.closesAt!
  const handled = new Set((await listHandledReminders(db, row.id, closesAt)).map((r) => r.daysBefore))
  const { send, superseded } = dueReminders(calendar, handled, now)
  if (send === null) return
  const wave = toWave(row, await listFamilies(db, row.id))
  const recipients = await db.transaction().execute(async (trx) => {
    const key = { waveId: row.id, closesAt, daysBefore: send }
    if (!(await claimScheduledReminder(trx, { ...key, superseded: false, now }))) return null
    for (const daysBefore of superseded) await claimScheduledReminder(trx, { waveId: row.id, closesAt, daysBefore, superseded: true, now })
    // Read inside the transaction: an organisation that submitted a moment ago is not reminded.
    const organisations = (await listWaveOrganisations(trx, row.id)).filter((o) => !o.revokedAt && o.email && o.responseStatus !== 'submitted')
    await enqueueMessages(
      trx,
      organisations.map((org) => ({
        kind: 'reminder' as const,
        waveId: row.id,
        invitationId: org.invitationId,
        to: org.email!,
        ...waveMessage(wave, 'reminder', org.name),
      })),
    )
    await setReminderRecipients(trx, key, organisations.length)
    await recordAudit(trx, {
      ...system,
      waveId: row.id,
      action: 'reminders.scheduled',
      details: { daysBefore: send, closesAt: closesAt.toISOString(), queued: organisations.length, superseded },
    })
    return organisations.length
  })
  if (recipients !== null) result.reminders.push({ waveId: row.id, daysBefore: send, recipients, superseded })
}

/**
 * One pass of the scheduler at `now`: draft waves whose opening has come open (only with a
 * questionnaire; a closed wave is never reopened), open waves whose closing has come close, and
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
    let running: Promise<ScheduleTickResult> | null = null
    const tick = (now?: Date) => {
      running ??= runScheduleTick(app.db, now, (wave, err) => app.log.error({ err, wave: wave.slug }, 'schedule: wave skipped this pass'))
        .then((result) => {
          for (const id of result.opened) app.log.info({ wave: id }, 'schedule: wave opened')
          for (const id of result.closed) app.log.info({ wave: id }, 'schedule: wave closed')
          for (const id of result.blocked) app.log.warn({ wave: id }, 'schedule: wave not opened, it has no questionnaire')
          if (result.reminders.length > 0) {
            for (const r of result.reminders) app.log.info({ wave: r.waveId, daysBefore: r.daysBefore, recipients: r.recipients }, 'schedule: reminder queued')
            // The e-mails are in the outbox: the worker sends them now rather than at its next pass.
            void app.outbox.processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))
          }
          return result
        })
        .finally(() => {
          running = null
        })
      return running
    }
    app.decorate('schedule', { tick })

    if (options.intervalMs > 0) {
      let timer: NodeJS.Timeout | undefined
      const pass = () => void tick().catch((err: unknown) => app.log.error({ err }, 'schedule pass failed; next try at the next pass'))
      app.addHook('onReady', async () => {
        pass()
        timer = setInterval(pass, options.intervalMs)
        timer.unref()
      })
      app.addHook('onClose', async () => {
        clearInterval(timer)
        await running?.catch(() => undefined)
      })
    }
  },
  { name: 'schedule', dependencies: ['database', 'outbox'] },
)
