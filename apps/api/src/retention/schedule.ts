/**
 * When a wave's retention ends. `retentionUntil` is a calendar date ("conservation jusqu’au …",
 * inclusive) read in Europe/Paris, where the network works: the data stay that whole day and go
 * from the next midnight, at the job's next hourly pass.
 */

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
const parisHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' })

/** The calendar date in Paris at `instant`, as YYYY-MM-DD. */
export function parisDate(instant: Date): string {
  return parisDay.format(instant)
}

/** Whether the retention of a wave kept until `retentionUntil` (YYYY-MM-DD) is over at `now`. */
export function retentionDue(retentionUntil: string | null, now: Date): boolean {
  return retentionUntil !== null && retentionUntil < parisDate(now)
}

/** The instant retention ends: midnight in Paris at the start of the day after `retentionUntil`. */
export function retentionEndsAt(retentionUntil: string): Date {
  const [year, month, day] = retentionUntil.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(year, month - 1, day + 1))
  const nextDate = next.toISOString().slice(0, 10)
  // Paris is one hour ahead of UTC in winter, two in summer.
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(next.getTime() - offsetHours * 3_600_000)
    if (parisDate(candidate) === nextDate && parisHour.format(candidate) === '00') return candidate
  }
  return next
}
