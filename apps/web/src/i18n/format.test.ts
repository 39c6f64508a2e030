import { describe, expect, it } from 'vitest'
import {
  formatAxisTick,
  formatCount,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatEuros,
  formatMeasure,
  formatParisDateTime,
  formatPercent,
  formatShortDay,
  formatTime,
  NO_VALUE,
} from './format'
import { t } from './index'
import type { Lang } from './lang'

// The spaces French typography puts in numbers, as Intl (CLDR) writes them: the narrow no-break
// space groups thousands, a no-break space precedes "€" and every unit, and "%" gets the
// no-break space this runtime's CLDR data gives it (it moved between versions).
const N = '\u202F'
const S = '\u00A0'
const P = new Intl.NumberFormat('fr-FR', { style: 'percent' }).format(0).slice(1, -1)

type Case = [number | null | undefined, Lang, string]

describe('formatCount', () => {
  it.each<Case>([
    [1569521, 'fr', `1${N}569${N}521`],
    [1569521, 'en', '1,569,521'],
    [0, 'fr', '0'],
    [-1234, 'fr', `-1${N}234`],
    [-1234, 'en', '-1,234'],
    [7, 'en', '7'],
    [2.6, 'fr', '3'],
    [null, 'fr', NO_VALUE],
    [undefined, 'en', NO_VALUE],
    [Number.NaN, 'fr', NO_VALUE],
    [Number.POSITIVE_INFINITY, 'fr', NO_VALUE],
  ])('%s in %s reads %j', (value, lang, expected) => {
    expect(formatCount(value, lang)).toBe(expected)
  })
})

describe('formatDecimal', () => {
  it.each<Case>([
    // The float noise an addition leaves never reaches the page.
    [10212.400000000003, 'fr', `10${N}212`],
    [10212.400000000003, 'en', '10,212'],
    [24.6, 'fr', '24,6'],
    [24.6, 'en', '24.6'],
    [0.1 + 0.2, 'fr', '0,3'],
    [2.3456, 'fr', '2,35'],
    [123.45, 'fr', '123'],
    [99.96, 'fr', '100'],
    [1569521.4, 'fr', `1${N}569${N}521`],
    [0.012345, 'fr', '0,0123'],
    [0.000012345, 'en', '0.0000123'],
    [-0.2, 'fr', '-0,2'],
    [-1607.5, 'fr', `-1${N}608`],
    [-0.0000001, 'fr', '-0,0000001'],
    [0, 'en', '0'],
    [null, 'fr', NO_VALUE],
    [Number.NaN, 'en', NO_VALUE],
  ])('%s in %s reads %j', (value, lang, expected) => {
    expect(formatDecimal(value, lang)).toBe(expected)
  })
})

describe('formatPercent', () => {
  it.each<Case>([
    [0.125, 'fr', `12,5${P}%`],
    [0.125, 'en', '12.5%'],
    [1 / 7, 'fr', `14,3${P}%`],
    [6 / 7, 'en', '85.7%'],
    [0, 'fr', `0${P}%`],
    [1, 'fr', `100${P}%`],
    [2.5, 'en', '250%'],
    [-0.05, 'fr', `-5${P}%`],
    // A share that is not 0 never reads 0 %, one that is not 1 never reads 100 %.
    [0.0001, 'fr', `<${S}0,1${P}%`],
    [0.9999, 'fr', `>${S}99,9${P}%`],
    [0.9999, 'en', `>${S}99.9%`],
    [null, 'fr', NO_VALUE],
    [Number.NaN, 'fr', NO_VALUE],
  ])('%s in %s reads %j', (value, lang, expected) => {
    expect(formatPercent(value, lang)).toBe(expected)
  })
})

describe('formatEuros', () => {
  it.each<Case>([
    [1234, 'fr', `1${N}234${S}€`],
    [1234, 'en', '€1,234'],
    [35000.5, 'fr', `35${N}001${S}€`],
    [12.5, 'fr', `12,50${S}€`],
    [12, 'fr', `12${S}€`],
    [-250, 'fr', `-250${S}€`],
    [0, 'en', '€0'],
    [null, 'fr', NO_VALUE],
  ])('%s in %s reads %j', (value, lang, expected) => {
    expect(formatEuros(value, lang)).toBe(expected)
  })
})

describe('formatMeasure', () => {
  it.each<[number | null, string, Lang, string]>([
    [24.6, 'kg CO2e', 'fr', `24,6${S}kg CO2e`],
    [24.6, 'kg CO2e', 'en', `24.6${S}kg CO2e`],
    [10212.400000000003, 'kg', 'fr', `10${N}212${S}kg`],
    [1569521, 'personnes', 'fr', `1${N}569${N}521${S}personnes`],
    [0.125, 'proportion', 'fr', `12,5${P}%`],
    [1234, 'EUR', 'fr', `1${N}234${S}€`],
    [85, '%', 'fr', `85${P}%`],
    [85, '%', 'en', '85%'],
    [2.5, '', 'fr', '2,5'],
    [null, 'kg', 'fr', NO_VALUE],
    [Number.NaN, 'EUR', 'en', NO_VALUE],
  ])('%s %j in %s reads %j', (value, unit, lang, expected) => {
    expect(formatMeasure(value, unit, lang)).toBe(expected)
  })
})

describe('formatAxisTick', () => {
  it.each<[number, string, Lang, string]>([
    [0.2, 'proportion', 'fr', `20${P}%`],
    [0.25, 'proportion', 'en', '25%'],
    [50, '%', 'fr', `50${P}%`],
    [2.5, 'kg', 'fr', '2,5'],
    [5000, 'EUR', 'fr', `5${N}000`],
    [12000, 'kg', 'fr', `12${S}k`],
    [1500000, 'EUR', 'fr', `1,5${S}M`],
    [1500000, 'EUR', 'en', '1.5m'],
    [-20000, 'kg', 'en', '-20k'],
    [Number.NaN, 'kg', 'fr', ''],
  ])('%s %j in %s reads %j', (value, unit, lang, expected) => {
    expect(formatAxisTick(value, unit, lang)).toBe(expected)
  })
})

describe('dates', () => {
  it.each<[string | null, Lang, string]>([
    ['2026-03-12', 'fr', '12 mars 2026'],
    ['2026-03-12', 'en', '12 Mar 2026'],
    [null, 'fr', ''],
    ['not a date', 'fr', 'not a date'],
  ])('the day %j in %s reads %j', (iso, lang, expected) => {
    expect(formatDate(iso, lang)).toBe(expected)
  })

  it('writes a moment with its time, in the browser’s time zone', () => {
    const moment = new Date(2026, 2, 12, 14, 32)
    expect(formatDateTime(moment, 'fr')).toBe('12 mars 2026 à 14:32')
    expect(formatDateTime(moment, 'en')).toBe('12 March 2026 at 14:32')
    expect(formatTime(moment, 'fr')).toBe('14:32')
    expect(formatDateTime(new Date('nope'), 'fr')).toBe(NO_VALUE)
  })

  it('writes a UTC day of a chart axis short', () => {
    expect(formatShortDay('2026-03-12', 'fr')).toBe('12 mars')
    expect(formatShortDay('2026-03-12', 'en')).toBe('12 Mar')
  })
})

describe('French spacing', () => {
  it('never breaks a line inside a number, nor between a number and its unit or sign', () => {
    expect(P).toMatch(/^[\u00A0\u202F]$/)
    for (const text of [formatCount(1569521, 'fr'), formatPercent(0.125, 'fr'), formatEuros(1234, 'fr'), formatMeasure(24.6, 'kg CO2e', 'fr')]) {
      expect(text).not.toMatch(/\d /)
    }
  })
})

describe('t', () => {
  it('writes a number given as a parameter in the interface’s format (French here)', () => {
    expect(t('respondent.toc.progress', { answered: 1234, total: 10212.400000000003 })).toBe(`Questions obligatoires répondues\u00A0: 1${N}234 sur 10${N}212`)
    expect(t('respondent.toc.progress', { answered: '2025', total: 0.5 })).toBe('Questions obligatoires répondues\u00A0: 2025 sur 0,5')
  })
})

describe('formatParisDateTime', () => {
  it.each([
    ['2026-03-15T22:59:00Z', 'fr', '15 mars 2026 à 23\u00A0h\u00A059'],
    ['2026-07-01T07:05:00Z', 'fr', '1er juillet 2026 à 9\u00A0h\u00A005'],
    ['2026-03-15T23:30:00Z', 'fr', '16 mars 2026 à 0\u00A0h\u00A030'],
    ['2026-03-15T22:59:00Z', 'en', '15 March 2026 at 23:59'],
    [null, 'fr', '—'],
  ] as const)('writes %s in Paris time (%s)', (iso, lang, expected) => {
    expect(formatParisDateTime(iso, lang)).toBe(expected)
  })
})
