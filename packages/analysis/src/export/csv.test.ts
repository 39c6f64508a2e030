import type { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../testing/csv-reader'
import { csvOptions, csvRecord, csvStream, formatCsvNumber, neutraliseCsvText, type CsvCell, type CsvDialect } from './csv'

async function read(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

describe('formatCsvNumber', () => {
  it.each<[number, string, string]>([
    // The float noise of a sum or a product never reaches a file…
    [10212.400000000003, '10212.4', '10212,4'],
    [0.1 + 0.2, '0.3', '0,3'],
    [24.599999999999998, '24.6', '24,6'],
    [1.1 * 3, '3.3', '3,3'],
    // …while exact inputs stay exact, every digit of them.
    [0.1, '0.1', '0,1'],
    [1607.5, '1607.5', '1607,5'],
    [35000.5, '35000.5', '35000,5'],
    [1569521, '1569521', '1569521'],
    [9007199254740991, '9007199254740991', '9007199254740991'],
    [123456.789012345, '123456.789012345', '123456,789012345'],
    // A value with more digits than a double holds keeps 15 significant ones.
    [1 / 3, '0.333333333333333', '0,333333333333333'],
    [-2 / 3, '-0.666666666666667', '-0,666666666666667'],
    [0, '0', '0'],
    [-0, '0', '0'],
    [-1.5, '-1.5', '-1,5'],
    [0.000001, '0.000001', '0,000001'],
    [Number.NaN, '', ''],
    [Number.POSITIVE_INFINITY, '', ''],
  ])('writes %s as %j (rfc4180) and %j (excel-fr)', (value, rfc4180, excelFr) => {
    expect(formatCsvNumber(value, 'rfc4180')).toBe(rfc4180)
    expect(formatCsvNumber(value, 'excel-fr')).toBe(excelFr)
  })

  it('writes the number a reader parses back to the exact decimal that was meant', () => {
    for (const value of [10212.400000000003, 0.1 + 0.7, 3 * 1.1, 1607.5 / 3, 76.9 * 120]) {
      const written = formatCsvNumber(value, 'rfc4180')
      expect(written.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length, written).toBeLessThanOrEqual(15)
      expect(Math.abs(Number(written) - value) / Math.abs(value)).toBeLessThan(1e-14)
    }
  })
})

describe('numbers in every CSV file', () => {
  it('are written without float noise nor thousands separator, in both dialects', async () => {
    const rows = [['budget', 10212.400000000003, 1569521.25, 'texte 1 000']]
    const rfc = await read(csvStream(['variable', 'a', 'b', 'c'], rows, 'rfc4180'))
    expect(rfc).toBe('variable,a,b,c\r\nbudget,10212.4,1569521.25,texte 1 000\r\n')
    const excel = await read(csvStream(['variable', 'a', 'b', 'c'], rows, 'excel-fr'))
    expect(excel).toBe('\uFEFFvariable;a;b;c\r\nbudget;10212,4;1569521,25;texte 1 000\r\n')
    expect(csvRecord([0.1 + 0.2, -0.30000000000000004], 'excel-fr')).toBe('0,3;-0,3\r\n')
  })
})

describe('text cells, as spreadsheets split them', () => {
  const FORMULA = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/
  const dialects: [CsvDialect, string][] = [
    ['rfc4180', ','],
    ['excel-fr', ';'],
  ]

  it.each<[string, CsvDialect, string]>([
    // The attack of issue 9: in a comma file, `;` was not quoted, and a French spreadsheet ran the formula.
    ['Acme;=1+1', 'rfc4180', `"Acme;'=1+1"`],
    ['Acme;=1+1', 'excel-fr', `"Acme;'=1+1"`],
    ['Acme,=1+1', 'rfc4180', `"Acme,'=1+1"`],
    ['Acme,=1+1', 'excel-fr', `"Acme,'=1+1"`],
    ['a\tb', 'rfc4180', '"a\tb"'],
    ['a, "-1"', 'excel-fr', `"a, ""'-1"""`],
    ['ligne 1\n+2', 'rfc4180', `"ligne 1\n'+2"`],
    ['=SOMME(A1;A2)', 'excel-fr', `"'=SOMME(A1;A2)"`],
    ['Taux = 50 %', 'rfc4180', 'Taux = 50 %'],
    ['a-b, c@d', 'rfc4180', '"a-b, c@d"'],
  ])('writes %j in %s as %j', async (text, dialect, written) => {
    expect(csvRecord([text], dialect)).toBe(`${written}\r\n`)
    const bom = dialect === 'excel-fr' ? '\uFEFF' : ''
    expect(await read(csvStream([text], [], dialect))).toBe(`${bom}${written}\r\n`)
  })

  // Texts made of what an attacker would use: formula signs, both delimiters, tabs, line breaks, quotes.
  const hostile = fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '＝', ',', ';', '\t', '\r', '\n', '"', "'", ' ', 'a', 'é', '1'), maxLength: 12 })

  it('leaves no cell starting with a formula sign, whatever delimiter, tab or line a reader splits on', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 4 }), fc.constantFrom(...dialects), (texts, [dialect]) => {
        const record = csvRecord(texts, dialect)
        for (const piece of record.split(/[,;\t\r\n]/)) {
          expect(piece.replace(/^[ "]+/, ''), JSON.stringify({ texts, dialect, piece })).not.toMatch(FORMULA)
        }
      }),
      { seed: 14, numRuns: 2000 },
    )
  })

  it('reads back, with the dialect’s delimiter, as the text with only apostrophes added before formula signs', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 4 }), fc.constantFrom(...dialects), (texts, [dialect, delimiter]) => {
        const [fields] = parseCsv(csvRecord(texts, dialect), delimiter)
        expect(fields).toEqual(texts.map(neutraliseCsvText))
        fields!.forEach((field, i) => {
          const text = texts[i]!
          // Taking out each apostrophe added before a sign gives the text back.
          let at = 0
          let added = 0
          for (let j = 0; j < field.length; j++) {
            if (field[j] === text[at]) at++
            else {
              expect(field[j], JSON.stringify({ text, field })).toBe("'")
              expect(field[j + 1], JSON.stringify({ text, field })).toMatch(/[=+\-@＝\t\r]/)
              added++
            }
          }
          expect(at, JSON.stringify({ text, field })).toBe(text.length)
          expect(field.length).toBe(text.length + added)
        })
      }),
      { seed: 15, numRuns: 2000 },
    )
  })
})

describe('the hand-written record writer of the microdata', () => {
  // Cells of every kind a file holds: hostile texts, numbers with float noise, signs and
  // decimals, booleans, empty cells.
  const cell: fc.Arbitrary<CsvCell> = fc.oneof(
    fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '＝', ',', ';', '\t', '\r', '\n', '"', "'", ' ', 'a', 'é', '1'), maxLength: 12 }),
    fc.double({ noDefaultInfinity: false }),
    fc.integer(),
    fc.constantFrom(0.1 + 0.2, -1.5, 10212.400000000003),
    fc.boolean(),
    fc.constantFrom(null, undefined),
  )

  it('writes byte for byte what csv-stringify writes with the same options, in both dialects', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), fc.constantFrom<CsvDialect>('rfc4180', 'excel-fr'), (cells, dialect) => {
        const library = stringify([cells], { ...csvOptions(dialect), bom: false })
        expect(csvRecord(cells, dialect), JSON.stringify({ cells, dialect })).toBe(library)
      }),
      { seed: 16, numRuns: 3000 },
    )
  })
})
