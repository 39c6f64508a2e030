import { describe, expect, it } from 'vitest'
import { questionnaireToXlsForm, xlsFormToQuestionnaire } from '@sonde/survey'
import { readXlsFormCsv, writeXlsFormCsv } from './spreadsheet'

// The CSV starts a cell a spreadsheet would run as a formula with `'`, and reading takes it away:
// a text that itself starts with `'` before a formula character must come back as it was written.
describe('a questionnaire through pyxform’s CSV layout', () => {
  it.each([
    ['=SUM(A1:A2)'],
    ['+33 1 23'],
    ['-moins'],
    ['@arobase'],
    ["'=apostrophe puis égal"],
    ["''=deux apostrophes"],
    ["'''+trois apostrophes"],
    ["'apostrophe seule"],
    ["l'apostrophe=au milieu"],
    ['＝égal pleine chasse'],
  ])('keeps the title %j exactly', (title) => {
    const definition = { pages: [{ name: 'p', elements: [{ type: 'text', name: 'q', title }] }] }
    const csv = writeXlsFormCsv(questionnaireToXlsForm(definition))
    const read = readXlsFormCsv(Buffer.from(csv, 'utf8'))
    if (!('form' in read)) throw new Error(JSON.stringify(read.problems))
    const back = xlsFormToQuestionnaire(read.form)
    expect(back.problems).toEqual([])
    expect(back.definition).toEqual(definition)
  })

  it('never writes a cell a spreadsheet would run as a formula', () => {
    const titles = ['=1+1', "'=1+1", "''@x"]
    const definition = { pages: [{ name: 'p', elements: titles.map((title, i) => ({ type: 'text', name: `q${i}`, title })) }] }
    const cells = writeXlsFormCsv(questionnaireToXlsForm(definition))
      .split('\n')
      .flatMap((line) => line.split(','))
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([])
    expect(cells).toEqual(expect.arrayContaining(["'=1+1", "''=1+1", "'''@x"]))
  })
})
