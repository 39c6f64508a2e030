import type { ProgressRow } from '@sonde/db'

export interface Counts {
  invited: number
  opened: number
  started: number
  submitted: number
  rr1: number | null
  rr2: number | null
}

/** Whether an answer counts as given: not null, not an empty string, array or object. */
export function isAnswered(value: unknown): boolean {
  if (value === null || value === undefined) return false
  if (typeof value === 'string') return value.trim() !== ''
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

/**
 * Response counts and AAPOR response rates (Standard Definitions, 2023): I = complete
 * (submitted), P = partial (started, with at least half of the questions that apply to the
 * respondent answered), every invited organisation eligible (no unknown eligibility), so
 * RR1 = I / invited and RR2 = (I + P) / invited.
 */
export function responseCounts(rows: readonly ProgressRow[], isPartial: (row: ProgressRow) => boolean): Counts {
  const invited = rows.length
  const submitted = rows.filter((r) => r.status === 'submitted').length
  const started = rows.filter((r) => r.status !== 'not_started').length
  const opened = rows.filter((r) => r.openedAt !== null || r.status !== 'not_started').length
  const partial = rows.filter((r) => r.status === 'in_progress' && isPartial(r)).length
  return {
    invited,
    opened,
    started,
    submitted,
    rr1: invited ? submitted / invited : null,
    rr2: invited ? (submitted + partial) / invited : null,
  }
}
