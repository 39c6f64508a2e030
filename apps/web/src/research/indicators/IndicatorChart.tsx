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
const LABEL = 260
const N_COLUMN = 80
const PLOT_LEFT = LABEL + 10
const PLOT_RIGHT = WIDTH - N_COLUMN - 10
const ROW = 30
const TOP = 8
const AXIS = 28

/** Round tick steps (1, 2, 2.5, 5 × 10^k) for a span. */
function ticks(low: number, high: number): number[] {
  const span = high - low || Math.abs(high) || 1
  const raw = span / 4
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw
  const first = Math.ceil(low / step) * step
  const values: number[] = []
  for (let v = first; v <= high + step / 1e6; v += step) values.push(Math.abs(v) < step / 1e6 ? 0 : v)
  return values
}

function compact(value: number, meta: Pick<IndicatorMeta, 'unit'>): string {
  if (meta.unit === 'proportion') return formatNumber(value, { style: 'percent', maximumFractionDigits: 0 })
  return formatNumber(value, { notation: 'compact', maximumFractionDigits: 1 })
}

/**
 * A hand-drawn horizontal chart: one line per row, the value as a dot, its 95 % interval as a
 * line, the quartiles of a median as a box, n at the right; a suppressed cell says so in words
 * and is never drawn as 0. The scale starts at 0 for totals and shares. Drawn in SVG with the
 * page's own fonts and colours; the table beside it carries the same figures for screen readers.
 */
export function IndicatorChart({ meta, rows, labelledBy }: IndicatorChartProps) {
  const shown = rows.filter((r) => r.cell && !r.cell.suppressed && r.cell.value !== null)
  const numbers = shown.flatMap((r) => [r.cell!.value, r.cell!.ciLow, r.cell!.ciHigh, r.cell!.q1, r.cell!.q3]).filter((v): v is number => v !== null)
  const fromZero = meta.aggregation === 'sum' || meta.aggregation === 'derived_sum' || meta.unit === 'proportion'
  let low = Math.min(...numbers, fromZero ? 0 : Infinity)
  let high = Math.max(...numbers, meta.unit === 'proportion' ? 1 : -Infinity)
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    low = 0
    high = 1
  }
  if (low === high) high = low + 1
  const axis = ticks(low, high)
  low = Math.min(low, axis[0] ?? low)
  high = Math.max(high, axis[axis.length - 1] ?? high)
  const x = (v: number) => PLOT_LEFT + ((v - low) / (high - low)) * (PLOT_RIGHT - PLOT_LEFT)
  const height = TOP + rows.length * ROW + AXIS
  const bars = meta.aggregation === 'sum' || meta.aggregation === 'derived_sum' || meta.aggregation === 'distribution'

  return (
    <svg
      className="indicator-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={labelledBy}
      preserveAspectRatio="xMinYMin meet"
    >
      {axis.map((v) => (
        <g key={v} aria-hidden="true">
          <line x1={x(v)} x2={x(v)} y1={TOP} y2={height - AXIS} className="indicator-chart__grid" />
          <text x={x(v)} y={height - AXIS + 16} textAnchor="middle" className="indicator-chart__tick">
            {compact(v, meta)}
          </text>
        </g>
      ))}
      {rows.map((row, i) => {
        const y = TOP + i * ROW + ROW / 2
        const cell = row.cell
        const published = cell && !cell.suppressed && cell.value !== null
        return (
          <g key={row.key}>
            <text x={LABEL} y={y + 4} textAnchor="end" className="indicator-chart__label">
              {row.label.length > 32 ? `${row.label.slice(0, 31)}…` : row.label}
            </text>
            {published ? (
              <>
                {bars ? <rect x={x(Math.min(0, cell.value!))} y={y - 7} width={Math.abs(x(cell.value!) - x(0))} height={14} className="indicator-chart__bar" /> : null}
                {cell.q1 !== null && cell.q3 !== null ? (
                  <rect x={x(cell.q1)} y={y - 8} width={Math.max(1, x(cell.q3) - x(cell.q1))} height={16} className="indicator-chart__box" />
                ) : null}
                {cell.ciLow !== null && cell.ciHigh !== null ? (
                  <g className="indicator-chart__interval">
                    <line x1={x(cell.ciLow)} x2={x(cell.ciHigh)} y1={y} y2={y} />
                    <line x1={x(cell.ciLow)} x2={x(cell.ciLow)} y1={y - 5} y2={y + 5} />
                    <line x1={x(cell.ciHigh)} x2={x(cell.ciHigh)} y1={y - 5} y2={y + 5} />
                  </g>
                ) : null}
                {bars ? null : <circle cx={x(cell.value!)} cy={y} r={5} className="indicator-chart__dot" />}
                <title>{`${row.label} : ${formatIndicatorValue(cell.value!, meta)}`}</title>
              </>
            ) : (
              <text x={PLOT_LEFT} y={y + 4} className="indicator-chart__missing">
                {!cell || cell.n === 0 ? t('research.cell.empty') : t('research.cell.suppressed')}
              </text>
            )}
            <text x={WIDTH - 4} y={y + 4} textAnchor="end" className="indicator-chart__n">
              {t('research.cell.n', { n: cell?.n ?? 0 })}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
