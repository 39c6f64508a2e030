/** A linear constraint over unknowns: Σ coefficient × unknown = (something known). */
export type SparseRow = Map<number, number>

const EPSILON = 1e-9

/**
 * The unknowns that a system of linear equations determines, whatever the values of the others:
 * Gauss–Jordan elimination on sparse rows (unknown → coefficient); an unknown is determined when
 * it is a pivot whose reduced row has no other unknown (its unit vector lies in the row space).
 * Used to audit a suppression pattern: unknowns are the suppressed figures, equations the lines
 * of the table (each margin is the sum of its cells).
 */
export function determinedUnknowns(rows: readonly SparseRow[]): number[] {
  const reduced: { pivot: number; row: SparseRow }[] = []
  const pivotRow = new Map<number, SparseRow>()
  for (const original of rows) {
    const row = new Map(original)
    // Eliminate the pivots already found from the new row.
    for (const [column, coefficient] of [...row]) {
      const pivot = pivotRow.get(column)
      if (!pivot || Math.abs(coefficient) < EPSILON) continue
      addScaled(row, pivot, -(row.get(column) ?? 0))
    }
    let pivot = -1
    for (const [column, coefficient] of row) {
      if (Math.abs(coefficient) >= EPSILON && !pivotRow.has(column) && (pivot < 0 || column < pivot)) pivot = column
    }
    if (pivot < 0) continue
    const scale = row.get(pivot)!
    for (const [column, coefficient] of row) row.set(column, coefficient / scale)
    // Eliminate the new pivot from the rows already reduced.
    for (const other of reduced) {
      const coefficient = other.row.get(pivot)
      if (coefficient !== undefined && Math.abs(coefficient) >= EPSILON) addScaled(other.row, row, -coefficient)
    }
    reduced.push({ pivot, row })
    pivotRow.set(pivot, row)
  }
  return reduced
    .filter(({ pivot, row }) => [...row].every(([column, coefficient]) => column === pivot || Math.abs(coefficient) < EPSILON))
    .map(({ pivot }) => pivot)
}

function addScaled(target: SparseRow, source: SparseRow, factor: number): void {
  for (const [column, coefficient] of source) {
    const value = (target.get(column) ?? 0) + factor * coefficient
    if (Math.abs(value) < EPSILON) target.delete(column)
    else target.set(column, value)
  }
}
