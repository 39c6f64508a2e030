import type { Readable } from 'node:stream'
import type { IndicatorCell } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { defaultIndicators } from '../indicators/default-indicators'
import { parseCsv } from '../testing/csv-reader'
import { INDICATOR_CSV_COLUMNS, indicatorCsvRows, indicatorsCsv, type CsvDialect, type IndicatorCsvRow } from './indicators-csv'

async function read(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

function row(fields: Partial<IndicatorCsvRow> = {}): IndicatorCsvRow {
  return {
    wave: 'enquete-2025',
    indicator: 'budget_annuel_median',
    labelFr: 'Budget annuel',
    family: 'insertion',
    dimension: null,
    dimensionValue: null,
    category: null,
    n: 10,
    value: 35000.5,
    ciLow: 15000,
    ciHigh: 100000,
    q1: 21250,
    q3: 72500,
    unit: 'EUR',
    suppressed: false,
    reason: null,
    factorSource: null,
    ...fields,
  }
}

async function parse(rows: IndicatorCsvRow[], dialect: CsvDialect) {
  const text = await read(indicatorsCsv(rows, { dialect }))
  const bom = text.startsWith('\uFEFF')
  return { bom, records: parseCsv(bom ? text.slice(1) : text, dialect === 'excel-fr' ? ';' : ','), text }
}

const column = (name: (typeof INDICATOR_CSV_COLUMNS)[number]) => INDICATOR_CSV_COLUMNS.indexOf(name)

describe('indicatorsCsv', () => {
  it('writes the long-format header and one line per cell (RFC 4180)', async () => {
    const { bom, records } = await parse([row()], 'rfc4180')
    expect(bom).toBe(false)
    expect(records).toEqual([
      [...INDICATOR_CSV_COLUMNS],
      [
        'enquete-2025',
        'budget_annuel_median',
        'Budget annuel',
        'insertion',
        '',
        '',
        '',
        '10',
        '35000.5',
        '15000',
        '100000',
        '21250',
        '72500',
        'EUR',
        'false',
        '',
        '',
      ],
    ])
  })

  it('names the dimension and its value of a crossed cell', async () => {
    const { records } = await parse([row({ family: '_all', dimension: 'region', dimensionValue: 'bretagne' })], 'rfc4180')
    expect(records[1]?.slice(column('family'), column('category') + 1)).toEqual(['_all', 'region', 'bretagne', ''])
  })

  it('writes a BOM, semicolons and decimal commas for excel-fr', async () => {
    const { bom, records, text } = await parse([row({ labelFr: 'Budget; annuel, médian', value: 0.25, ciLow: -1.5 })], 'excel-fr')
    expect(bom).toBe(true)
    expect(text.split('\r\n')[0]).toBe('\uFEFF' + INDICATOR_CSV_COLUMNS.join(';'))
    expect(records[1]?.[column('label_fr')]).toBe('Budget; annuel, médian')
    expect(records[1]?.[column('value')]).toBe('0,25')
    expect(records[1]?.[column('ci_low')]).toBe('-1,5')
  })

  it('writes every figure without float noise, exact figures unchanged, in both dialects', async () => {
    const noisy = row({ value: 10212.400000000003, ciLow: 0.1 + 0.2, ciHigh: 1607.5, q1: 24.599999999999998, q3: 1569521 })
    const columns = [column('value'), column('ci_low'), column('ci_high'), column('q1'), column('q3')]
    const rfc = await parse([noisy], 'rfc4180')
    expect(columns.map((i) => rfc.records[1]?.[i])).toEqual(['10212.4', '0.3', '1607.5', '24.6', '1569521'])
    const excel = await parse([noisy], 'excel-fr')
    expect(columns.map((i) => excel.records[1]?.[i])).toEqual(['10212,4', '0,3', '1607,5', '24,6', '1569521'])
    expect(rfc.text + excel.text).not.toMatch(/\d{16}|0000000|9999999/)
  })

  it.each<[string, string]>([
    ['=HYPERLINK("http://evil.example","clic")', `'=HYPERLINK("http://evil.example","clic")`],
    ['+33 1 23 45 67 89', "'+33 1 23 45 67 89"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['-1', "'-1"],
    // A tab or a line break starts a cell for a reader that splits there: the formula after it is neutralised too.
    ['\t=1+1', "'\t'=1+1"],
    ['\r=1+1', "'\r'=1+1"],
    ['Acme;=1+1', "Acme;'=1+1"],
    ['Acme, "+1"', `Acme, "'+1"`],
    ['＝1+1', "'＝1+1"],
    ['Taux = 50 %', 'Taux = 50 %'],
    ['  espaces  ', '  espaces  '],
    ['مرحبا 👋 "citation"\r\nligne 2', 'مرحبا 👋 "citation"\r\nligne 2'],
  ])('gives the text %j back as %j in every text column, numbers untouched', async (text, expected) => {
    for (const dialect of ['rfc4180', 'excel-fr'] as const) {
      const { records } = await parse(
        [
          row({
            wave: text,
            indicator: text,
            labelFr: text,
            family: text,
            dimension: text,
            dimensionValue: text,
            category: text,
            unit: text,
            factorSource: text,
            value: -2.5,
            q1: -1,
          }),
        ],
        dialect,
      )
      const [line] = records.slice(1)
      for (const name of ['wave', 'indicator', 'label_fr', 'family', 'dimension', 'dimension_value', 'category', 'unit', 'factor_source'] as const) {
        expect(line?.[column(name)], `${dialect} ${name}`).toBe(expected)
      }
      expect(line?.[column('value')]).toBe(dialect === 'excel-fr' ? '-2,5' : '-2.5')
      expect(line?.[column('q1')]).toBe('-1')
    }
  })

  it('writes a suppressed cell with empty figures and n, never 0; its reason only when the cell carries one (staff)', async () => {
    const hidden = { n: null, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, suppressed: true }
    const { records } = await parse([row({ ...hidden, reason: null }), row({ ...hidden, reason: 'p_percent' })], 'rfc4180')
    expect(records[1]?.slice(column('n'), column('factor_source') + 1)).toEqual(['', '', '', '', '', '', 'EUR', 'true', '', ''])
    expect(records[2]?.slice(column('n'), column('factor_source') + 1)).toEqual(['', '', '', '', '', '', 'EUR', 'true', 'p_percent', ''])
  })

  it('streams: reads its source only as fast as it is consumed', async () => {
    const total = 200_000
    let produced = 0
    async function* many(): AsyncGenerator<IndicatorCsvRow> {
      for (; produced < total;) {
        produced += 1
        yield row({ n: produced })
      }
    }
    const stream = indicatorsCsv(many(), { dialect: 'rfc4180' })
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(produced).toBeLessThan(total / 10)
    stream.destroy()
  })

  it('ends with the error of its source', async () => {
    async function* failing(): AsyncGenerator<IndicatorCsvRow> {
      yield row()
      throw new Error('cursor lost')
    }
    await expect(read(indicatorsCsv(failing(), { dialect: 'rfc4180' }))).rejects.toThrow('cursor lost')
  })
})

describe('indicatorCsvRows', () => {
  const cell: IndicatorCell = {
    indicator: 'ree_co2e_evite',
    family: 'reemploi',
    dimensionValue: null,
    category: null,
    n: 4,
    value: 21090,
    ciLow: null,
    ciHigh: null,
    q1: null,
    q3: null,
    suppressed: false,
    reason: null,
  }

  it('adds the label, unit and factor source of the indicator', () => {
    const [line] = [...indicatorCsvRows('enquete-2025', [cell], defaultIndicators)]
    expect(line).toMatchObject({ wave: 'enquete-2025', unit: 'kg CO2e', value: 21090 })
    expect(line?.factorSource).toContain('ADEME 2022')
  })

  it('refuses a cell of an unknown indicator', () => {
    expect(() => [...indicatorCsvRows('w', [{ ...cell, indicator: 'nope' }], defaultIndicators)]).toThrow('nope')
  })
})
