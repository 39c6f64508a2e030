import { AggregationSchema, IndicatorMetaSchema } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { defaultIndicators } from './default-indicators'
import { indicatorFactorSource, indicatorMeta, indicatorQuestions } from './meta'

describe('defaultIndicators', () => {
  it('covers every aggregation at least once', () => {
    const used = new Set(defaultIndicators.map((d) => d.aggregation))
    expect([...AggregationSchema.options].filter((a) => !used.has(a))).toEqual([])
  })

  it('has unique ids', () => {
    const ids = defaultIndicators.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('describes every indicator in the shape of the public contract', () => {
    for (const definition of defaultIndicators) {
      expect(() => IndicatorMetaSchema.parse(indicatorMeta(definition))).not.toThrow()
    }
  })

  it('keeps the ADEME 2022 factors as data beside the derived CO2e', () => {
    const co2 = defaultIndicators.find((d) => d.id === 'ree_co2e_evite')
    expect(co2?.aggregation).toBe('derived_sum')
    if (co2?.aggregation !== 'derived_sum') return
    expect(co2.terms.map((t) => [t.question, t.factor.value, t.factor.version])).toEqual([
      ['ree_smartphones', 24.6, 'ademe-2022'],
      ['ree_portables', 27, 'ademe-2022'],
    ])
    expect(indicatorQuestions(co2)).toEqual(['ree_smartphones', 'ree_portables', 'ree_annees_usage_supplementaires'])
    const source = indicatorFactorSource(co2)
    expect(source).toContain('ree_smartphones × 24.6 kg CO2e / appareil / an')
    expect(source).toContain('× ree_annees_usage_supplementaires (1 si non renseigné)')
    expect(source).toContain('ADEME 2022')
    expect(indicatorFactorSource(defaultIndicators[0]!)).toBeNull()
  })

  it('lists each question of a ratio once', () => {
    const solidaire = defaultIndicators.find((d) => d.id === 'ree_part_solidaire')
    expect(solidaire && indicatorQuestions(solidaire)).toEqual([
      'ree_solidaires',
      'ree_smartphones',
      'ree_portables',
      'ree_fixes',
      'ree_tablettes',
      'ree_ecrans',
    ])
  })
})
