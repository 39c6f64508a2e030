import { defaultQuestionnaire, listQuestions } from '@sonde/survey'
import { describe, expect, it } from 'vitest'
import { defaultIndicators } from './default-indicators'
import type { IndicatorDefinition, QuestionInfo } from './types'
import { validateIndicators, type IndicatorProblemCode } from './validate'

const questions: QuestionInfo[] = [
  { name: 'budget_annuel', type: 'text', numeric: true, multiple: false },
  { name: 'ca_femmes', type: 'text', numeric: true, multiple: false },
  { name: 'ca_membres', type: 'text', numeric: true, multiple: false },
  { name: 'gouvernance_democratique', type: 'boolean', numeric: false, multiple: false },
  { name: 'agrement_esus', type: 'radiogroup', numeric: false, multiple: false, choices: [{ value: 'oui' }, { value: 'non' }] },
  { name: 'forme_juridique', type: 'dropdown', numeric: false, multiple: false, choices: ['association', 'scop'] },
  { name: 'familles', type: 'checkbox', numeric: false, multiple: true, choices: ['insertion', 'reemploi'] },
  { name: 'outils', type: 'checkbox', numeric: false, multiple: true, choices: ['a', 'b'] },
  { name: 'nom', type: 'text', numeric: false, multiple: false },
]

const base = { labelFr: 'x', labelEn: 'x', unit: 'u', families: null }
const factor = { value: 2, unit: 'kg', source: 'test', version: 'v1' }

describe('validateIndicators', () => {
  it('accepts the default indicators against the default questionnaire', () => {
    expect(
      validateIndicators(defaultIndicators, listQuestions(defaultQuestionnaire), {
        families: ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure'],
      }),
    ).toEqual([])
  })

  it.each<{ name: string; definition: IndicatorDefinition; codes: IndicatorProblemCode[] }>([
    { name: 'a valid median', definition: { ...base, id: 'ok', aggregation: 'median', question: 'budget_annuel' }, codes: [] },
    {
      name: 'an id that is not snake_case',
      definition: { ...base, id: 'Budget-Médian', aggregation: 'median', question: 'budget_annuel' },
      codes: ['INVALID_ID'],
    },
    { name: 'a missing question', definition: { ...base, id: 'a', aggregation: 'sum', question: 'absent' }, codes: ['UNKNOWN_QUESTION'] },
    { name: 'a sum of text', definition: { ...base, id: 'a', aggregation: 'sum', question: 'nom' }, codes: ['NOT_NUMERIC'] },
    { name: 'a median of a boolean', definition: { ...base, id: 'a', aggregation: 'median', question: 'gouvernance_democratique' }, codes: ['NOT_NUMERIC'] },
    {
      name: 'a ratio with a non-numeric side and an empty one',
      definition: { ...base, id: 'a', aggregation: 'pooled_ratio', numerator: ['forme_juridique'], denominator: [] },
      codes: ['EMPTY_SIDE', 'NOT_NUMERIC'],
    },
    {
      name: 'a derived sum with a factor without source and a text multiplier',
      definition: {
        ...base,
        id: 'a',
        aggregation: 'derived_sum',
        terms: [{ question: 'ca_femmes', factor: { ...factor, source: '' } }],
        multiplier: { question: 'nom', default: 1 },
      },
      codes: ['NOT_NUMERIC', 'INVALID_FACTOR'],
    },
    { name: 'a derived sum without terms', definition: { ...base, id: 'a', aggregation: 'derived_sum', terms: [], multiplier: null }, codes: ['EMPTY_SIDE'] },
    {
      name: 'a share of a boolean equal to true',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'gouvernance_democratique', when: { equals: true } },
      codes: [],
    },
    {
      name: 'a share of a choice equal to a choice',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'agrement_esus', when: { equals: 'oui' } },
      codes: [],
    },
    {
      name: 'a share of a boolean equal to a string',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'gouvernance_democratique', when: { equals: 'oui' } },
      codes: ['CONDITION_MISMATCH'],
    },
    {
      name: 'a share of a choice equal to no choice',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'agrement_esus', when: { equals: 'yes' } },
      codes: ['CONDITION_MISMATCH'],
    },
    {
      name: 'a share of a number equal to true',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'budget_annuel', when: { equals: true } },
      codes: ['CONDITION_MISMATCH'],
    },
    {
      name: 'a share of a multiple choice',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'familles', when: { equals: 'insertion' } },
      codes: ['CONDITION_MISMATCH'],
    },
    {
      name: 'a distribution of free text',
      definition: { ...base, id: 'a', aggregation: 'distribution', question: 'nom', categories: ['x'], multiple: false },
      codes: ['NOT_A_CHOICE_QUESTION'],
    },
    {
      name: 'a distribution with unknown and repeated categories',
      definition: { ...base, id: 'a', aggregation: 'distribution', question: 'forme_juridique', categories: ['scop', 'scop', 'sarl'], multiple: false },
      codes: ['DUPLICATE_CATEGORY', 'UNKNOWN_CATEGORY'],
    },
    {
      name: 'a single-choice distribution of a checkbox',
      definition: { ...base, id: 'a', aggregation: 'distribution', question: 'familles', categories: ['insertion'], multiple: false },
      codes: ['MULTIPLE_MISMATCH'],
    },
    {
      name: 'a ratio of counted choices over a number',
      definition: { ...base, id: 'a', aggregation: 'median_ratio', numerator: [{ question: 'outils', count: true, default: 0 }], denominator: ['ca_membres'] },
      codes: [],
    },
    {
      name: 'a count of a single choice and a product by text',
      definition: {
        ...base,
        id: 'a',
        aggregation: 'pooled_ratio',
        numerator: [{ question: 'forme_juridique', count: true }],
        denominator: [{ question: 'budget_annuel', times: 'nom' }],
      },
      codes: ['NOT_MULTIPLE', 'NOT_NUMERIC'],
    },
    {
      name: 'a term with an infinite coefficient',
      definition: { ...base, id: 'a', aggregation: 'pooled_ratio', numerator: [{ question: 'ca_femmes', coefficient: Infinity }], denominator: ['ca_membres'] },
      codes: ['INVALID_NUMBER'],
    },
    {
      name: 'a share of a number at most a bound',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'budget_annuel', when: { atMost: 10 } },
      codes: [],
    },
    {
      name: 'a share of a choice at least a bound',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'agrement_esus', when: { atLeast: 1 } },
      codes: ['CONDITION_MISMATCH'],
    },
    {
      name: 'a share with a bound that is not a number',
      definition: { ...base, id: 'a', aggregation: 'share', question: 'budget_annuel', when: { atMost: Number.NaN } },
      codes: ['INVALID_NUMBER'],
    },
    {
      name: 'an unknown family',
      definition: { ...base, id: 'a', aggregation: 'median', question: 'budget_annuel', families: ['martiens'] },
      codes: ['UNKNOWN_FAMILY'],
    },
  ])('reports $name', ({ definition, codes }) => {
    const problems = validateIndicators([definition], questions, { families: ['insertion', 'reemploi'] })
    expect(problems.map((p) => p.code)).toEqual(codes)
    for (const problem of problems) expect(problem.indicator).toBe(definition.id)
  })

  it('reports a duplicate id once', () => {
    const d: IndicatorDefinition = { ...base, id: 'a', aggregation: 'median', question: 'budget_annuel' }
    expect(validateIndicators([d, d, d], questions).map((p) => p.code)).toEqual(['DUPLICATE_ID', 'DUPLICATE_ID'])
  })

  it('accepts a known theme or none, and names an unknown one (a definition stored by hand)', () => {
    const d: IndicatorDefinition = { ...base, id: 'a', aggregation: 'median', question: 'budget_annuel' }
    expect(
      validateIndicators(
        [
          { ...d, theme: 'environnement' },
          { ...d, id: 'b', theme: null },
          { ...d, id: 'c' },
        ],
        questions,
      ),
    ).toEqual([])
    const problems = validateIndicators([{ ...d, theme: 'sport' as unknown as 'communs' }], questions)
    expect(problems).toMatchObject([{ code: 'UNKNOWN_THEME', path: 'theme' }])
  })
})
