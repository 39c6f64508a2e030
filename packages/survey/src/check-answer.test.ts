import { describe, expect, it } from 'vitest'
import { checkAnswer, MAX_TEXT_LENGTH } from './check-answer'
import type { QuestionInfo } from './list-questions'

function question(type: string, extra: Partial<QuestionInfo> = {}): QuestionInfo {
  return { name: 'q', type, title: 'Q', page: 'p', pageIndex: 0, multiple: false, numeric: false, isRequired: false, ...extra }
}

const choices = [
  { value: 'oui', text: 'Oui' },
  { value: 'non', text: 'Non' },
]
const number = question('text', { inputType: 'number', numeric: true })
const text = question('text', { inputType: 'text' })
const comment = question('comment')
const yesNo = question('boolean')
const radio = question('radiogroup', { choices })
const dropdown = question('dropdown', { choices })
const withOther = question('radiogroup', { choices: [...choices, { value: 'other', text: 'Autre (préciser)' }] })
const loadedChoices = question('dropdown')
const checkbox = question('checkbox', { choices, multiple: true })
const matrix = question('matrix', { rows: [{ value: 'r1', text: 'R1' }], choices })
const matrixDropdown = question('matrixdropdown', { rows: [{ value: 'r1', text: 'R1' }], fields: ['c1'] })
const matrixDynamic = question('matrixdynamic', { fields: ['c1', 'c2'] })
const multipleText = question('multipletext', { fields: ['i1', 'i2'] })
const custom = question('my-component')

describe('checkAnswer', () => {
  it.each<[string, QuestionInfo, unknown]>([
    ['null clears any question', number, null],
    ['undefined clears any question', checkbox, undefined],
    ['an integer', number, 12],
    ['a decimal', number, 0.5],
    ['a negative number (ranges are checked at submit)', number, -3],
    ['a text', text, 'Les Assembleurs'],
    ['an empty text', text, ''],
    ['a long comment at the limit', comment, 'a'.repeat(MAX_TEXT_LENGTH)],
    ['true', yesNo, true],
    ['false', yesNo, false],
    ['a radio choice', radio, 'oui'],
    ['a dropdown choice', dropdown, 'non'],
    ['"other" when the question offers it', withOther, 'other'],
    ['any string when choices are loaded at run time', loadedChoices, 'whatever'],
    ['a list of choices', checkbox, ['oui', 'non']],
    ['an empty list', checkbox, []],
    ['a matrix row', matrix, { r1: 'oui' }],
    ['a matrix-dropdown row', matrixDropdown, { r1: { c1: 3 } }],
    ['dynamic-matrix rows', matrixDynamic, [{ c1: 'a', c2: 2 }, {}]],
    ['multiple-text items', multipleText, { i1: 'a', i2: 3 }],
    ['anything for a custom component', custom, { deep: [1] }],
  ])('accepts %s', (_label, info, value) => {
    expect(checkAnswer(info, value)).toBeNull()
  })

  it.each<[string, QuestionInfo, unknown, RegExp]>([
    ['a numeric string', number, '12', /nombre est attendu/],
    ['NaN', number, Number.NaN, /nombre est attendu/],
    ['Infinity', number, Number.POSITIVE_INFINITY, /nombre est attendu/],
    ['a boolean for a number', number, true, /nombre est attendu/],
    ['a number for a text', text, 12, /texte est attendu/],
    ['an object for a comment', comment, { a: 1 }, /texte est attendu/],
    ['a text over the limit', comment, 'a'.repeat(MAX_TEXT_LENGTH + 1), /^Le texte compte 10.001 caractères, au-delà de 10.000\.$/],
    ['"true" as a string', yesNo, 'true', /oui ou non/],
    ['1 for a boolean', yesNo, 1, /oui ou non/],
    ['an unknown choice', radio, 'peut-être', /Choix inconnu : « peut-être »/],
    ['"other" when the question does not offer it', radio, 'other', /Choix inconnu : « other »/],
    ['a number for a choice', dropdown, 1, /Un choix \(texte\) est attendu/],
    ['a list for a single choice', dropdown, ['oui'], /Un choix \(texte\) est attendu/],
    ['a single choice for a list', checkbox, 'oui', /liste de choix est attendue/],
    ['an unknown choice in a list', checkbox, ['oui', 'bof'], /Choix inconnu : « bof »/],
    ['a duplicate choice in a list', checkbox, ['oui', 'oui'], /Choix en double : « oui »/],
    ['a non-string in a list', checkbox, ['oui', 2], /Un choix \(texte\) est attendu/],
    ['an array for a matrix', matrix, ['oui'], /objet par ligne/],
    ['an unknown matrix row', matrix, { r9: 'oui' }, /Ligne inconnue : « r9 »/],
    ['an unknown matrix column', matrix, { r1: 'bof' }, /Choix inconnu : « bof »/],
    ['a matrix-dropdown row that is not an object', matrixDropdown, { r1: 3 }, /Chaque ligne doit être un objet/],
    ['an unknown matrix-dropdown column', matrixDropdown, { r1: { c9: 1 } }, /Colonne inconnue : « c9 »/],
    ['an object for a dynamic matrix', matrixDynamic, { c1: 'a' }, /liste d’éléments/],
    ['an unknown dynamic-matrix column', matrixDynamic, [{ c3: 1 }], /Champ inconnu : « c3 »/],
    ['an unknown multiple-text item', multipleText, { i3: 'a' }, /Champ inconnu : « i3 »/],
    ['a nested object in multiple text', multipleText, { i1: { a: 1 } }, /texte est attendu/],
    ['a class instance for a matrix', matrix, new Date(0), /objet par ligne/],
  ])('rejects %s', (_label, info, value, message) => {
    expect(checkAnswer(info, value)).toMatch(message)
  })

  it('quotes at most 40 characters of a rejected value', () => {
    expect(checkAnswer(radio, 'x'.repeat(100))).toBe(`Choix inconnu : « ${'x'.repeat(40)}… ».`)
  })
})
