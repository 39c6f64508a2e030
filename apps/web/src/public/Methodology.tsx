import type { PublicResults } from '@sonde/contracts'
import { getLang } from '../i18n'
import { formatCount, formatDecimal, formatPercent } from '../i18n/format'
import { pt } from './messages'
import type { FamilyOption } from './view-model'

/** Factors per table: a table fits on one printed page, which the print stylesheet never cuts. */
const FACTORS_PER_TABLE = 10

const chunk = <T,>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, index * size + size))

const label = (item: { labelFr: string; labelEn: string }) => (getLang() === 'en' ? item.labelEn : item.labelFr)

/**
 * How the figures were made, from the release itself: who answered (a count under the minimum
 * cell size reads "moins de N"), the confidence level of the intervals, the disclosure rules
 * with the wave's own numbers, and the conversion factors with their sources.
 */
export function Methodology({ results, options, level }: { results: PublicResults; options: FamilyOption[]; level: number }) {
  const { methodology } = results
  const factorChunks = chunk(methodology.factors, FACTORS_PER_TABLE)
  const familyName = (key: string) => {
    const option = options.find((o) => o.key === key)
    return option ? label(option) : key
  }
  const indicatorName = (id: string) => {
    const indicator = results.indicators.find((i) => i.id === id)
    return indicator ? label(indicator) : id
  }
  return (
    <section className="public-method" aria-labelledby="methodology">
      <h2 id="methodology">{pt('public.method.heading')}</h2>

      <h3>{pt('public.method.who')}</h3>
      <table className="public-table public-table--compact">
        <caption>{pt('public.method.who.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{pt('public.method.family')}</th>
            <th scope="col">{pt('public.method.invited')}</th>
            <th scope="col">{pt('public.method.submitted')}</th>
            <th scope="col">{pt('public.method.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {methodology.responseCounts.map((count) => (
            <tr key={count.family}>
              <th scope="row">{familyName(count.family)}</th>
              <td>{formatCount(count.invited)}</td>
              <td>{count.submitted === null ? pt('public.fewer', { n: methodology.minCellSize }) : formatCount(count.submitted)}</td>
              <td>{formatPercent(count.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>{pt('public.method.intervals')}</h3>
      <p>{pt('public.method.intervals.body', { level })}</p>

      <h3>{pt('public.method.rules')}</h3>
      <ul>
        <li>{pt('public.method.rules.minCell', { minCellSize: methodology.minCellSize })}</li>
        <li>{pt('public.method.rules.pPercent', { pPercent: methodology.pPercent })}</li>
        <li>{pt('public.method.rules.secondary')}</li>
      </ul>

      <h3>{pt('public.method.factors')}</h3>
      {methodology.factors.length === 0 ? <p>{pt('public.method.factors.none')}</p> : null}
      {factorChunks.map((chunk, index) => (
        <table key={index} className="public-table public-table--compact">
          <caption>
            {factorChunks.length === 1
              ? pt('public.method.factors.caption')
              : pt('public.method.factors.captionPart', {
                  from: String(index * FACTORS_PER_TABLE + 1),
                  to: String(index * FACTORS_PER_TABLE + chunk.length),
                  total: String(methodology.factors.length),
                })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{pt('public.table.indicator')}</th>
              <th scope="col">{pt('public.method.factors.value')}</th>
              <th scope="col">{pt('public.method.factors.source')}</th>
            </tr>
          </thead>
          <tbody>
            {chunk.map((factor) => (
              <tr key={`${factor.indicator} ${factor.question ?? ''} ${factor.unit}`}>
                <th scope="row">{indicatorName(factor.indicator)}</th>
                <td>{`${formatDecimal(factor.value)}\u00A0${factor.unit}`}</td>
                <td>{factor.version ? `${factor.source} (${factor.version})` : factor.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  )
}
