import { describe, expect, it } from 'vitest'
import { entryProblem, formatEntry, groupsThousands } from './entry-text'
import { parseNumber } from './parse-number'

const NBSP = '\u00a0'
const NNBSP = '\u202f'

describe('parseNumber', () => {
  it.each<[string, number]>([
    ['21,5', 21.5],
    ['21.5', 21.5],
    ['1 607', 1607],
    ['1 607,5', 1607.5],
    [`1${NNBSP}607,5`, 1607.5],
    [`1${NBSP}607,5`, 1607.5],
    [`12${NNBSP}345${NNBSP}678`, 12_345_678],
    [',5', 0.5],
    ['.5', 0.5],
    ['-3', -3],
    ['\u22122,5', -2.5],
    ['-0', 0],
    ['  42  ', 42],
    ['0', 0],
    ['007', 7],
    ['1.607,5', 1607.5],
    ['1,607.5', 1607.5],
    ['1,607,000', 1_607_000],
    ['1.607.000', 1_607_000],
    ['1,607,000.25', 1_607_000.25],
    ['0,500', 0.5],
    ['0.125', 0.125],
    ['1234,567', 1234.567],
    ['1 607,500', 1607.5],
    ['12,5000', 12.5],
    ['0,1', 0.1],
    ['123456789012345', 123_456_789_012_345],
    ['0,000000000000000000001', 1e-21],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumber(text)).toEqual({ kind: 'number', value })
  })

  it.each([
    ['abc'],
    ['12,5,3'],
    ['1e3'],
    ['5 %'],
    ['12 34'],
    ['1 2345'],
    ['1  607'],
    ['5,'],
    ['-'],
    [','],
    ['+5'],
    ['- 5'],
    ['1,607.000,5'],
    ['1.607,000.5'],
    ['1 607.000,5'],
    ['12,34,567'],
    ['1,60,7'],
    ['٣'],
    ['0x10'],
    ['Infinity'],
  ])('refuses %j as unparseable', (text) => {
    expect(parseNumber(text)).toEqual({ kind: 'unparseable' })
  })

  it.each<[string, number, number]>([
    ['1,607', 1607, 1.607],
    ['12.500', 12500, 12.5],
    ['999,999', 999_999, 999.999],
    ['-1,607', -1607, -1.607],
  ])('refuses %j as ambiguous: %d or %d', (text, asThousands, asDecimal) => {
    expect(parseNumber(text)).toEqual({ kind: 'ambiguous', asThousands, asDecimal })
  })

  it.each([['1234567890123456'], ['0,1234567890123456'], ['1 234 567 890 123,456']])('refuses %j: more than 15 significant digits', (text) => {
    expect(parseNumber(text)).toEqual({ kind: 'too_precise' })
  })

  it('counts neither leading zeros nor trailing decimal zeros as significant', () => {
    expect(parseNumber('0,000123456789012345000')).toEqual({ kind: 'number', value: 0.000123456789012345 })
  })

  it('reads nothing as empty', () => {
    expect(parseNumber('')).toEqual({ kind: 'empty' })
    expect(parseNumber(`  ${NNBSP}`)).toEqual({ kind: 'empty' })
  })
})

describe('formatEntry', () => {
  it.each<[number, 'fr' | 'en', boolean, string]>([
    [1607.5, 'fr', true, `1${NNBSP}607,5`],
    [1607.5, 'fr', false, '1607,5'],
    [1607.5, 'en', true, '1,607.5'],
    [1607.5, 'en', false, '1607.5'],
    [21.5, 'fr', true, '21,5'],
    [0.1, 'fr', true, '0,1'],
    [10212.400000000003, 'fr', true, `10${NNBSP}212,4`],
    [123_456_789_012_345, 'fr', true, `123${NNBSP}456${NNBSP}789${NNBSP}012${NNBSP}345`],
  ])('shows %d in %s (grouped: %s) as %j', (value, lang, grouped, text) => {
    expect(formatEntry(value, grouped, lang)).toBe(text)
  })

  it.each([[1607.5], [21.5], [0.5], [-2.25], [1_569_521], [1234.567], [0.000123], [999_999_999_999_999]])(
    'writes %d so that it reads back exactly, in both languages',
    (value) => {
      for (const lang of ['fr', 'en'] as const) {
        for (const grouped of [true, false]) expect(parseNumber(formatEntry(value, grouped, lang)), `${lang} ${grouped}`).toEqual({ kind: 'number', value })
      }
    },
  )
})

describe('groupsThousands', () => {
  it.each([
    [{ min: '1800', max: '2025', step: '1' }, false],
    [{ min: 1800, max: 2025, step: 1 }, false],
    [{ min: '', max: '', step: '' }, true],
    [{ min: '0', max: '100', step: '' }, true],
    [{ min: '1800', max: '20000', step: '1' }, true],
    [{}, true],
  ])('groups the numbers of a question bounded by %j: %s', (bounds, grouped) => {
    expect(groupsThousands(bounds)).toBe(grouped)
  })
})

describe('entryProblem', () => {
  it('says nothing of a number or of an empty field', () => {
    expect(entryProblem('1 607,5', 'fr')).toBeNull()
    expect(entryProblem('', 'fr')).toBeNull()
  })

  it('gives both readings of an ambiguous text, each written so that it reads one way', () => {
    const message = entryProblem('1,607', 'fr')
    expect(message).toContain('«\u00A01,607\u00A0» se lit de deux façons')
    expect(message).toContain(`écrivez 1${NNBSP}607 s’il s’agit de milliers, ou 1,6070 s’il s’agit d’un nombre à virgule`)
    expect(message).toContain('Rien n’est enregistré')
    expect(entryProblem('12.500', 'fr')).toContain(`écrivez 12${NNBSP}500 s’il s’agit de milliers, ou 12,5 s’il s’agit`)
  })

  it('says what is wrong with an unparseable or too precise text', () => {
    expect(entryProblem('5 %', 'fr')).toMatch(/^«\u00A05 %\u00A0» n’est pas un nombre/)
    expect(entryProblem('1234567890123456', 'fr')).toMatch(/15 chiffres significatifs au plus/)
  })
})
