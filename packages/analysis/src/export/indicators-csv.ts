export { formatCsvNumber, neutraliseCsvText, type CsvDialect } from './csv'
import type { Readable } from 'node:stream'
import type { IndicatorCell } from '@sonde/contracts'
import { indicatorFactorSource } from '../indicators/meta'
import { csvStream, type CsvCell, type CsvDialect } from './csv'
import type { IndicatorDefinition } from '../indicators/types'

/** One line of the long-format indicators export: a cell with its wave and indicator metadata. */
export interface IndicatorCsvRow extends IndicatorCell {
  wave: string
  /** The dimension crossed with the families (`region`…), null when none. */
  dimension: string | null
  labelFr: string
  unit: string
  factorSource: string | null
}

export const INDICATOR_CSV_COLUMNS = [
  'wave',
  'indicator',
  'label_fr',
  'family',
  'dimension',
  'dimension_value',
  'category',
  'n',
  'value',
  'ci_low',
  'ci_high',
  'q1',
  'q3',
  'unit',
  'suppressed',
  'reason',
  'factor_source',
] as const

function record(row: IndicatorCsvRow): CsvCell[] {
  return [
    row.wave,
    row.indicator,
    row.labelFr,
    row.family,
    row.dimension,
    row.dimensionValue,
    row.category,
    row.n,
    row.value,
    row.ciLow,
    row.ciHigh,
    row.q1,
    row.q3,
    row.unit,
    row.suppressed,
    row.reason,
    row.factorSource,
  ]
}

/**
 * The indicators export in long format, one line per cell, columns `INDICATOR_CSV_COLUMNS`,
 * streamed: rows are pulled from `rows` (an iterable or async iterable, e.g. a cursor) only as the
 * consumer reads, so memory stays flat. RFC 4180 quoting and CRLF line ends; `excel-fr` adds a
 * UTF-8 byte-order mark, `;` as delimiter and decimal commas. Every text cell, header included,
 * is neutralised against formula injection (`neutraliseCsvText`); numbers are written as numbers.
 * An error of the source destroys the returned stream with that error.
 */
export function indicatorsCsv(rows: Iterable<IndicatorCsvRow> | AsyncIterable<IndicatorCsvRow>, options: { dialect: CsvDialect }): Readable {
  async function* records() {
    for await (const row of rows) yield record(row)
  }
  return csvStream(INDICATOR_CSV_COLUMNS, records(), options.dialect)
}

/**
 * The rows of the indicators export for a wave: each cell with the label, unit and factor
 * source of its indicator, and the dimension it was crossed with (null: families only); a cell of an indicator missing from `definitions` is an error. A
 * generator, so that it can feed `indicatorsCsv` without building the whole list.
 */
export function* indicatorCsvRows(
  wave: string,
  cells: Iterable<IndicatorCell>,
  definitions: readonly IndicatorDefinition[],
  dimension: string | null = null,
): Generator<IndicatorCsvRow> {
  const byId = new Map(definitions.map((d) => [d.id, d]))
  for (const cell of cells) {
    const definition = byId.get(cell.indicator)
    if (!definition) throw new Error(`no definition for indicator "${cell.indicator}"`)
    yield {
      ...cell,
      wave,
      dimension,
      labelFr: definition.labelFr,
      unit: definition.unit,
      factorSource: indicatorFactorSource(definition),
    }
  }
}
