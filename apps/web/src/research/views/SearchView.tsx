import type { IndicatorMeta, Wave } from '@sonde/contracts'
import { useId } from 'react'
import { t } from '../../i18n'
import { tCount } from '../../i18n/count'
import { familyLabel } from '../../waves/family-label'
import { useIndicators } from '../indicators/use-indicators'
import { isThemeFilter, routeHref, type Route } from '../routes'
import { indicatorAnchor } from './IndicatorFigure'
import { familyName, metaLabel, PortalLink, ResultsGate, THEME_ORDER, themeLabel, themeOfMeta } from './shared'

interface SearchViewProps {
  wave: Wave
  route: Route
  staff: boolean
  navigate(href: string, options?: { replace?: boolean }): void
  onSeeLive(): void
}

/** Lower case, without accents: « Émissions » is found by "emissions". */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** Every word typed is in the label (French or English) or the id. */
function matches(meta: IndicatorMeta, query: string): boolean {
  const words = folded(query).split(/\s+/).filter(Boolean)
  const haystack = folded(`${meta.labelFr} ${meta.labelEn} ${meta.id}`)
  return words.every((word) => haystack.includes(word))
}

/**
 * `/research/<waveId>/recherche?q=&famille=&theme=`: indicators found by words of their label, a
 * family and a theme (both filtered by the server, which sends the descriptions alone), listed as
 * links — to the family's page for a family's own indicator, to the theme's page otherwise.
 */
export function SearchView({ wave, route, staff, navigate, onSeeLive }: SearchViewProps) {
  const textId = useId()
  const familyId = useId()
  const themeId = useId()
  const family = wave.families.some((f) => f.key === route.family) ? route.family : ''
  const theme = isThemeFilter(route.theme) ? route.theme : ''
  const results = useIndicators(wave.id, null, route.release, { family: family || null, theme: theme || null, withoutCells: true })
  const update = (change: Partial<Pick<Route, 'query' | 'family' | 'theme'>>) => navigate(routeHref({ ...route, ...change }), { replace: true })

  return (
    <section aria-labelledby="search-title">
      <h2 id="search-title">{t('research.search.title')}</h2>
      <form className="research-search" role="search" aria-labelledby="search-title" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={textId}>{t('research.search.text')}</label>
          <input id={textId} type="search" value={route.query} onChange={(event) => update({ query: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={familyId}>{t('research.search.family')}</label>
          <select id={familyId} value={family} onChange={(event) => update({ family: event.target.value })}>
            <option value="">{t('research.search.any')}</option>
            {wave.families.map((f) => (
              <option key={f.key} value={f.key}>
                {familyLabel(f)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={themeId}>{t('research.search.theme')}</label>
          <select id={themeId} value={theme} onChange={(event) => update({ theme: event.target.value })}>
            <option value="">{t('research.search.any')}</option>
            {THEME_ORDER.map((key) => (
              <option key={key} value={key}>
                {themeLabel(key)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ResultsGate results={results} staff={staff} waveId={wave.id} onSeeLive={onSeeLive} checkEmpty={false} withRelease={false}>
        {(data) => {
          const found = data.indicators.filter((meta) => matches(meta, route.query))
          return (
            <>
              <p role="status">{tCount({ one: 'research.search.results.one', other: 'research.search.results' }, found.length, { count: found.length })}</p>
              {found.length === 0 ? (
                <p>{t('research.search.none')}</p>
              ) : (
                <ul className="research-results">
                  {found.map((meta) => {
                    const own = meta.families !== null && meta.families.length === 1 ? meta.families[0]! : family || null
                    const target = own ? { kind: 'family' as const, key: own } : { kind: 'theme' as const, key: themeOfMeta(meta) }
                    const href = `${routeHref({ ...route, view: target, dimension: null, query: '', family: '', theme: own ? themeOfMeta(meta) : '' })}#${indicatorAnchor(meta.id)}`
                    return (
                      <li key={meta.id}>
                        <PortalLink href={href} navigate={navigate}>
                          {metaLabel(meta)}
                        </PortalLink>
                        <span className="muted">
                          {' — '}
                          {t('research.search.where', {
                            theme: themeLabel(themeOfMeta(meta)),
                            families:
                              meta.families === null ? t('research.search.everyFamily') : meta.families.map((k) => familyName(wave.families, k)).join(', '),
                          })}
                        </span>
                      </li>
                    )
                  })}
                </ul>
              )}
            </>
          )
        }}
      </ResultsGate>
    </section>
  )
}
