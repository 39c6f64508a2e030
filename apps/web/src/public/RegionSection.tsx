import type { PublicResults } from '@sonde/contracts'
import { useMemo, useState } from 'react'
import { getLang } from '../i18n'
import { FigureHead, FigureRow } from './FigureTable'
import { pt } from './messages'
import { barGeometry, regionIndicators, regionLines, scaleOf } from './view-model'

const label = (item: { labelFr: string; labelEn: string }) => (getLang() === 'en' ? item.labelEn : item.labelFr)

interface RegionSectionProps {
  results: PublicResults
  family: string
  familyName: string
  level: number
}

/**
 * The results of the chosen family by region, for one indicator at a time: a table whose lines
 * carry their bars (a region passes the rules or shows the one mark). No map: no package on the
 * npm registry gives the outline of France's regions under a free licence (the one that draws
 * them, @svg-maps/france.regions, is CC BY-NC), so the table stands alone and says why.
 */
export function RegionSection({ results, family, familyName, level }: RegionSectionProps) {
  const indicators = useMemo(() => regionIndicators(results, family), [results, family])
  const [asked, setAsked] = useState<string | null>(null)
  const indicator = indicators.find((i) => i.id === asked) ?? indicators[0]
  const lines = useMemo(() => {
    if (!indicator) return []
    const regions = regionLines(results, family, indicator.id)
    const scale = scaleOf(
      indicator,
      regions.map((r) => r.cell),
    )
    return regions.map((r) => ({ region: r.region, line: { indicator, category: null, cell: r.cell, bar: r.cell ? barGeometry(r.cell, scale) : null } }))
  }, [results, family, indicator])

  return (
    <section className="public-regions" aria-labelledby="regions">
      <h2 id="regions">{pt('public.map.heading')}</h2>
      <p className="muted">{pt('public.map.noGeometry')}</p>
      {!indicator ? (
        <p className="notice">{pt('public.map.empty')}</p>
      ) : (
        <>
          <div className="field public-regions__picker">
            <label htmlFor="region-indicator">{pt('public.map.indicator')}</label>
            <select id="region-indicator" value={indicator.id} onChange={(event) => setAsked(event.target.value)}>
              {indicators.map((i) => (
                <option key={i.id} value={i.id}>
                  {label(i)}
                </option>
              ))}
            </select>
          </div>
          <table className="public-table">
            <caption>{pt('public.map.caption', { indicator: label(indicator), family: familyName })}</caption>
            <FigureHead first={pt('public.map.region')} level={level} />
            <tbody>
              {lines.map(({ region, line }) => (
                <FigureRow key={region.key} line={line} name={label(region)} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
