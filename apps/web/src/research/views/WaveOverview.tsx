import type { IndicatorMeta, Progress, Wave } from '@sonde/contracts'
import { useApi } from '../../api/use-api'
import { formatNumber, t } from '../../i18n'
import { formatCount, formatPercent } from '../../i18n/format'
import { familyLabel } from '../../waves/family-label'
import { FigureChart } from '../indicators/FigureChart'
import { useIndicators } from '../indicators/use-indicators'
import { routeHref, type Route } from '../routes'
import { byTheme, chartRowsOf, PortalLink, ResultsGate, themeLabel } from './shared'

/** Key figures shown for a family on the overview. */
const KEY_FIGURES = 3

/**
 * A family's key figures: its own indicators first (not distributions, which need a chart of
 * their own), then, for a family without enough, indicators of every family — in the wave's order.
 */
function keyFiguresOf(indicators: readonly IndicatorMeta[], family: string): IndicatorMeta[] {
  const figures = indicators.filter((meta) => meta.aggregation !== 'distribution')
  const own = figures.filter((meta) => meta.families !== null && meta.families.includes(family))
  const everyFamily = figures.filter((meta) => meta.families === null)
  return [...own, ...everyFamily].slice(0, KEY_FIGURES)
}

interface WaveOverviewProps {
  wave: Wave
  route: Route
  staff: boolean
  navigate(href: string): void
  onSeeLive(): void
}

/**
 * `/research/<waveId>`: the release read, the responses (response rates for staff, who may read
 * them; the release's count for everyone), a few key figures per family, each family's page and
 * each theme's one click away. Only the descriptions and the cells of the key figures are loaded.
 */
export function WaveOverview({ wave, route, staff, navigate, onSeeLive }: WaveOverviewProps) {
  const metas = useIndicators(wave.id, null, route.release, { withoutCells: true })
  const indicators = metas.kind === 'ready' ? metas.data.indicators : []
  const chosen = wave.families.flatMap((family) => keyFiguresOf(indicators, family.key).map((meta) => meta.id))
  const figures = useIndicators(metas.kind === 'ready' ? wave.id : null, null, route.release, { indicators: [...new Set(chosen)] })
  const progress = useApi<Progress>(staff ? `/api/waves/${encodeURIComponent(wave.id)}/progress` : null)
  const to = (view: Route['view']) => routeHref({ ...route, view, dimension: null, query: '', family: '', theme: '' })

  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">
        {t('research.overview.title')} « {wave.title} »
      </h2>
      <ResultsGate results={metas} staff={staff} waveId={wave.id} onSeeLive={onSeeLive} checkEmpty={false}>
        {(data) => (
          <>
            {staff && progress.kind === 'ready' ? (
              <div className="table-wrapper" role="region" aria-label={t('research.overview.rates.caption')} tabIndex={0}>
                <table className="data-table research-rates">
                  <caption>{t('research.overview.rates.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('research.overview.rates.family')}</th>
                      <th scope="col">{t('research.overview.rates.invited')}</th>
                      <th scope="col">{t('research.overview.rates.submitted')}</th>
                      <th scope="col">{t('research.overview.rates.rate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[
                      ...progress.data.families.map((f) => ({ ...f, label: familyLabel(f) })),
                      { ...progress.data.totals, key: '_all', label: t('research.overview.rates.total') },
                    ].map((row) => (
                      <tr key={row.key}>
                        <th scope="row">{row.label}</th>
                        <td>{formatCount(row.invited)}</td>
                        <td>{formatCount(row.submitted)}</td>
                        <td>{row.rr1 === null ? '—' : formatPercent(row.rr1)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <h3>{t('research.overview.keyFigures')}</h3>
            {data.release && data.release.responses === 0 ? (
              <p className="notice research-empty" role="note">
                {t('research.empty.noResponses')}
              </p>
            ) : (
              <>
                <p className="muted">{t('research.overview.keyFigures.intro')}</p>
                <ResultsGate results={figures} staff={staff} waveId={wave.id} onSeeLive={onSeeLive} withRelease={false}>
                  {(cells) => (
                    <div className="key-figures">
                      {wave.families.map((family) => {
                        const own = data.indicators.filter((meta) => meta.families === null || meta.families.includes(family.key))
                        const keys = keyFiguresOf(data.indicators, family.key)
                        return (
                          <section key={family.key} className="key-figures__family" aria-labelledby={`key-${family.key}`}>
                            <h4 id={`key-${family.key}`}>{familyLabel(family)}</h4>
                            {keys.length === 0 ? <p className="muted">{t('research.overview.noKeyFigures')}</p> : null}
                            <ul className="key-figures__list">
                              {keys.map((meta) => (
                                <li key={meta.id}>
                                  <FigureChart
                                    rules={{ minCellSize: cells.minCellSize, pPercent: cells.pPercent }}
                                    meta={meta}
                                    rows={chartRowsOf(meta, cells.cells, wave.families, family.key)}
                                    subtitle={t('research.chart.forFamily', { family: familyLabel(family) })}
                                    level={5}
                                    compact
                                  />
                                </li>
                              ))}
                            </ul>
                            <p>
                              <PortalLink href={to({ kind: 'family', key: family.key })} navigate={navigate} className="key-figures__more">
                                {t('research.overview.familyLink', { count: formatNumber(own.length) })}
                                <span className="visually-hidden"> — {familyLabel(family)}</span>
                              </PortalLink>
                            </p>
                          </section>
                        )
                      })}
                    </div>
                  )}
                </ResultsGate>
              </>
            )}
            <h3>{t('research.overview.themes')}</h3>
            <ul className="research-links">
              {byTheme(data.indicators).map((group) => (
                <li key={group.theme}>
                  <PortalLink href={to({ kind: 'theme', key: group.theme })} navigate={navigate}>
                    {t('research.overview.themeLink', { theme: themeLabel(group.theme), count: formatNumber(group.indicators.length) })}
                  </PortalLink>
                </li>
              ))}
            </ul>
            <p className="muted research-note">{t('research.note', { minCellSize: formatNumber(data.minCellSize) })}</p>
          </>
        )}
      </ResultsGate>
    </section>
  )
}
