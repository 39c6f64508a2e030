import type { IndicatorCell } from '@sonde/contracts'

/** Significant digits kept in every published figure. */
export const FIGURE_DIGITS = 15

/**
 * A figure as published: rounded to 15 significant digits (`Number(x.toPrecision(15))`), so that
 * float noise — 10212.400000000003 from adding 0.1-steps in binary — never reaches a JSON answer
 * or a file, while every figure a double holds exactly to 15 digits stays as it is. Null stays null.
 */
export function roundFigure(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return value
  return Number(value.toPrecision(FIGURE_DIGITS))
}

/**
 * A cell as everyone but staff reads it (one public mark for a hidden cell): a suppressed cell
 * has n, value, ciLow, ciHigh, q1, q3 and reason all null — nothing tells why it is hidden, nor
 * how many organisations it holds; a published cell has reason null (figures withheld by the p %
 * rule, its quartiles and interval, are simply null). Figures rounded as `roundFigure`.
 */
export function publicCell(cell: IndicatorCell): IndicatorCell {
  if (cell.suppressed) {
    return { ...cell, n: null, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, reason: null }
  }
  return {
    ...cell,
    value: roundFigure(cell.value),
    ciLow: roundFigure(cell.ciLow),
    ciHigh: roundFigure(cell.ciHigh),
    q1: roundFigure(cell.q1),
    q3: roundFigure(cell.q3),
    reason: null,
  }
}

/** `publicCell` of every cell, in order. */
export function publicCells(cells: readonly IndicatorCell[]): IndicatorCell[] {
  return cells.map(publicCell)
}
