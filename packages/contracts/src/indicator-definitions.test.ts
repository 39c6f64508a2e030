import { describe, expect, it } from 'vitest'
import { indicatorQuestions, type IndicatorDefinitionInput } from './indicator-definitions'

const base = { id: 'x', labelFr: 'X', labelEn: 'X', unit: '', families: null }

// The list the console shows beside each indicator and the one the server guards: the same names.
describe('indicatorQuestions', () => {
  it.each<[string, IndicatorDefinitionInput, string[]]>([
    ['a total', { ...base, aggregation: 'sum', question: 'budget' }, ['budget']],
    [
      'a ratio with a term multiplied by another question',
      {
        ...base,
        aggregation: 'pooled_ratio',
        numerator: [{ question: 'part_publique', times: 'budget', coefficient: 0.01 }, 'dons'],
        denominator: ['budget'],
      },
      ['part_publique', 'budget', 'dons'],
    ],
    [
      'a ratio counting ticked choices',
      { ...base, aggregation: 'median_ratio', numerator: [{ question: 'outils', count: true }], denominator: [{ question: 'salaries', times: 'etp' }] },
      ['outils', 'salaries', 'etp'],
    ],
    [
      'a converted total with its multiplier',
      {
        ...base,
        aggregation: 'derived_sum',
        terms: [{ question: 'portables', factor: { value: 156, unit: 'kgCO2e', source: 'ADEME', version: '2024' } }],
        multiplier: { question: 'annees', default: 1 },
      },
      ['portables', 'annees'],
    ],
  ])('lists every question of %s once, in order', (_, definition, expected) => {
    expect(indicatorQuestions(definition)).toEqual(expected)
  })
})
