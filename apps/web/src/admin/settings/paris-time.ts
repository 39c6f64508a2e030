// The calendar's fields are native date-time inputs, which hold a wall time without a zone
// ("2026-03-15T23:59"). Sonde reads them as Paris time, whatever the browser's zone: the network
// works in Paris time, and the e-mails and the respondents' page say "heure de Paris".

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The Paris wall time at `date`, as the fields of a date-time input. */
function parisFields(date: Date): { year: string; month: string; day: string; hour: string; minute: string } {
  const parts = Object.fromEntries(parisParts.formatToParts(date).map((p) => [p.type, p.value]))
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! }
}

const wallAsUtc = (f: ReturnType<typeof parisFields>) => Date.UTC(Number(f.year), Number(f.month) - 1, Number(f.day), Number(f.hour), Number(f.minute))

/** A stored moment as a date-time input shows it, in Paris time: "2026-03-15T23:59"; "" for none. */
export function isoToParisInput(iso: string | null): string {
  if (!iso) return ''
  const f = parisFields(new Date(iso))
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}`
}

/**
 * The moment a date-time input's value means in Paris, as ISO (UTC); null for an empty or
 * unreadable value. The offset is Paris's at that moment (winter +1, summer +2).
 */
export function parisInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!match) return null
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number]
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  // Guess with the offset at the wall time read as UTC, then correct once with the offset found.
  let at = wall - (wallAsUtc(parisFields(new Date(wall))) - wall)
  at = wall - (wallAsUtc(parisFields(new Date(at))) - at)
  return new Date(at).toISOString()
}
