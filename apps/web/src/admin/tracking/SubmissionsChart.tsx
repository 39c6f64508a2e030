import { useId } from 'react'
import { t } from '../../i18n'
import { formatCount, formatShortDay } from '../../i18n/format'

const WIDTH = 640
const HEIGHT = 220
const MARGIN = { top: 12, right: 12, bottom: 36, left: 40 }

/** Gridlines at round numbers: 1, 2, 5, 10, 20, 50… per step, four steps or fewer. */
function ticks(max: number): number[] {
  const steps = [1, 2, 5]
  let step = 1
  for (let scale = 1; ; scale *= 10) {
    const found = steps.map((s) => s * scale).find((candidate) => max / candidate <= 4)
    if (found) {
      step = found
      break
    }
  }
  const values: number[] = []
  for (let value = 0; value <= max; value += step) values.push(value)
  if (values.at(-1)! < max) values.push(values.at(-1)! + step)
  return values
}

/**
 * Submissions per day as bars, drawn by hand in SVG (no chart library). The same numbers are in
 * the table beside it, which is what assistive technology reads: the drawing is one image with a
 * one-sentence summary.
 */
export function SubmissionsChart({ days }: { days: { date: string; count: number }[] }) {
  const id = useId()
  const total = days.reduce((sum, day) => sum + day.count, 0)
  const peak = days.reduce((best, day) => (day.count > best.count ? day : best), days[0] ?? { date: '', count: 0 })
  const scaleMax = ticks(Math.max(peak.count, 1)).at(-1)!
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom
  const slot = plotWidth / Math.max(days.length, 1)
  const barWidth = Math.max(Math.min(slot * 0.7, 40), 1)
  const y = (value: number) => MARGIN.top + plotHeight - (value / scaleMax) * plotHeight
  // Few enough date labels not to overlap: about one every 70 px.
  const labelEvery = Math.max(1, Math.ceil(70 / slot))
  const summary = t('admin.tracking.chart.summary', {
    total: formatCount(total),
    days: formatCount(days.length),
    peak: formatCount(peak.count),
    date: peak.date ? formatShortDay(peak.date) : '',
  })

  return (
    <svg className="bar-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`} preserveAspectRatio="xMidYMid meet">
      <title id={`${id}-title`}>{summary}</title>
      {ticks(scaleMax).map((value) => (
        <g key={value}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(value)} y2={y(value)} className="bar-chart__grid" />
          <text x={MARGIN.left - 6} y={y(value)} dy="0.32em" textAnchor="end" className="bar-chart__label">
            {formatCount(value)}
          </text>
        </g>
      ))}
      {days.map((day, index) => {
        const x = MARGIN.left + index * slot + (slot - barWidth) / 2
        return (
          <g key={day.date}>
            {day.count > 0 ? <rect x={x} y={y(day.count)} width={barWidth} height={y(0) - y(day.count)} className="bar-chart__bar" /> : null}
            {index % labelEvery === 0 ? (
              <text x={x + barWidth / 2} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" className="bar-chart__label">
                {formatShortDay(day.date)}
              </text>
            ) : null}
          </g>
        )
      })}
      <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} className="bar-chart__axis" />
    </svg>
  )
}
