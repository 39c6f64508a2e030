import { fromParisWallClock, parisWallClock, REMINDER_HOUR_PARIS, type WaveSchedule, type WaveStatus } from '@sonde/contracts'

/**
 * When a scheduled reminder goes: at `REMINDER_HOUR_PARIS` (9 h) Paris time, `daysBefore`
 * calendar days before the Paris day of the closing — the same hour winter and summer
 * (the offset is looked up for that day, so a change of time in between moves nothing).
 */
export function reminderTime(closesAt: Date, daysBefore: number): Date {
  const closingDay = parisWallClock(closesAt)
  return fromParisWallClock({ year: closingDay.year, month: closingDay.month, day: closingDay.day - daysBefore, hour: REMINDER_HOUR_PARIS })
}

export interface ScheduledWave {
  status: WaveStatus
  opensAt: Date | null
  closesAt: Date | null
  reminderDays: readonly number[]
}

/**
 * The reminders a wave can have: each falls after the opening (a reminder before the opening
 * would reach people along with their invitation) and before the closing; latest first.
 */
export function reminderSlots(wave: ScheduledWave): { daysBefore: number; at: Date }[] {
  const { closesAt, opensAt } = wave
  if (!closesAt) return []
  return wave.reminderDays
    .map((daysBefore) => ({ daysBefore, at: reminderTime(closesAt, daysBefore) }))
    .filter(({ at }) => at < closesAt && (!opensAt || at > opensAt))
    .sort((a, b) => b.at.getTime() - a.at.getTime())
}

/**
 * How many days before its closing the last reminder members got went (null: none yet): the
 * fewest days before among the reminders handled since the wave opened, whatever closing date
 * they were planned against.
 */
export function lastReminderDays(handled: readonly { daysBefore: number }[]): number | null {
  return handled.length === 0 ? null : Math.min(...handled.map((r) => r.daysBefore))
}

/**
 * The reminder slots still to come: those closer to the closing than the last reminder members
 * got (`lastReminderDays`). A slot as far from the closing as that one, or farther, has had its
 * reminder — though the closing moved since: extending the deadline by a day must not send the
 * "7 days before" reminder again the next day.
 */
function slotsToCome(wave: ScheduledWave, lastDays: number | null): { daysBefore: number; at: Date }[] {
  return reminderSlots(wave).filter((slot) => lastDays === null || slot.daysBefore < lastDays)
}

/**
 * The reminders due at `now` for an open wave and not handled yet: the latest one to send, and
 * the earlier ones it replaces — due while no process ran (a reminder a week late, followed by
 * another the same day, would only annoy people).
 */
export function dueReminders(wave: ScheduledWave, lastDays: number | null, now: Date): { send: number | null; superseded: number[] } {
  if (wave.status !== 'open' || !wave.closesAt || wave.closesAt <= now) return { send: null, superseded: [] }
  const due = slotsToCome(wave, lastDays).filter(({ at }) => at <= now)
  const [latest, ...earlier] = due
  return { send: latest?.daysBefore ?? null, superseded: earlier.map((r) => r.daysBefore) }
}

/** Why a draft whose planned opening has come stays a draft. */
export type OpeningBlock = NonNullable<WaveSchedule['blocked']>

/**
 * Why a draft wave whose planned opening has come at `now` does not open (null: it opens, or its
 * opening has not come): its closing has passed too (no process ran the whole time; opening it
 * would close it at once), or it has no questionnaire.
 */
export function openingBlock(wave: ScheduledWave, hasQuestionnaire: boolean, now: Date): OpeningBlock | null {
  if (wave.status !== 'draft' || !wave.opensAt || wave.opensAt > now) return null
  if (wave.closesAt && wave.closesAt <= now) return 'closing_passed'
  return hasQuestionnaire ? null : 'no_questionnaire'
}

/** What the scheduler will do for a wave from `now` on, in time order (the console says it in words). */
export function plannedSteps(wave: ScheduledWave, lastDays: number | null, now: Date): WaveSchedule['planned'] {
  if (wave.status !== 'draft' && wave.status !== 'open') return []
  // A draft whose closing has passed neither opens nor closes by itself.
  if (wave.status === 'draft' && wave.closesAt && wave.closesAt <= now) return []
  const steps: { kind: 'open' | 'close' | 'reminder'; at: Date; daysBefore: number | null }[] = []
  if (wave.status === 'draft' && wave.opensAt) steps.push({ kind: 'open', at: wave.opensAt, daysBefore: null })
  const slots = slotsToCome(wave, lastDays)
  // A reminder of an open wave already due goes at the next pass (only the latest: `dueReminders`).
  const overdue = wave.status === 'open' ? slots.filter((slot) => slot.at <= now).slice(0, 1) : []
  for (const slot of [...overdue, ...slots.filter((s) => s.at > now)]) steps.push({ kind: 'reminder', ...slot })
  if (wave.closesAt) steps.push({ kind: 'close', at: wave.closesAt, daysBefore: null })
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime()).map((step) => ({ ...step, at: step.at.toISOString() }))
}

/** A refusal of a wave's new dates: the field, and why in French (the console shows its own words). */
export interface ScheduleIssue {
  field: 'body.opensAt' | 'body.closesAt'
  message: string
}

const sameMoment = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime())

/**
 * Whether new planned dates fit a wave at `now`: the opening moves only while the wave is a
 * draft (afterwards it records when the wave opened); a new closing of a draft or open wave is
 * still ahead; the closing comes after the opening. Dates sent unchanged are never refused.
 */
export function scheduleIssues(
  wave: { status: WaveStatus; opensAt: Date | null; closesAt: Date | null },
  changes: { opensAt?: string | null; closesAt?: string | null },
  now: Date,
): ScheduleIssue[] {
  const read = (value: string | null | undefined, current: Date | null) => (value === undefined ? current : value === null ? null : new Date(value))
  const opensAt = read(changes.opensAt, wave.opensAt)
  const closesAt = read(changes.closesAt, wave.closesAt)
  const opensMoved = !sameMoment(opensAt, wave.opensAt)
  const closesMoved = !sameMoment(closesAt, wave.closesAt)
  const issues: ScheduleIssue[] = []
  if (opensMoved && wave.status !== 'draft') {
    issues.push({ field: 'body.opensAt', message: 'la vague a déjà été ouverte : sa date d’ouverture ne change plus.' })
  }
  if (closesMoved && wave.status === 'archived') {
    issues.push({ field: 'body.closesAt', message: 'la vague est archivée : ses dates ne changent plus.' })
  } else if (closesMoved && closesAt && closesAt <= now && (wave.status === 'draft' || wave.status === 'open')) {
    issues.push({ field: 'body.closesAt', message: 'cette date de clôture est déjà passée.' })
  } else if ((opensMoved || closesMoved) && opensAt && closesAt && closesAt <= opensAt) {
    issues.push({ field: 'body.closesAt', message: 'la clôture doit venir après l’ouverture.' })
  }
  return issues
}
