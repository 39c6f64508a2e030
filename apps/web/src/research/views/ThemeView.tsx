import type { IndicatorMeta, IndicatorThemeFilter, Wave } from '@sonde/contracts'
import { t } from '../../i18n'
import { useIndicators } from '../indicators/use-indicators'
import { IndicatorFigure } from './IndicatorFigure'
import { familyName, ResultsGate, themeLabel, useScrollToHash } from './shared'
import type { Route } from '../routes'

interface ThemeViewProps {
  wave: Wave
  route: Route
  theme: IndicatorThemeFilter
  staff: boolean
  onSeeLive(): void
}

/** The indicators of every family first, then each family's own, in the wave's order of families. */
function groupsOf(indicators: readonly IndicatorMeta[], wave: Wave): { key: string; title: string; indicators: IndicatorMeta[] }[] {
  const groups = new Map<string, { key: string; title: string; indicators: IndicatorMeta[] }>()
  for (const meta of indicators) {
    const key = meta.families === null ? 'all' : meta.families.join('+')
    const title = meta.families === null ? t('research.family.allShort') : meta.families.map((k) => familyName(wave.families, k)).join(', ')
    const group = groups.get(key) ?? { key, title, indicators: [] }
    group.indicators.push(meta)
    groups.set(key, group)
  }
  return [...groups.values()]
}

/**
 * `/research/<waveId>/theme/<theme>`: a theme's indicators across families, each chart with a line
 * per family and one for all families together — only this theme's cells are loaded.
 */
export function ThemeView({ wave, route, theme, staff, onSeeLive }: ThemeViewProps) {
  const results = useIndicators(wave.id, route.dimension, route.release, { theme })
  useScrollToHash(results.kind === 'ready')
  return (
    <section aria-labelledby="theme-title">
      <h2 id="theme-title">{t('research.themePage.title', { theme: themeLabel(theme) })}</h2>
      <p className="muted">{t('research.themePage.intro')}</p>
      <ResultsGate results={results} staff={staff} waveId={wave.id} onSeeLive={onSeeLive}>
        {(data) =>
          data.indicators.length === 0 ? (
            <p>{t('research.themePage.none')}</p>
          ) : (
            groupsOf(data.indicators, wave).map((group) => (
              <section key={group.key} aria-labelledby={`group-${group.key}-title`} className="indicator-group">
                <h3 id={`group-${group.key}-title`}>{group.title}</h3>
                {group.indicators.map((meta) => (
                  <IndicatorFigure
                    key={meta.id}
                    meta={meta}
                    data={data}
                    waveFamilies={wave.families}
                    cardFamilies={wave.families}
                    only={null}
                    subtitle={
                      meta.aggregation === 'distribution'
                        ? t('research.chart.perCategory', { family: t('research.family.allShort') })
                        : t('research.chart.perFamily')
                    }
                  />
                ))}
              </section>
            ))
          )
        }
      </ResultsGate>
    </section>
  )
}
