import { indicatorQuestions, THEME_KEYS, type IndicatorMeta, type ThemeKey } from '@sonde/contracts'
import { defaultIndicatorThemes } from './default-indicators'
import type { IndicatorDefinition } from './types'

// One list of an indicator's questions for the server and the console: defined with the contract.
export { indicatorQuestions, normaliseTerm, type NormalisedTerm } from '@sonde/contracts'

/**
 * The factors of a derived indicator as one readable line, printed beside every derived figure
 * (CSV `factor_source`): each term with its factor, the multiplier, then the sources and versions.
 * Null for indicators without factors.
 */
/** A factor as a person reads it in the source text: French digits, six significant at most (1/1607 → 0,000622278). */
function factorText(value: number): string {
  return value.toLocaleString('fr-FR', { maximumSignificantDigits: 6 })
}

export function indicatorFactorSource(definition: IndicatorDefinition): string | null {
  if (definition.aggregation !== 'derived_sum') return null
  const terms = definition.terms.map((t) => `${t.question} × ${factorText(t.factor.value)} ${t.factor.unit}`)
  const multiplier = definition.multiplier ? [`× ${definition.multiplier.question} (${definition.multiplier.default} si non renseigné)`] : []
  const sources = [...new Set(definition.terms.map((t) => `${t.factor.source} [${t.factor.version}]`))]
  return [...terms, ...multiplier].join(' ; ') + ' — ' + sources.join(' ; ')
}

/** The published description of an indicator (contracts `IndicatorMeta`). */
export function indicatorMeta(definition: IndicatorDefinition): IndicatorMeta {
  return {
    id: definition.id,
    labelFr: definition.labelFr,
    labelEn: definition.labelEn,
    unit: definition.unit,
    aggregation: definition.aggregation,
    questions: indicatorQuestions(definition),
    families: definition.families ? [...definition.families] : null,
    factorSource: indicatorFactorSource(definition),
    theme: themeOf(definition),
  }
}

/**
 * The theme of an indicator: its own (a definition written with one, even null on purpose), else
 * the default catalogue's for the same id — waves and releases stored before themes existed —,
 * else null (« Autres »).
 */
export function themeOf(indicator: { id: string; theme?: string | null }): ThemeKey | null {
  if (indicator.theme !== undefined) return isTheme(indicator.theme) ? indicator.theme : null
  return defaultIndicatorThemes.get(indicator.id) ?? null
}

const isTheme = (value: unknown): value is ThemeKey => (THEME_KEYS as readonly unknown[]).includes(value)

/** Published descriptions with their theme filled in (`themeOf`): what a release stored before themes lacks. */
export function withThemes(indicators: readonly IndicatorMeta[]): IndicatorMeta[] {
  return indicators.map((meta) => ({ ...meta, theme: themeOf(meta) }))
}
