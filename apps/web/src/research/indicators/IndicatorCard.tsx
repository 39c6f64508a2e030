import type { Family, IndicatorCell, IndicatorMeta } from '@sonde/contracts'
import { useId } from 'react'
import { getLang, t } from '../../i18n'
import { familyLabel } from '../../waves/family-label'
import { formatIndicatorValue, unitLabel } from './format-cell'
import { IndicatorChart, type ChartRow } from './IndicatorChart'
import { CellContent } from './IndicatorTable'

export const ALL = '_all'

export interface DimensionView {
  key: string
  values: { key: string; labelFr: string; labelEn: string }[]
}

interface IndicatorCardProps {
  meta: IndicatorMeta
  cells: IndicatorCell[]
  families: Family[]
  dimension: DimensionView | null
  minCellSize: number
}

const label = (item: { labelFr: string; labelEn: string }) => (getLang() === 'en' ? item.labelEn : item.labelFr)

/**
 * One indicator: its chart (by family, or by value of the dimension for the family shown) with a
 * caption, and the table of the same figures — every value with its interval and n, a suppressed
 * cell saying why.
 */
export function IndicatorCard({ meta, cells, families, dimension, minCellSize }: IndicatorCardProps) {
  const captionId = useId()
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
        {meta.aggregation !== 'distribution' && !dimension ? (
          <table className="data-table">
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
                const published = cell && !cell.suppressed && cell.value !== null
                return (
                  <tr key={f.key}>
                    <th scope="row">{f.label}</th>
                    <td>{published ? formatIndicatorValue(cell.value!, meta) : <CellContent cell={cell} meta={meta} minCellSize={minCellSize} />}</td>
                    <td>{published && cell.ciLow !== null && cell.ciHigh !== null ? `${formatIndicatorValue(cell.ciLow, meta)} – ${formatIndicatorValue(cell.ciHigh, meta)}` : '—'}</td>
                    {meta.aggregation === 'median' || meta.aggregation === 'median_ratio' ? (
                      <td>{published && cell.q1 !== null && cell.q3 !== null ? `${formatIndicatorValue(cell.q1, meta)} – ${formatIndicatorValue(cell.q3, meta)}` : '—'}</td>
                    ) : null}
                    <td>{cell?.n ?? 0}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        ) : (
          <CrossTable
            caption={t('research.card.tableCaption', { indicator: label(meta) })}
            rowHeader={meta.aggregation === 'distribution' && dimension ? t('research.card.dimensionValue') : meta.aggregation === 'distribution' ? t('research.card.category') : t('research.card.dimensionValue')}
            rows={meta.aggregation === 'distribution' && !dimension ? categories.map((c) => ({ key: c, label: categoryLabel(c) })) : dimensionRows}
            columns={meta.aggregation === 'distribution' && dimension ? categories.map((c) => ({ key: c, label: categoryLabel(c) })) : familyColumns}
            cell={(row, column) =>
              meta.aggregation === 'distribution'
                ? dimension
                  ? find(reference?.key ?? ALL, row, column)
                  : find(column, null, row)
                : find(column, row, null)
            }
            meta={meta}
            minCellSize={minCellSize}
            note={meta.aggregation === 'distribution' && dimension ? t('research.card.familyShown', { family: reference?.label ?? '' }) : null}
          />
        )}
      </div>
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
  minCellSize: number
  note: string | null
}

function CrossTable({ caption, rowHeader, rows, columns, cell, meta, minCellSize, note }: CrossTableProps) {
  return (
    <table className="data-table">
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
                <CellContent cell={cell(r.key, c.key)} meta={meta} minCellSize={minCellSize} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
