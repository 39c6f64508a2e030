import { useEffect, useId, useState } from 'react'
import { LoadError } from '../api/LoadError'
import { t } from '../i18n'
import { useWaves } from '../waves/use-waves'
import { waveStatusLabel } from '../waves/wave-status'
import { IndicatorTable } from './indicators/IndicatorTable'
import { useIndicators } from './indicators/use-indicators'

/** `/research/<waveId>`: the wave is in the path so that the page can be bookmarked and reloaded. */
function waveIdFromPath(pathname: string): string | null {
  const match = /^\/research\/([^/]+)/.exec(pathname)
  return match?.[1] ? decodeURIComponent(match[1]) : null
}

export function ResearchPage() {
  const waves = useWaves()
  const [waveId, setWaveId] = useState<string | null>(() => waveIdFromPath(window.location.pathname))
  const results = useIndicators(waveId)
  const selectId = useId()

  useEffect(() => {
    const onPopState = () => setWaveId(waveIdFromPath(window.location.pathname))
    window.addEventListener('popstate', onPopState)
    return () => window.removeEventListener('popstate', onPopState)
  }, [])

  function choose(id: string) {
    const next = id || null
    setWaveId(next)
    window.history.pushState(null, '', next ? `/research/${encodeURIComponent(next)}${window.location.search}` : `/research${window.location.search}`)
  }

  const wave = waves.kind === 'ready' ? waves.data.find((candidate) => candidate.id === waveId) : undefined
  const csv = waveId ? `/api/waves/${encodeURIComponent(waveId)}/exports/indicators.csv` : null

  return (
    <section aria-labelledby="research-title">
      <p>
        <a href="/admin">{t('research.back')}</a>
      </p>
      <h1 id="research-title">{t('research.title')}</h1>
      {waves.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {waves.kind === 'error' ? <LoadError code={waves.code} /> : null}
      {waves.kind === 'ready' && waves.data.length === 0 ? <p>{t('research.wave.none')}</p> : null}
      {waves.kind === 'ready' && waves.data.length > 0 ? (
        <div className="field field--inline">
          <label htmlFor={selectId}>{t('research.wave.label')}</label>
          <select id={selectId} value={waveId ?? ''} onChange={(event) => choose(event.target.value)}>
            <option value="">{t('research.wave.choose')}</option>
            {waves.data.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title} ({waveStatusLabel(candidate.status)})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {wave && csv ? (
        <>
          {results.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
          {results.kind === 'error' ? <LoadError code={results.code} /> : null}
          {results.kind === 'ready' ? (
            <>
              <p className="muted research-note">{t('research.note', { minCellSize: results.data.minCellSize })}</p>
              <IndicatorTable wave={wave} results={results.data} />
              <h2>{t('research.downloads.title')}</h2>
              <ul>
                <li>
                  <a href={csv} download>
                    {t('research.downloads.csv')}
                  </a>
                </li>
                <li>
                  <a href={`${csv}?dialect=excel-fr`} download>
                    {t('research.downloads.excel')}
                  </a>
                </li>
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  )
}
