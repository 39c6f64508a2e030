import * as Plot from '@observablehq/plot'
import { useEffect, useRef } from 'react'
import type { IndicatorCell, IndicatorMeta } from '@sonde/contracts'
import { formatNumber, t } from '../../i18n'
import { formatIndicatorValue } from './format-cell'

/** One line of a chart: a family, a dimension value or a category, and its cell. */
export interface ChartRow {
  key: string
  label: string
  cell: IndicatorCell | undefined
}

interface IndicatorChartProps {
  meta: IndicatorMeta
  rows: ChartRow[]
  /** The figure caption's id: the chart is named by it, and the table beside it holds the same figures. */
  labelledBy: string
}

const WIDTH = 720
const ROW = 30

function compact(value: number, meta: Pick<IndicatorMeta, 'unit'>): string {
  if (meta.unit === 'proportion') return formatNumber(value, { style: 'percent', maximumFractionDigits: 0 })
  return formatNumber(value, { notation: 'compact', maximumFractionDigits: 1 })
}

const truncate = (label: string) => (label.length > 32 ? `${label.slice(0, 31)}…` : label)

/** The chart as Observable Plot draws it: one line per row, in the page's fonts and colours (research.css). */
function plotChart(meta: IndicatorMeta, rows: readonly ChartRow[]): SVGSVGElement | HTMLElement {
  const published = rows.filter((r) => r.cell && !r.cell.suppressed && r.cell.value !== null).map((r) => ({ ...r, cell: r.cell! }))
  const hidden = rows.filter((r) => !r.cell || r.cell.suppressed || r.cell.value === null)
  const fromZero = meta.aggregation === 'sum' || meta.aggregation === 'derived_sum' || meta.unit === 'proportion'
  const bars = meta.aggregation === 'sum' || meta.aggregation === 'derived_sum' || meta.aggregation === 'distribution'
  const labels = new Map(rows.map((r) => [r.key, truncate(r.label)]))
  const withInterval = published.filter((r) => r.cell.ciLow !== null && r.cell.ciHigh !== null)
  const withQuartiles = published.filter((r) => r.cell.q1 !== null && r.cell.q3 !== null)
  return Plot.plot({
    width: WIDTH,
    height: 8 + rows.length * ROW + 32,
    marginLeft: 270,
    marginRight: 90,
    className: 'indicator-chart',
    style: { fontFamily: 'var(--font)', fontSize: '13px', overflow: 'visible' },
    x: {
      grid: true,
      nice: true,
      zero: fromZero,
      domain: meta.unit === 'proportion' ? [0, 1] : published.length === 0 ? [0, 1] : undefined,
      tickFormat: (v: number) => compact(v, meta),
      label: null,
    },
    y: { domain: rows.map((r) => r.key), tickFormat: (key: string) => labels.get(key) ?? key, label: null, tickSize: 0 },
    marks: [
      bars ? Plot.barX(published, { y: 'key', x1: 0, x2: (r) => r.cell.value, fill: '#b9d3e6', insetTop: 8, insetBottom: 8 }) : null,
      Plot.barX(withQuartiles, { y: 'key', x1: (r) => r.cell.q1, x2: (r) => r.cell.q3, fill: '#cfe3f1', stroke: 'var(--primary)', insetTop: 7, insetBottom: 7 }),
      Plot.ruleY(withInterval, { y: 'key', x1: (r) => r.cell.ciLow, x2: (r) => r.cell.ciHigh, stroke: 'var(--primary)', strokeWidth: 2 }),
      Plot.tickX(withInterval, { y: 'key', x: (r) => r.cell.ciLow, stroke: 'var(--primary)', strokeWidth: 2, insetTop: 10, insetBottom: 10 }),
      Plot.tickX(withInterval, { y: 'key', x: (r) => r.cell.ciHigh, stroke: 'var(--primary)', strokeWidth: 2, insetTop: 10, insetBottom: 10 }),
      bars
        ? null
        : Plot.dot(published, {
            y: 'key',
            x: (r) => r.cell.value,
            r: 5,
            fill: 'var(--primary)',
            title: (r) => `${r.label} : ${formatIndicatorValue(r.cell.value!, meta)}`,
          }),
      // A hidden cell says why in words, at the start of its line: never drawn as 0.
      Plot.text(hidden, {
        y: 'key',
        frameAnchor: 'left',
        dx: 6,
        text: (r) => (!r.cell || r.cell.n === 0 ? t('research.cell.empty') : t('research.cell.suppressed')),
        fontStyle: 'italic',
        fill: 'var(--text-muted)',
      }),
      // n at the right of every line.
      Plot.text(rows, { y: 'key', frameAnchor: 'right', dx: 84, textAnchor: 'end', text: (r) => t('research.cell.n', { n: r.cell?.n ?? 0 }), fill: 'var(--text)' }),
    ],
  })
}

/**
 * A horizontal chart drawn by Observable Plot: one line per row, the value as a dot (a bar for
 * totals and distributions), its 95 % interval as a line, the quartiles of a median as a box, n
 * at the right; a suppressed cell says so in words and is never drawn as 0. The scale starts at
 * 0 for totals and shares. Screen readers get the figure's caption (the chart is one image) and
 * the table beside it, which carries the same figures.
 */
export function IndicatorChart({ meta, rows, labelledBy }: IndicatorChartProps) {
  const holder = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const chart = plotChart(meta, rows)
    chart.setAttribute('aria-hidden', 'true')
    holder.current?.replaceChildren(chart)
    return () => chart.remove()
  }, [meta, rows])
  return <div ref={holder} className="indicator-chart-holder" role="img" aria-labelledby={labelledBy} />
}
