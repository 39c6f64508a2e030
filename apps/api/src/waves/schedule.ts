import { REMINDER_HOUR_PARIS, type WaveSchedule, type WaveStatus } from '@sonde/contracts'

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
})

/** The wall-clock time in Paris at `date`, read as if it were UTC (its difference to `date` is Paris's offset then). */
function parisWallClock(date: Date): number {
  const parts = Object.fromEntries(parisParts.formatToParts(date).map((p) => [p.type, p.value]))
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
}

/**
 * When a scheduled reminder goes: at `REMINDER_HOUR_PARIS` (9 h) Paris time, `daysBefore`
 * calendar days before the Paris day of the closing — the same hour winter and summer
 * (the offset is looked up for that day, so a change of time in between moves nothing).
 */
export function reminderTime(closesAt: Date, daysBefore: number): Date {
  const closingDay = new Date(parisWallClock(closesAt))
  const wall = Date.UTC(closingDay.getUTCFullYear(), closingDay.getUTCMonth(), closingDay.getUTCDate() - daysBefore, REMINDER_HOUR_PARIS)
  // Paris's offset at that wall time: guess with the offset at the wall time read as UTC, then
  // check once (9 h is never inside a change of time, which happens at 2 h or 3 h).
  let at = wall - (parisWallClock(new Date(wall)) - wall)
  at = wall - (parisWallClock(new Date(at)) - at)
  return new Date(at)
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
 * The reminders due at `now` for an open wave and not handled yet: the latest one to send, and
 * the earlier ones it replaces — due while no process ran (a reminder a week late, followed by
 * another the same day, would only annoy people).
 */
export function dueReminders(wave: ScheduledWave, handled: ReadonlySet<number>, now: Date): { send: number | null; superseded: number[] } {
  if (wave.status !== 'open' || !wave.closesAt || wave.closesAt <= now) return { send: null, superseded: [] }
  const due = reminderSlots(wave).filter(({ daysBefore, at }) => at <= now && !handled.has(daysBefore))
  const [latest, ...earlier] = due
  return { send: latest?.daysBefore ?? null, superseded: earlier.map((r) => r.daysBefore) }
}

/** What the scheduler will do for a wave from `now` on, in time order (the console says it in words). */
export function plannedSteps(wave: ScheduledWave, handled: ReadonlySet<number>, now: Date): WaveSchedule['planned'] {
  if (wave.status !== 'draft' && wave.status !== 'open') return []
  const steps: { kind: 'open' | 'close' | 'reminder'; at: Date; daysBefore: number | null }[] = []
  if (wave.status === 'draft' && wave.opensAt) steps.push({ kind: 'open', at: wave.opensAt, daysBefore: null })
  const slots = reminderSlots(wave).filter((slot) => !handled.has(slot.daysBefore))
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
