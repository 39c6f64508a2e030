import type { Family, IndicatorMeta, Wave } from '@sonde/contracts'
import { useId, useState } from 'react'
import { LoadError } from '../../api/LoadError'
import { getLang, t } from '../../i18n'
import { familyLabel } from '../../waves/family-label'
import { CellContent, hasHidden, SecretNote } from '../indicators/CellContent'
import { ALL } from '../indicators/IndicatorCard'
import { useComparison } from './use-comparison'

interface WaveComparisonProps {
  wave: Wave
  waves: Wave[]
}

/**
 * Comparison of the current wave with another: for each indicator both waves have (same id, same
 * questions), a table of its figures per family in each wave's latest release, each wave under
 * its own disclosure control; a table with hidden cells explains the mark under it.
 * Distributions are left to their own tables.
 */
export function WaveComparison({ wave, waves }: WaveComparisonProps) {
  const selectId = useId()
  const noteId = useId()
  const others = waves.filter((w) => w.id !== wave.id)
  const [otherId, setOtherId] = useState<string>('')
  const comparison = useComparison(otherId ? [otherId, wave.id] : null)
  const lang = getLang()
  const label = (meta: Pick<IndicatorMeta, 'labelFr' | 'labelEn'>) => (lang === 'en' ? meta.labelEn : meta.labelFr)

  if (others.length === 0) return <p>{t('research.compare.none')}</p>
  return (
    <div>
      <div className="field field--inline">
        <label htmlFor={selectId}>{t('research.compare.label')}</label>
        <select id={selectId} value={otherId} onChange={(event) => setOtherId(event.target.value)}>
          <option value="">{t('research.compare.choose')}</option>
          {others.map((w) => (
            <option key={w.id} value={w.id}>
              {w.title}
            </option>
          ))}
        </select>
      </div>
      {otherId && comparison.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {otherId && comparison.kind === 'error' ? <LoadError code={comparison.code} /> : null}
      {otherId && comparison.kind === 'ready' ? (
        comparison.data.indicators.length === 0 ? (
          <p>{t('research.compare.nothingShared')}</p>
        ) : (
          <>
            <p className="muted">{t('research.compare.note', { count: comparison.data.indicators.length })}</p>
            {comparison.data.indicators
              .filter((meta) => meta.aggregation !== 'distribution')
              .map((meta) => {
                const families: { key: string; label: string }[] = [
                  ...wave.families
                    .filter((f: Family) => meta.families === null || meta.families.includes(f.key))
                    .map((f) => ({ key: f.key, label: familyLabel(f) })),
                  { key: ALL, label: t('research.family.all') },
                ].filter((f) => comparison.data.cells.some((c) => c.indicator === meta.id && c.family === f.key))
                const cellOf = (waveId: string, family: string) =>
                  comparison.data.cells.find((c) => c.waveId === waveId && c.indicator === meta.id && c.family === family && c.category === null)
                const withNote = hasHidden(families.flatMap((f) => comparison.data.waves.map((w) => cellOf(w.id, f.key))))
                const tableNoteId = `${noteId}-${meta.id}`
                return (
                  <div key={meta.id} className="comparison-table">
                    <div className="table-wrapper" role="region" aria-label={label(meta)} tabIndex={0}>
                      <table className="data-table" aria-describedby={withNote ? tableNoteId : undefined}>
                        <caption>{label(meta)}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('research.card.family')}</th>
                            {comparison.data.waves.map((w) => (
                              <th scope="col" key={w.id}>
                                {w.title}
                              </th>
                            ))}
                          </tr>
                        </thead>
                        <tbody>
                          {families.map((f) => (
                            <tr key={f.key}>
                              <th scope="row">{f.label}</th>
                              {comparison.data.waves.map((w) => (
                                <td key={w.id}>
                                  <CellContent cell={cellOf(w.id, f.key)} meta={meta} rules={{ minCellSize: w.minCellSize, pPercent: w.release.pPercent }} />
                                </td>
                              ))}
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    {withNote ? <SecretNote id={tableNoteId} /> : null}
                  </div>
                )
              })}
          </>
        )
      ) : null}
    </div>
  )
}
