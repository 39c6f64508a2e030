import type { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { csvRecord, csvStream, formatCsvNumber } from './csv'

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
