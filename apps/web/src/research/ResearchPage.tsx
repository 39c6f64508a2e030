import { DIMENSION_KEYS, type CurrentUser, type DimensionKey, type IndicatorMeta, type IndicatorResults, type ReleaseList, type Wave } from '@sonde/contracts'
import { useEffect, useId, useState } from 'react'
import { LoadError } from '../api/LoadError'
import { useApi } from '../api/use-api'
import { formatDateTime, formatNumber, t } from '../i18n'
import { tCount } from '../i18n/count'
import { familyLabel } from '../waves/family-label'
import { useWaves } from '../waves/use-waves'
import { waveStatusLabel } from '../waves/wave-status'
import { WaveComparison } from './comparison/WaveComparison'
import { Downloads } from './downloads/Downloads'
import { ALL, IndicatorCard } from './indicators/IndicatorCard'
import { IndicatorTable } from './indicators/IndicatorTable'
import { useIndicators } from './indicators/use-indicators'

/** `/research/<waveId>`: the wave is in the path so that the page can be bookmarked and reloaded. */
function waveIdFromPath(pathname: string): string | null {
  const match = /^\/research\/([^/]+)/.exec(pathname)
  return match?.[1] ? decodeURIComponent(match[1]) : null
}

/** `?dimension=region`: the dimension crossed with the families, bookmarkable too. */
function dimensionFromSearch(search: string): string | null {
  const value = new URLSearchParams(search).get('dimension')
  return value && (DIMENSION_KEYS as readonly string[]).includes(value) ? value : null
}

/** `?release=`: a release id, or `live` (staff: the provisional computation); the latest release when absent. */
function releaseFromSearch(search: string): string | null {
  const value = new URLSearchParams(search).get('release')
  return value && /^(live|[0-9a-fA-F-]{36})$/.test(value) ? value : null
}

const isStaffUser = (user: CurrentUser) => user.role === 'admin' || user.role === 'staff'

/** Indicators grouped as a researcher reads them: the blocks of every family, then each family's own. */
function groupsOf(results: IndicatorResults, wave: Wave): { key: string; title: string; indicators: IndicatorMeta[] }[] {
  const groups = new Map<string, { key: string; title: string; indicators: IndicatorMeta[] }>()
  for (const meta of results.indicators) {
    const key = meta.families === null ? ALL : meta.families.join('+')
    const title =
      meta.families === null
        ? t('research.group.all')
        : meta.families
            .map((k) => {
              const f = wave.families.find((family) => family.key === k)
              return f ? familyLabel(f) : k
            })
            .join(', ')
    const group = groups.get(key) ?? { key, title, indicators: [] }
    group.indicators.push(meta)
    groups.set(key, group)
  }
  return [...groups.values()]
}

/** The results by family only (the margins of a crossed table are exactly those). */
function byFamily(results: IndicatorResults): IndicatorResults {
  const dimension = results.dimension
  if (!dimension) return results
  return {
    ...results,
    cells: results.cells.filter((c) => c.dimensionValue === ALL).map((c) => ({ ...c, dimensionValue: null })),
  }
}

export function ResearchPage({ user }: { user: CurrentUser }) {
  const waves = useWaves()
  const [waveId, setWaveId] = useState<string | null>(() => waveIdFromPath(window.location.pathname))
  const [dimension, setDimension] = useState<string | null>(() => dimensionFromSearch(window.location.search))
  const [release, setRelease] = useState<string | null>(() => releaseFromSearch(window.location.search))
  const results = useIndicators(waveId, dimension, release)
  const releases = useApi<ReleaseList>(waveId ? `/api/waves/${encodeURIComponent(waveId)}/releases` : null)
  const selectId = useId()
  const dimensionId = useId()
  const releaseId = useId()
  const staff = isStaffUser(user)

  useEffect(() => {
    const onPopState = () => {
      setWaveId(waveIdFromPath(window.location.pathname))
      setDimension(dimensionFromSearch(window.location.search))
      setRelease(releaseFromSearch(window.location.search))
    }
    window.addEventListener('popstate', onPopState)
    return () => window.removeEventListener('popstate', onPopState)
  }, [])

  function navigate(nextWave: string | null, nextDimension: string | null, nextRelease: string | null = release) {
    const search = new URLSearchParams(window.location.search)
    if (nextDimension) search.set('dimension', nextDimension)
    else search.delete('dimension')
    if (nextRelease) search.set('release', nextRelease)
    else search.delete('release')
    const query = search.toString() ? `?${search.toString()}` : ''
    window.history.pushState(null, '', nextWave ? `/research/${encodeURIComponent(nextWave)}${query}` : `/research${query}`)
  }

  function chooseWave(id: string) {
    const next = id || null
    setWaveId(next)
    // Another wave has other releases: start from its latest.
    setRelease(null)
    navigate(next, dimension, null)
  }

  function chooseRelease(value: string) {
    const next = value || null
    setRelease(next)
    navigate(waveId, dimension, next)
  }

  function chooseDimension(value: string) {
    const next = value || null
    setDimension(next)
    navigate(waveId, next)
  }

  const wave = waves.kind === 'ready' ? waves.data.find((candidate) => candidate.id === waveId) : undefined

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
            <select id={selectId} value={waveId ?? ''} onChange={(event) => chooseWave(event.target.value)}>
              <option value="">{t('research.wave.choose')}</option>
              {waves.data.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.title} ({waveStatusLabel(candidate.status)})
                </option>
              ))}
            </select>
          </div>
          {wave ? (
            <div className="field field--inline">
              <label htmlFor={dimensionId}>{t('research.dimension.label')}</label>
              <select id={dimensionId} value={dimension ?? ''} onChange={(event) => chooseDimension(event.target.value)}>
                <option value="">{t('research.dimension.none')}</option>
                {DIMENSION_KEYS.map((key) => (
                  <option key={key} value={key}>
                    {t(`research.dimension.${key}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {wave && releases.kind === 'ready' && (releases.data.releases.length > 0 || staff) ? (
            <div className="field field--inline">
              <label htmlFor={releaseId}>{t('research.release.label')}</label>
              <select id={releaseId} value={release ?? ''} onChange={(event) => chooseRelease(event.target.value)}>
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
        </div>
      ) : null}
      {wave ? (
        <>
          {results.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
          {results.kind === 'error' && results.code === 'RESULTS_NOT_RELEASED' ? (
            <div className="notice">
              <p>{t('research.release.none')}</p>
              {staff ? (
                <p>
                  <a href={`/admin/waves/${encodeURIComponent(wave.id)}/results`}>{t('research.release.publishHere')}</a>
                  {' · '}
                  <button type="button" className="button button--link" onClick={() => chooseRelease('live')}>
                    {t('research.release.seeLive')}
                  </button>
                </p>
              ) : null}
            </div>
          ) : null}
          {results.kind === 'error' && results.code !== 'RESULTS_NOT_RELEASED' ? <LoadError code={results.code} /> : null}
          {results.kind === 'ready' ? (
            <>
              {results.data.source === 'live' ? (
                <p className="notice notice--warning" role="note">
                  {t('research.release.provisional')}
                </p>
              ) : results.data.release ? (
                <p className="research-release">
                  {tCount({ one: 'research.release.reading.one', other: 'research.release.reading' }, results.data.release.responses, {
                    number: formatNumber(results.data.release.number),
                    date: formatDateTime(new Date(results.data.release.publishedAt)),
                    responses: formatNumber(results.data.release.responses),
                  })}
                  {results.data.release.note ? ` — ${results.data.release.note}` : ''}
                </p>
              ) : null}
              <p className="muted research-note">{t('research.note', { minCellSize: formatNumber(results.data.minCellSize) })}</p>
              {results.data.indicators.length === 0 ? (
                <p>{t('research.noIndicators')}</p>
              ) : (
                <>
                  <h2 id="research-charts">
                    {dimension
                      ? t('research.charts.titleCrossed', { dimension: t(`research.dimension.${dimension as DimensionKey}`) })
                      : t('research.charts.title')}
                  </h2>
                  <nav aria-labelledby="research-groups-title" className="research-groups">
                    <h3 id="research-groups-title" className="visually-hidden">
                      {t('research.groups.title')}
                    </h3>
                    <ul>
                      {groupsOf(results.data, wave).map((group) => (
                        <li key={group.key}>
                          <a href={`#group-${group.key}`}>
                            {group.title} ({formatNumber(group.indicators.length)})
                          </a>
                        </li>
                      ))}
                    </ul>
                  </nav>
                  {groupsOf(results.data, wave).map((group) => (
                    <section key={group.key} id={`group-${group.key}`} aria-labelledby={`group-${group.key}-title`} className="indicator-group">
                      <h3 id={`group-${group.key}-title`}>{group.title}</h3>
                      {group.indicators.map((meta) => (
                        <IndicatorCard
                          key={meta.id}
                          meta={meta}
                          cells={results.data.cells.filter((c) => c.indicator === meta.id)}
                          families={wave.families}
                          dimension={results.data.dimension ? { key: results.data.dimension, values: results.data.dimensionValues } : null}
                          minCellSize={results.data.minCellSize}
                          pPercent={results.data.pPercent}
                        />
                      ))}
                    </section>
                  ))}
                  <h2>{t('research.summary.title')}</h2>
                  <IndicatorTable wave={wave} results={byFamily(results.data)} />
                </>
              )}
              <h2>{t('research.compare.title')}</h2>
              {waves.kind === 'ready' ? <WaveComparison wave={wave} waves={waves.data} /> : null}
              <h2>{t('research.downloads.title')}</h2>
              <Downloads waveId={wave.id} dimension={dimension} release={results.data.release?.id ?? 'live'} microdata={user.microdataAccess} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  )
}
