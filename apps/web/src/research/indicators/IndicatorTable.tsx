import type { Family, IndicatorCell, IndicatorMeta, IndicatorResults, Wave } from '@sonde/contracts'
import { Fragment, useId } from 'react'
import { getLang, t } from '../../i18n'
import { CellContent, hasHidden, SecretNote } from './CellContent'
import { ALL } from './IndicatorCard'
import { unitLabel } from '../../format/indicator-value'

interface IndicatorTableProps {
  wave: Wave
  results: IndicatorResults
}

interface Row {
  meta: IndicatorMeta
  category: string | null
}

/**
 * One row per indicator (and per category of a distribution), one column per family. Every value
 * comes with its interval and n; a hidden cell shows the one mark, explained under the table
 * (and, to staff, why), never 0.
 */
export function IndicatorTable({ wave, results }: IndicatorTableProps) {
  const lang = getLang()
  const noteId = useId()
  const rules = { minCellSize: results.minCellSize, pPercent: results.pPercent }
  const withNote = hasHidden(results.cells)
  const families = columnsOf(wave.families, results.cells)
  const cells = new Map(results.cells.map((cell) => [cellKey(cell.indicator, cell.category, cell.family), cell]))
  const rows = rowsOf(results)
  const label = (meta: IndicatorMeta) => (lang === 'en' ? meta.labelEn : meta.labelFr)

  if (rows.length === 0) return <p>{t('research.noIndicators')}</p>
  return (
    <>
      <div className="table-wrapper" role="region" aria-label={t('research.table.caption', { wave: wave.title })} tabIndex={0}>
        <table className="indicator-table" aria-describedby={withNote ? noteId : undefined}>
          <caption>{t('research.table.caption', { wave: wave.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('research.table.indicator')}</th>
              {families.map((family) => (
                <th scope="col" key={family.key}>
                  {lang === 'en' ? family.labelEn : family.labelFr}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ meta, category }, index) => (
              <Fragment key={`${meta.id}:${category ?? ''}`}>
                {category !== null && rows[index - 1]?.meta.id !== meta.id ? (
                  <tr className="indicator-table__group">
                    <th scope="colgroup" colSpan={families.length + 1}>
                      {label(meta)}
                    </th>
                  </tr>
                ) : null}
                <tr>
                  <th scope="row" className={category !== null ? 'indicator-table__category' : undefined}>
                    {category === null ? label(meta) : categoryLabel(meta, category, lang)}
                    <span className="indicator-table__meta">
                      {t('research.table.unit', { unit: unitLabel(meta.unit) })}
                      {meta.factorSource ? ` · ${t('research.table.source', { source: meta.factorSource })}` : ''}
                    </span>
                  </th>
                  {families.map((family) => {
                    const applies = meta.families === null || meta.families.includes(family.key)
                    const cell = cells.get(cellKey(meta.id, category, family.key))
                    return <td key={family.key}>{applies ? <CellContent cell={cell} meta={meta} rules={rules} /> : <span aria-hidden="true">—</span>}</td>
                  })}
                </tr>
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {withNote ? <SecretNote id={noteId} /> : null}
    </>
  )
}

function categoryLabel(meta: IndicatorMeta, key: string, lang: 'fr' | 'en'): string {
  const known = meta.categories?.find((c) => c.key === key)
  return known ? (lang === 'en' ? known.labelEn : known.labelFr) : key
}

const cellKey = (indicator: string, category: string | null, family: string) => `${indicator}\u0000${category ?? ''}\u0000${family}`

/** The wave's families in their order, then any other family key the results mention (the whole, « Toutes familles », in words — never `_all`). */
function columnsOf(families: Family[], cells: IndicatorCell[]): Family[] {
  const known = new Set(families.map((family) => family.key))
  const extra = [...new Set(cells.map((cell) => cell.family))].filter((key) => !known.has(key))
  return [
    ...families,
    ...extra.map((key) =>
      key === ALL ? { key, labelFr: t('research.family.allShort'), labelEn: t('research.family.allShort') } : { key, labelFr: key, labelEn: key },
    ),
  ]
}

/** Indicators in the API's order; a distribution gives one row per category, in first-seen order. */
function rowsOf(results: IndicatorResults): Row[] {
  const rows: Row[] = []
  for (const meta of results.indicators) {
    const categories = [...new Set(results.cells.filter((cell) => cell.indicator === meta.id).map((cell) => cell.category))]
    const withCategory = categories.filter((category): category is string => category !== null)
    if (meta.aggregation === 'distribution' && withCategory.length > 0) {
      for (const category of withCategory) rows.push({ meta, category })
    } else {
      rows.push({ meta, category: null })
    }
  }
  return rows
}
