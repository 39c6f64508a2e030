import { DIMENSION_KEYS, type CurrentUser, type ReleaseList, type Wave } from '@sonde/contracts'
import { useEffect, useId, useState } from 'react'
import { LoadError } from '../api/LoadError'
import { useApi } from '../api/use-api'
import { formatDateTime, formatNumber, t } from '../i18n'
import { familyLabel } from '../waves/family-label'
import { useWaves } from '../waves/use-waves'
import { waveStatusLabel } from '../waves/wave-status'
import { WaveComparison } from './comparison/WaveComparison'
import { Downloads } from './downloads/Downloads'
import { IndicatorTable } from './indicators/IndicatorTable'
import { useIndicators } from './indicators/use-indicators'
import { parseRoute, routeHref, type Route, type View } from './routes'
import { FamilyView } from './views/FamilyView'
import { SearchView } from './views/SearchView'
import { PortalLink, ResultsGate, THEME_ORDER, themeLabel } from './views/shared'
import { ThemeView } from './views/ThemeView'
import { WaveOverview } from './views/WaveOverview'

const isStaffUser = (user: CurrentUser) => user.role === 'admin' || user.role === 'staff'

const currentRoute = () => parseRoute(window.location.pathname, window.location.search)

/** Whether two views are the same page (for `aria-current`). */
const sameView = (a: View, b: View) => a.kind === b.kind && ('key' in a ? a.key : null) === ('key' in b ? b.key : null)

/**
 * The research portal, one page per way of reading a wave (`routes.ts`): the overview, a page per
 * family and per theme, a search, the comparison and the full table — each an address of its own,
 * the back button going through them. The wave, its release (and, on family and theme pages, a
 * dimension to cross with) are chosen at the top, with the pages and the downloads.
 */
export function ResearchPage({ user }: { user: CurrentUser }) {
  const waves = useWaves()
  const [route, setRoute] = useState<Route>(currentRoute)
  const releases = useApi<ReleaseList>(route.waveId ? `/api/waves/${encodeURIComponent(route.waveId)}/releases` : null)
  const selectId = useId()
  const dimensionId = useId()
  const releaseId = useId()
  const staff = isStaffUser(user)

  useEffect(() => {
    const onPopState = () => setRoute(currentRoute())
    window.addEventListener('popstate', onPopState)
    return () => window.removeEventListener('popstate', onPopState)
  }, [])

  function navigate(href: string, options: { replace?: boolean } = {}) {
    if (options.replace) window.history.replaceState(null, '', href)
    else window.history.pushState(null, '', href)
    setRoute(currentRoute())
    if (!options.replace && !href.includes('#')) window.scrollTo(0, 0)
  }

  const go = (change: Partial<Route>, options: { replace?: boolean } = {}) => navigate(routeHref({ ...route, ...change }), options)
  // Another wave has other releases and families: start from its overview and latest release.
  const chooseWave = (id: string) => go({ waveId: id || null, view: { kind: 'overview' }, release: null, dimension: null, query: '', family: '', theme: '' })
  const seeLive = () => go({ release: 'live' })

  const wave = waves.kind === 'ready' ? waves.data.find((candidate) => candidate.id === route.waveId) : undefined
  const crossable = route.view.kind === 'family' || route.view.kind === 'theme'
  const latest = releases.kind === 'ready' ? [...releases.data.releases].sort((a, b) => b.number - a.number)[0] : undefined
  const releaseShown = route.release ?? latest?.id ?? null
  const view = (target: View) =>
    routeHref({
      ...route,
      view: target,
      dimension: target.kind === 'family' || target.kind === 'theme' ? route.dimension : null,
      query: '',
      family: '',
      theme: '',
    })
  const current = (target: View) => (sameView(route.view, target) ? ('page' as const) : undefined)

  return (
    <section aria-labelledby="research-title">
      {staff ? (
        <p>
          <a href="/admin">{t('research.back')}</a>
        </p>
      ) : null}
      <h1 id="research-title">{t('research.title')}</h1>
      {waves.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {waves.kind === 'error' ? <LoadError code={waves.code} /> : null}
      {waves.kind === 'ready' && waves.data.length === 0 ? <p>{t('research.wave.none')}</p> : null}
      {waves.kind === 'ready' && waves.data.length > 0 ? (
        <div className="research-pickers">
          <div className="field field--inline">
            <label htmlFor={selectId}>{t('research.wave.label')}</label>
            <select id={selectId} value={route.waveId ?? ''} onChange={(event) => chooseWave(event.target.value)}>
              <option value="">{t('research.wave.choose')}</option>
              {waves.data.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.title} ({waveStatusLabel(candidate.status)})
                </option>
              ))}
            </select>
          </div>
          {wave && releases.kind === 'ready' && (releases.data.releases.length > 0 || staff) ? (
            <div className="field field--inline">
              <label htmlFor={releaseId}>{t('research.release.label')}</label>
              <select id={releaseId} value={route.release ?? ''} onChange={(event) => go({ release: event.target.value || null })}>
                {releases.data.releases.length > 0 ? <option value="">{t('research.release.latest')}</option> : null}
                {releases.data.releases.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {t('research.release.option', { number: formatNumber(candidate.number), date: formatDateTime(new Date(candidate.publishedAt)) })}
                  </option>
                ))}
                {staff ? <option value="live">{t('research.release.live')}</option> : null}
              </select>
            </div>
          ) : null}
          {wave && crossable ? (
            <div className="field field--inline">
              <label htmlFor={dimensionId}>{t('research.dimension.label')}</label>
              <select id={dimensionId} value={route.dimension ?? ''} onChange={(event) => go({ dimension: event.target.value || null })}>
                <option value="">{t('research.dimension.none')}</option>
                {DIMENSION_KEYS.map((key) => (
                  <option key={key} value={key}>
                    {t(`research.dimension.${key}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
      ) : null}
      {wave ? (
        <>
          <nav aria-label={t('research.nav.label')} className="research-nav">
            <ul className="research-nav__main">
              {(
                [
                  [{ kind: 'overview' }, t('research.nav.overview')],
                  [{ kind: 'search' }, t('research.nav.search')],
                  [{ kind: 'compare' }, t('research.nav.compare')],
                  [{ kind: 'table' }, t('research.nav.table')],
                ] as [View, string][]
              ).map(([target, text]) => (
                <li key={target.kind}>
                  <PortalLink href={view(target)} navigate={navigate} current={current(target)}>
                    {text}
                  </PortalLink>
                </li>
              ))}
            </ul>
            <ul className="research-nav__list" aria-label={t('research.nav.families')}>
              {wave.families.map((family) => (
                <li key={family.key}>
                  <PortalLink href={view({ kind: 'family', key: family.key })} navigate={navigate} current={current({ kind: 'family', key: family.key })}>
                    {familyLabel(family)}
                  </PortalLink>
                </li>
              ))}
            </ul>
            <ul className="research-nav__list" aria-label={t('research.nav.themes')}>
              {THEME_ORDER.slice(0, -1).map((theme) => (
                <li key={theme}>
                  <PortalLink href={view({ kind: 'theme', key: theme })} navigate={navigate} current={current({ kind: 'theme', key: theme })}>
                    {themeLabel(theme)}
                  </PortalLink>
                </li>
              ))}
            </ul>
          </nav>
          {releaseShown ? (
            <div className="research-downloads" role="group" aria-label={t('research.nav.downloads')}>
              <span className="research-downloads__title" aria-hidden="true">
                {t('research.nav.downloads')}
              </span>
              <Downloads waveId={wave.id} dimension={crossable ? route.dimension : null} release={releaseShown} microdata={user.microdataAccess} />
            </div>
          ) : null}
          <WaveView wave={wave} waves={waves.kind === 'ready' ? waves.data : []} route={route} staff={staff} navigate={navigate} onSeeLive={seeLive} />
        </>
      ) : null}
    </section>
  )
}

interface WaveViewProps {
  wave: Wave
  waves: Wave[]
  route: Route
  staff: boolean
  navigate(href: string, options?: { replace?: boolean }): void
  onSeeLive(): void
}

/** The page the address names. */
function WaveView({ wave, waves, route, staff, navigate, onSeeLive }: WaveViewProps) {
  switch (route.view.kind) {
    case 'family':
      return <FamilyView wave={wave} route={route} familyKey={route.view.key} staff={staff} navigate={navigate} onSeeLive={onSeeLive} />
    case 'theme':
      return <ThemeView wave={wave} route={route} theme={route.view.key} staff={staff} onSeeLive={onSeeLive} />
    case 'search':
      return <SearchView wave={wave} route={route} staff={staff} navigate={navigate} onSeeLive={onSeeLive} />
    case 'compare':
      return (
        <section aria-labelledby="compare-title">
          <h2 id="compare-title">{t('research.compare.title')}</h2>
          <WaveComparison wave={wave} waves={waves} />
        </section>
      )
    case 'table':
      return <TableView wave={wave} route={route} staff={staff} onSeeLive={onSeeLive} />
    case 'overview':
      return <WaveOverview wave={wave} route={route} staff={staff} navigate={navigate} onSeeLive={onSeeLive} />
  }
}

/** `/research/<waveId>/tableau`: every indicator by family in one table (« Toutes familles » for the whole). */
function TableView({ wave, route, staff, onSeeLive }: { wave: Wave; route: Route; staff: boolean; onSeeLive(): void }) {
  const results = useIndicators(wave.id, null, route.release)
  return (
    <section aria-labelledby="table-title">
      <h2 id="table-title">{t('research.table.title')}</h2>
      <ResultsGate results={results} staff={staff} waveId={wave.id} onSeeLive={onSeeLive}>
        {(data) =>
          data.indicators.length === 0 ? (
            <p>{t('research.noIndicators')}</p>
          ) : (
            <>
              <p className="muted research-note">{t('research.note', { minCellSize: formatNumber(data.minCellSize) })}</p>
              <IndicatorTable wave={wave} results={data} />
            </>
          )
        }
      </ResultsGate>
    </section>
  )
}
