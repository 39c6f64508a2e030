import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultMessage, ruleFromValidator, validatorFromRule, type Rule } from './rules'
import { walkNodes, type Definition, type ElementJson } from './tree'

const questionnaire = JSON.parse(readFileSync(new URL('../../../../../../packages/survey/questionnaires/2025.json', import.meta.url), 'utf8')) as Definition
const validators = walkNodes(questionnaire).flatMap(({ node }) => ((node as ElementJson).validators as Record<string, unknown>[] | undefined) ?? [])

describe('rules and the validators of the 2025 questionnaire', () => {
  it('writes back every validator of the 2025 questionnaire exactly as it reads it', () => {
    expect(validators.length).toBeGreaterThan(30)
    for (const validator of validators) expect(validatorFromRule(ruleFromValidator(validator))).toEqual(validator)
  })

  it('recognises no validator of the 2025 questionnaire as unknown', () => {
    expect(validators.map(ruleFromValidator).filter((rule) => rule.kind === 'other')).toEqual([])
  })

  // Built from the designer's fields (no message), each rule gives the 2025 expression.
  it.each<[string, Rule, Record<string, unknown>]>([
    ['numeric bounds', { kind: 'bounds', min: 0, max: 100 }, { type: 'numeric', minValue: 0, maxValue: 100 }],
    ['a lower bound', { kind: 'bounds', min: 0, max: null }, { type: 'numeric', minValue: 0 }],
    ['nine digits', { kind: 'digits', count: 9 }, { type: 'regex', regex: '^[0-9]{9}$' }],
    [
      '« dont ≤ total », a warning',
      { kind: 'partOf', part: 'salaries_etp', total: 'salaries_nombre', severity: 'warning' },
      { type: 'expression', notificationType: 'warning', expression: '{salaries_etp} empty or {salaries_nombre} empty or {salaries_etp} <= {salaries_nombre}' },
    ],
    [
      'the sum of two percentages ≤ 100',
      { kind: 'sum', terms: ['part_financement_public', 'part_revenus_activite'], max: 100, severity: 'error' },
      {
        type: 'expression',
        expression: '{part_financement_public} empty or {part_revenus_activite} empty or {part_financement_public} + {part_revenus_activite} <= 100',
      },
    ],
    [
      'at most 1 607 hours per volunteer',
      { kind: 'ratio', value: 'benevoles_heures', per: 'benevoles_nombre', min: null, max: 1607, skipZero: false, severity: 'warning' },
      {
        type: 'expression',
        notificationType: 'warning',
        expression: '{benevoles_heures} empty or {benevoles_nombre} empty or {benevoles_heures} <= 1607 * {benevoles_nombre}',
      },
    ],
    [
      'a budget between 5 000 and 1 000 000 per employee',
      { kind: 'ratio', value: 'budget_annuel', per: 'salaries_nombre', min: 5000, max: 1000000, skipZero: true, severity: 'warning' },
      {
        type: 'expression',
        notificationType: 'warning',
        expression:
          '{budget_annuel} empty or {salaries_nombre} empty or {salaries_nombre} = 0 or ({budget_annuel} >= 5000 * {salaries_nombre} and {budget_annuel} <= 1000000 * {salaries_nombre})',
      },
    ],
    [
      'a sum of one question (a plain upper bound)',
      { kind: 'sum', terms: ['ree_annees'], max: 10, severity: 'warning' },
      { type: 'expression', notificationType: 'warning', expression: '{ree_annees} empty or {ree_annees} <= 10' },
    ],
    [
      'a raw expression',
      { kind: 'expression', expression: '{consentement} = true', severity: 'error' },
      { type: 'expression', expression: '{consentement} = true' },
    ],
  ])('%s', (_label, rule, validator) => {
    expect(validatorFromRule(rule)).toEqual(validator)
    expect(ruleFromValidator(validator)).toEqual(rule)
  })

  it.each<[string, Record<string, unknown>]>([
    ['a validator type the designer does not build', { type: 'email' }],
    ['a property the designer would lose', { type: 'numeric', minValue: 0, allowDigits: false }],
    ['an unknown notification type', { type: 'expression', expression: '{a} > 1', notificationType: 'info' }],
  ])('keeps %s as it is', (_label, validator) => {
    expect(ruleFromValidator(validator)).toEqual({ kind: 'other', json: validator })
    expect(validatorFromRule(ruleFromValidator(validator))).toEqual(validator)
  })

  it.each<[Rule, unknown]>([
    [
      { kind: 'partOf', part: 'a', total: 'b', severity: 'error' },
      { default: '« Salariés en ETP » ne peut pas dépasser « Salariés ».', en: '“FTE employees” cannot be more than “Employees”.' },
    ],
    [{ kind: 'sum', terms: ['a', 'c'], max: 100, severity: 'error' }, 'Ensemble, « Salariés en ETP » et « Part » ne peuvent pas dépasser 100.'],
    [
      { kind: 'ratio', value: 'a', per: 'b', min: 5000, max: null, skipZero: true, severity: 'warning' },
      {
        default: '« Salariés en ETP » : moins de 5\u00a0000 par unité de « Salariés », c’est inhabituel. Vérifiez les deux réponses.',
        en: '“FTE employees”: under 5,000 per unit of “Employees” is unusual. Check both answers.',
      },
    ],
  ])('generates a message for %j, in English too when every title has one', (rule, message) => {
    const titles: Record<string, { fr: string; en: string }> = {
      a: { fr: 'Salariés en ETP', en: 'FTE employees' },
      b: { fr: 'Salariés', en: 'Employees' },
      c: { fr: 'Part', en: '' },
    }
    expect(defaultMessage(rule, (name) => titles[name]!)).toEqual(message)
  })
})
