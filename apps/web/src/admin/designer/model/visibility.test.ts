import { describe, expect, it } from 'vitest'
import { fromExpression, toExpression, type Conditions, type ValueKind } from './visibility'

const kinds: Record<string, ValueKind> = { budget: 'number', nr_code_publie: 'boolean' }
const kindOf = (question: string) => kinds[question] ?? 'text'

describe('the visibility builder and its expression', () => {
  // Each expression is written by the builder from the rows, and read back into the same rows.
  it.each<[string, Conditions]>([
    ["{familles} contains 'insertion'", { join: 'and', rows: [{ question: 'familles', operator: 'contains', value: 'insertion' }] }],
    ['{nr_code_publie} = true', { join: 'and', rows: [{ question: 'nr_code_publie', operator: '=', value: 'true' }] }],
    ['{nr_fonctions_equipees} notempty', { join: 'and', rows: [{ question: 'nr_fonctions_equipees', operator: 'notempty', value: '' }] }],
    [
      "{agrement_esus} = 'oui' and {budget} > 1000",
      {
        join: 'and',
        rows: [
          { question: 'agrement_esus', operator: '=', value: 'oui' },
          { question: 'budget', operator: '>', value: '1000' },
        ],
      },
    ],
    [
      "{region} <> 'corse' or {budget} <= 2.5 or {siren} empty",
      {
        join: 'or',
        rows: [
          { question: 'region', operator: '<>', value: 'corse' },
          { question: 'budget', operator: '<=', value: '2.5' },
          { question: 'siren', operator: 'empty', value: '' },
        ],
      },
    ],
    ['{nom} = "l\'atelier"', { join: 'and', rows: [{ question: 'nom', operator: '=', value: "l'atelier" }] }],
    ['', { join: 'and', rows: [] }],
  ])('%s', (expression, conditions) => {
    expect(fromExpression(expression)).toEqual(conditions)
    expect(toExpression(conditions, kindOf)).toBe(expression)
  })

  it.each([
    ["{a} = 'x' and {b} = 'y' or {c} = 'z'", 'and and or mixed'],
    ["({a} = 'x')", 'parentheses'],
    ['{a} + {b} > 3', 'arithmetic'],
    ['{a} anyof [1, 2]', 'an operator the builder does not offer'],
    ["{a} = 'x' and", 'a dangling join'],
  ])('leaves %s to the raw field (%s)', (expression) => {
    expect(fromExpression(expression)).toBeNull()
  })

  it.each([
    ['2,5', '{budget} > 2.5'],
    ['1 000', '{budget} > 1000'],
    ['-3', '{budget} > -3'],
    ['beaucoup', "{budget} > 'beaucoup'"],
  ])('writes %s typed for a numeric question as a number', (value, expression) => {
    expect(toExpression({ join: 'and', rows: [{ question: 'budget', operator: '>', value }] }, kindOf)).toBe(expression)
  })

  it('quotes a number typed for a question that is not numeric, and skips rows without a question', () => {
    const conditions: Conditions = {
      join: 'and',
      rows: [
        { question: 'forme', operator: '=', value: '12' },
        { question: '', operator: '=', value: 'x' },
      ],
    }
    expect(toExpression(conditions, kindOf)).toBe("{forme} = '12'")
  })
})
