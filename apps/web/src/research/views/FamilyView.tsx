import type { Wave } from '@sonde/contracts'
import { formatNumber, t } from '../../i18n'
import { familyLabel } from '../../waves/family-label'
import { useIndicators } from '../indicators/use-indicators'
import { isThemeFilter, routeHref, type Route } from '../routes'
import { IndicatorFigure } from './IndicatorFigure'
import { byTheme, PortalLink, ResultsGate, themeLabel, useScrollToHash } from './shared'

interface FamilyViewProps {
  wave: Wave
  route: Route
  familyKey: string
  staff: boolean
  navigate(href: string): void
  onSeeLive(): void
}

/**
 * `/research/<waveId>/famille/<key>?theme=`, the family page: the family's indicators (every
 * family's and its own) one theme at a time — the first by default, the others one link away —,
 * each chart with the family's value, interval and n. Only the descriptions of the family's
 * indicators and the cells of this family and theme are loaded. Crossed with a dimension, each
 * indicator gets its full card per modality.
 */
export function FamilyView({ wave, route, familyKey, staff, navigate, onSeeLive }: FamilyViewProps) {
  const family = wave.families.find((f) => f.key === familyKey)
  const metas = useIndicators(family ? wave.id : null, null, route.release, { family: familyKey, withoutCells: true })
  const themes = metas.kind === 'ready' ? byTheme(metas.data.indicators) : []
  const shown = themes.find((group) => isThemeFilter(route.theme) && group.theme === route.theme)?.theme ?? themes[0]?.theme ?? null
  const results = useIndicators(family && shown ? wave.id : null, route.dimension, route.release, { family: familyKey, theme: shown })
  useScrollToHash(results.kind === 'ready')
  if (!family) {
    return (
      <section aria-labelledby="family-title">
        <h2 id="family-title">{t('research.familyPage.title', { family: familyKey })}</h2>
        <p className="notice">{t('research.familyPage.unknown')}</p>
      </section>
    )
  }
  const name = familyLabel(family)
  return (
    <section aria-labelledby="family-title">
      <h2 id="family-title">{t('research.familyPage.title', { family: name })}</h2>
      <p className="muted">{t('research.familyPage.intro')}</p>
      <ResultsGate results={metas} staff={staff} waveId={wave.id} onSeeLive={onSeeLive} checkEmpty={false}>
        {() => (
          <>
            <nav aria-label={t('research.familyPage.themes', { family: name })} className="research-tabs">
              <ul className="research-links">
                {themes.map((group) => (
                  <li key={group.theme}>
                    <PortalLink href={routeHref({ ...route, theme: group.theme })} navigate={navigate} current={group.theme === shown ? 'page' : undefined}>
                      {themeLabel(group.theme)} ({formatNumber(group.indicators.length)})
                    </PortalLink>
                  </li>
                ))}
              </ul>
            </nav>
            {shown ? (
              <section aria-labelledby="family-theme-title" className="indicator-group">
                <h3 id="family-theme-title">{themeLabel(shown)}</h3>
                <ResultsGate results={results} staff={staff} waveId={wave.id} onSeeLive={onSeeLive} withRelease={false}>
                  {(data) => (
                    <>
                      {data.indicators.map((meta) => (
                        <IndicatorFigure
                          key={meta.id}
                          meta={meta}
                          data={data}
                          waveFamilies={wave.families}
                          cardFamilies={[family]}
                          only={familyKey}
                          subtitle={
                            meta.aggregation === 'distribution'
                              ? t('research.chart.perCategory', { family: name })
                              : t('research.chart.forFamily', { family: name })
                          }
                        />
                      ))}
                      <p className="research-theme-link">
                        <PortalLink href={routeHref({ ...route, view: { kind: 'theme', key: shown }, theme: '' })} navigate={navigate}>
                          {t('research.familyPage.themeLink', { theme: themeLabel(shown) })}
                        </PortalLink>
                      </p>
                    </>
                  )}
                </ResultsGate>
              </section>
            ) : (
              <p>{t('research.noIndicators')}</p>
            )}
          </>
        )}
      </ResultsGate>
    </section>
  )
}
