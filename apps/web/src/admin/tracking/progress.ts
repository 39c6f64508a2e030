import type { Progress } from '@sonde/contracts'
import { t } from '../../i18n'
import { formatPercent as formatProportion } from '../../i18n/format'

/** The counts of `GET /api/waves/{id}/progress`: RR1 = I / invited, RR2 = (I + P) / invited (AAPOR), null when nobody is invited. */
export type Counts = Progress['totals']

/** A rate as the one formatting module writes it ("42,5 %") — or "n.d." when there is nothing to divide by. */
export function formatPercent(proportion: number | null): string {
  if (proportion === null || !Number.isFinite(proportion)) return t('admin.tracking.na')
  return formatProportion(proportion)
}

/**
 * Every day from the first to the last submission, with 0 on days without one: the chart's
 * time axis must not close up the quiet days.
 */
export function fillDays(days: { date: string; count: number }[]): { date: string; count: number }[] {
  if (days.length === 0) return []
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date))
  const counts = new Map(sorted.map((day) => [day.date, day.count]))
  const filled: { date: string; count: number }[] = []
  const day = new Date(`${sorted[0]!.date}T00:00:00Z`)
  const last = new Date(`${sorted.at(-1)!.date}T00:00:00Z`)
  // A year at most: beyond that, the days with submissions only.
  if ((last.getTime() - day.getTime()) / 86_400_000 > 366) return sorted
  while (day <= last) {
    const date = day.toISOString().slice(0, 10)
    filled.push({ date, count: counts.get(date) ?? 0 })
    day.setUTCDate(day.getUTCDate() + 1)
  }
  return filled
}
