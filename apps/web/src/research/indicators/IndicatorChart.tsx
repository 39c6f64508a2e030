import * as Plot from '@observablehq/plot'
import { useEffect, useRef } from 'react'
import type { IndicatorCell, IndicatorMeta } from '@sonde/contracts'
import { t } from '../../i18n'
import { formatAxisTick, formatCount } from '../../i18n/format'
import { cellState } from './CellContent'
import { formatIndicatorValue } from '../../format/indicator-value'

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

const WIDTH = 800
const ROW = 30
const LABEL_MARGIN = 250
/** About the width of a character of the chart's 13 px text, to leave room for the longest figure. */
const CHAR_WIDTH = 7.5

const truncate = (label: string) => (label.length > 32 ? `${label.slice(0, 31)}…` : label)

/** What the right of a line says: a published value with its n, the n alone of a cell without value. */
function figureText(row: ChartRow, meta: IndicatorMeta): string {
  const cell = row.cell
  if (!cell || cell.n === null) return ''
  if (cellState(cell) === 'published') return t('research.chart.valueN', { value: formatIndicatorValue(cell.value, meta), n: formatCount(cell.n) })
  return cellState(cell) === 'empty' && cell.n > 0 ? t('research.cell.n', { n: formatCount(cell.n) }) : ''
}

/**
 * The value axis: from 0 for proportions; around the figures otherwise, never a zero-width range
 * (one published cell, or several equal ones, still get their dot where it can be read).
 */
function valueDomain(meta: IndicatorMeta, values: number[], fromZero: boolean): [number, number] | undefined {
  if (meta.unit === 'proportion') return [0, 1]
  if (values.length === 0) return [0, 1]
  const low = Math.min(...values, ...(fromZero ? [0] : []))
  const high = Math.max(...values, ...(fromZero ? [0] : []))
  if (low < high) return undefined
  return low === 0 ? [0, 1] : [Math.min(0, low), Math.max(0, high)]
}

/** The chart as Observable Plot draws it: one line per row, in the page's fonts and colours (research.css). */
function plotChart(meta: IndicatorMeta, rows: readonly ChartRow[]): SVGSVGElement | HTMLElement {
  const published = rows.filter((r) => cellState(r.cell) === 'published').map((r) => ({ ...r, cell: r.cell! }))
  const hidden = rows.filter((r) => cellState(r.cell) === 'hidden')
  const empty = rows.filter((r) => cellState(r.cell) === 'missing' || cellState(r.cell) === 'empty')
  // Every published value is drawn as a bar from 0, a single line included (a median's dot alone
  // could sit on the edge of its own axis, unseen); medians and ratios keep their dot at the value.
  const fromZero = true
  const dots = !(meta.aggregation === 'sum' || meta.aggregation === 'derived_sum' || meta.aggregation === 'distribution')
  const labels = new Map(rows.map((r) => [r.key, truncate(r.label)]))
  const withInterval = published.filter((r) => r.cell.ciLow !== null && r.cell.ciHigh !== null)
  const withQuartiles = published.filter((r) => r.cell.q1 !== null && r.cell.q3 !== null)
  const values = published.flatMap((r) => [r.cell.value, r.cell.ciLow, r.cell.ciHigh, r.cell.q1, r.cell.q3].filter((v): v is number => v !== null))
  const figures = new Map(rows.map((r) => [r.key, figureText(r, meta)]))
  const marginRight = Math.min(280, Math.max(60, 12 + CHAR_WIDTH * Math.max(0, ...[...figures.values()].map((text) => text.length))))
  return Plot.plot({
    width: WIDTH,
    height: 8 + rows.length * ROW + 32,
    marginLeft: LABEL_MARGIN,
    marginRight,
    className: 'indicator-chart',
    style: { fontFamily: 'var(--font)', fontSize: '13px', overflow: 'visible' },
    x: {
      grid: true,
      nice: true,
      zero: fromZero,
      domain: valueDomain(meta, values, fromZero),
      tickFormat: (v: number) => formatAxisTick(v, meta.unit),
      label: null,
    },
    y: { domain: rows.map((r) => r.key), tickFormat: (key: string) => labels.get(key) ?? key, label: null, tickSize: 0 },
    marks: [
      Plot.barX(published, { y: 'key', x1: 0, x2: (r) => r.cell.value, fill: '#b9d3e6', insetTop: 8, insetBottom: 8 }),
      Plot.barX(withQuartiles, {
        y: 'key',
        x1: (r) => r.cell.q1,
        x2: (r) => r.cell.q3,
        fill: '#cfe3f1',
        stroke: 'var(--primary)',
        insetTop: 7,
        insetBottom: 7,
      }),
      Plot.ruleY(withInterval, { y: 'key', x1: (r) => r.cell.ciLow, x2: (r) => r.cell.ciHigh, stroke: 'var(--primary)', strokeWidth: 2 }),
      Plot.tickX(withInterval, { y: 'key', x: (r) => r.cell.ciLow, stroke: 'var(--primary)', strokeWidth: 2, insetTop: 10, insetBottom: 10 }),
      Plot.tickX(withInterval, { y: 'key', x: (r) => r.cell.ciHigh, stroke: 'var(--primary)', strokeWidth: 2, insetTop: 10, insetBottom: 10 }),
      !dots
        ? null
        : Plot.dot(published, {
            y: 'key',
            x: (r) => r.cell.value,
            r: 5,
            fill: 'var(--primary)',
            title: (r) => t('research.chart.point', { label: r.label, value: formatIndicatorValue(r.cell.value, meta), n: formatCount(r.cell.n) }),
          }),
      // A hidden cell shows the one mark at the start of its line, an unanswered one says so: never drawn as 0.
      Plot.text(hidden, { y: 'key', frameAnchor: 'left', dx: 6, text: () => t('research.secret.mark'), fontStyle: 'italic', fill: 'var(--text-muted)' }),
      Plot.text(empty, { y: 'key', frameAnchor: 'left', dx: 6, text: () => t('research.cell.empty'), fontStyle: 'italic', fill: 'var(--text-muted)' }),
      // The value and n at the right of every published line, even a single one.
      Plot.text(rows, { y: 'key', frameAnchor: 'right', dx: marginRight - 6, textAnchor: 'end', text: (r) => figures.get(r.key) ?? '', fill: 'var(--text)' }),
    ],
  })
}

/**
 * A horizontal chart drawn by Observable Plot: one line per row, the value as a bar from 0 (with a
 * dot at the value for medians, shares and ratios), its 95 % interval as a line, the quartiles of a median as a box, the
 * value and n written at the right; a hidden cell shows the one mark and is never drawn as 0.
 * The scale starts at 0 for totals and shares; numbers are in the interface's format. Screen readers get the figure's caption (the chart is one image) and
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
