import type { DimensionValue, Family, IndicatorCell, IndicatorMeta } from '@sonde/contracts'
import { useId } from 'react'
import { getLang, t } from '../../i18n'
import { formatCount, NO_VALUE } from '../../i18n/format'
import { familyLabel } from '../../waves/family-label'
import { CellContent, cellState, hasHidden, rulesOf, SecretNote, type DisclosureRules } from './CellContent'
import { formatIndicatorValue, unitLabel } from '../../format/indicator-value'
import { IndicatorChart, type ChartRow } from './IndicatorChart'

export const ALL = '_all'

/** The dimension crossed with the families, and its values as the results list them. */
export interface DimensionView {
  key: string
  values: DimensionValue[]
}

interface IndicatorCardProps {
  meta: IndicatorMeta
  cells: IndicatorCell[]
  families: Family[]
  dimension: DimensionView | null
  minCellSize: number
  /** The p of the p % rule the results were protected with (the wave's default when not given). */
  pPercent?: number
}

const label = (item: { labelFr: string; labelEn: string }) => (getLang() === 'en' ? item.labelEn : item.labelFr)

/** "low – high" in the indicator's unit, or a dash when the figure is not published. */
function range(low: number | null, high: number | null, meta: IndicatorMeta): string {
  return low !== null && high !== null ? `${formatIndicatorValue(low, meta)} – ${formatIndicatorValue(high, meta)}` : NO_VALUE
}

/**
 * One indicator: its chart (by family, or by value of the dimension for the family shown) with a
 * caption, and the table of the same figures — every value with its interval and n, a hidden
 * cell as the one mark, explained under the table (and, to staff, why).
 */
export function IndicatorCard({ meta, cells, families, dimension, minCellSize, pPercent }: IndicatorCardProps) {
  const captionId = useId()
  const noteId = useId()
  const rules = rulesOf(minCellSize, pPercent)
  const find = (family: string, value: string | null, category: string | null) =>
    cells.find((c) => c.family === family && c.dimensionValue === value && c.category === category)
  const applicable = families.filter((f) => meta.families === null || meta.families.includes(f.key))
  const familyColumns = [
    ...applicable.map((f) => ({ key: f.key, label: familyLabel(f) })),
    ...(cells.some((c) => c.family === ALL) ? [{ key: ALL, label: t('research.family.all') }] : []),
  ]
  const reference = familyColumns.find((f) => f.key === ALL) ?? familyColumns[0]
  const categories = meta.aggregation === 'distribution' ? [...new Set(cells.map((c) => c.category).filter((c): c is string => c !== null))] : []
  const categoryLabel = (key: string) => {
    const known = meta.categories?.find((c) => c.key === key)
    return known ? label(known) : key
  }
  const margin = dimension ? ALL : null
  const dimensionRows = dimension ? [...dimension.values.map((v) => ({ key: v.key, label: label(v) })), { key: ALL, label: t('research.dimension.all') }] : []

  let chartRows: ChartRow[] = []
  let chartTitle = ''
  if (meta.aggregation === 'distribution') {
    chartRows = categories.map((c) => ({ key: c, label: categoryLabel(c), cell: reference ? find(reference.key, margin, c) : undefined }))
    chartTitle = t('research.chart.byCategory', { family: reference?.label ?? '' })
  } else if (dimension) {
    chartRows = dimensionRows.map((d) => ({ key: d.key, label: d.label, cell: reference ? find(reference.key, d.key, null) : undefined }))
    chartTitle = t('research.chart.byDimension', { family: reference?.label ?? '' })
  } else {
    chartRows = familyColumns.map((f) => ({ key: f.key, label: f.label, cell: find(f.key, null, null) }))
    chartTitle = t('research.chart.byFamily')
  }

  // One table per card: by family, or a cross of two of families, categories and dimension values.
  const simple = meta.aggregation !== 'distribution' && !dimension
  const categoryRows = categories.map((c) => ({ key: c, label: categoryLabel(c) }))
  const crossRows = meta.aggregation === 'distribution' && !dimension ? categoryRows : dimensionRows
  const crossColumns = meta.aggregation === 'distribution' && dimension ? categoryRows : familyColumns
  const crossCell = (row: string, column: string) =>
    meta.aggregation === 'distribution' ? (dimension ? find(reference?.key ?? ALL, row, column) : find(column, null, row)) : find(column, row, null)
  const tableCells = simple ? familyColumns.map((f) => find(f.key, null, null)) : crossRows.flatMap((r) => crossColumns.map((c) => crossCell(r.key, c.key)))
  const withNote = hasHidden([...tableCells, ...chartRows.map((r) => r.cell)])
  const describedBy = withNote ? noteId : undefined

  return (
    <article className="indicator-card" aria-labelledby={`${captionId}-title`}>
      <h4 id={`${captionId}-title`}>{label(meta)}</h4>
      <p className="indicator-card__meta">
        {t('research.table.unit', { unit: unitLabel(meta.unit) })} · {t(`research.aggregation.${meta.aggregation}`)}
        {meta.factorSource ? ` · ${t('research.table.source', { source: meta.factorSource })}` : ''}
      </p>
      <figure className="indicator-card__figure">
        <IndicatorChart meta={meta} rows={chartRows} labelledBy={captionId} />
        <figcaption id={captionId}>
          {label(meta)} — {chartTitle}. {t('research.chart.legend')}
        </figcaption>
      </figure>
      <div className="table-wrapper" role="region" aria-label={t('research.card.tableCaption', { indicator: label(meta) })} tabIndex={0}>
        {simple ? (
          <table className="data-table" aria-describedby={describedBy}>
            <caption className="visually-hidden">{t('research.card.tableCaption', { indicator: label(meta) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('research.card.family')}</th>
                <th scope="col">{t('research.card.value')}</th>
                <th scope="col">{t('research.card.interval')}</th>
                {meta.aggregation === 'median' || meta.aggregation === 'median_ratio' ? <th scope="col">{t('research.card.quartiles')}</th> : null}
                <th scope="col">n</th>
              </tr>
            </thead>
            <tbody>
              {familyColumns.map((f) => {
                const cell = find(f.key, null, null)
                const published = cellState(cell) === 'published' ? cell : undefined
                return (
                  <tr key={f.key}>
                    <th scope="row">{f.label}</th>
                    <td>
                      <CellContent cell={cell} meta={meta} rules={rules} withDetails={false} />
                    </td>
                    <td>{published ? range(published.ciLow, published.ciHigh, meta) : NO_VALUE}</td>
                    {meta.aggregation === 'median' || meta.aggregation === 'median_ratio' ? (
                      <td>{published ? range(published.q1, published.q3, meta) : NO_VALUE}</td>
                    ) : null}
                    {/* A hidden cell's n is published to staff only: the others read a dash, never "null". */}
                    <td>{cell ? (cell.n === null ? NO_VALUE : formatCount(cell.n)) : formatCount(0)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        ) : (
          <CrossTable
            caption={t('research.card.tableCaption', { indicator: label(meta) })}
            rowHeader={
              meta.aggregation === 'distribution' && dimension
                ? t('research.card.dimensionValue')
                : meta.aggregation === 'distribution'
                  ? t('research.card.category')
                  : t('research.card.dimensionValue')
            }
            rows={crossRows}
            columns={crossColumns}
            cell={crossCell}
            meta={meta}
            rules={rules}
            describedBy={describedBy}
            note={meta.aggregation === 'distribution' && dimension ? t('research.card.familyShown', { family: reference?.label ?? '' }) : null}
          />
        )}
      </div>
      {withNote ? <SecretNote id={noteId} /> : null}
    </article>
  )
}

interface CrossTableProps {
  caption: string
  rowHeader: string
  rows: { key: string; label: string }[]
  columns: { key: string; label: string }[]
  cell(row: string, column: string): IndicatorCell | undefined
  meta: IndicatorMeta
  rules: DisclosureRules
  describedBy: string | undefined
  note: string | null
}

function CrossTable({ caption, rowHeader, rows, columns, cell, meta, rules, describedBy, note }: CrossTableProps) {
  return (
    <table className="data-table" aria-describedby={describedBy}>
      <caption className={note ? undefined : 'visually-hidden'}>
        {caption}
        {note ? ` — ${note}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {columns.map((c) => (
            <th scope="col" key={c.key}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            {columns.map((c) => (
              <td key={c.key}>
                <CellContent cell={cell(r.key, c.key)} meta={meta} rules={rules} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
