// Sonde's calendar is in Paris time, whatever the zone of the server or the browser: the network
// works in Paris time, and the e-mails and the respondents' page say "heure de Paris". Paris is
// UTC+1 in winter and UTC+2 in summer, from the last Sunday of March to the last Sunday of
// October at 01:00 UTC (EU Directive 2000/84/EC); the offsets come from the runtime's time-zone
// data (Intl), never from a table of ours. Plain functions without imports: the respondent's page
// can use them without pulling the schema library into its bundle.

const PARIS = 'Europe/Paris'

/** A wall-clock time in Paris: what its clocks and calendars show (month 1–12). */
export interface ParisWallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

const wallParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
})

/** The wall-clock time in Paris at `date`. */
export function parisWallClock(date: Date): ParisWallClock {
  const parts = Object.fromEntries(wallParts.formatToParts(date).map((p) => [p.type, Number(p.value)]))
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! }
}

// The Paris wall time at `at` read as if it were UTC: its difference to `at` is Paris's offset then.
function wallAsUtc(at: number): number {
  const w = parisWallClock(new Date(at))
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
}

/**
 * The moment at which Paris's clocks show `wall`. Fields may overflow as in `Date.UTC` (day 0 is
 * the last day of the month before, `day - 7` a week earlier). The offset is Paris's at that
 * moment: guessed with the offset at the wall time read as UTC, then corrected once with the
 * offset found. A time the spring change skips (2:30 on the last Sunday of March) comes out an
 * hour later, at 3:30 summer time; a time the autumn change shows twice (2:30 on the last Sunday
 * of October) is its second occurrence, in winter time.
 */
export function fromParisWallClock(wall: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number }): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0)
  let at = asUtc - (wallAsUtc(asUtc) - asUtc)
  at = asUtc - (wallAsUtc(at) - at)
  return new Date(at)
}

const pad = (value: number) => String(value).padStart(2, '0')

/**
 * A stored moment as a native date-time input shows it (a wall time without a zone), in Paris
 * time: "2026-03-15T23:59"; "" for none.
 */
export function isoToParisInput(iso: string | null): string {
  if (!iso) return ''
  const w = parisWallClock(new Date(iso))
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`
}

/**
 * The moment a date-time input's value ("2026-03-15T23:59") means in Paris, as ISO (UTC); null
 * for an empty or unreadable value (`fromParisWallClock`).
 */
export function parisInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!match) return null
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number]
  return fromParisWallClock({ year, month, day, hour, minute }).toISOString()
}

const frenchDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: PARIS })

/**
 * A moment as French writes it, in Paris time: "15 mars 2026 à 23 h 59" — hours the French way
 * with no-break spaces (Lexique des règles typographiques en usage à l’Imprimerie nationale:
 * "23 h 59"), "1er" for the first of the month. The e-mails' `{{date_limite}}` and the pages'
 * French dates both say it so.
 */
export function frenchParisDateTime(date: Date): string {
  const day = frenchDay.format(date).replace(/^1 /, '1er ')
  const wall = parisWallClock(date)
  return `${day} à ${wall.hour}\u00A0h\u00A0${pad(wall.minute)}`
}
