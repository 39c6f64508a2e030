import { describe, expect, it } from 'vitest'
import { statusForRespondents } from './waves'

describe('statusForRespondents', () => {
  const closesAt = new Date('2026-03-15T22:59:00Z')
  it.each([
    ['open, before its closing', 'open', closesAt, '2026-03-15T22:58:59Z', 'open'],
    ['open, at its closing: closed before the scheduler passes', 'open', closesAt, '2026-03-15T22:59:00Z', 'closed'],
    ['open, after its closing', 'open', closesAt, '2026-03-16T08:00:00Z', 'closed'],
    ['open without a closing', 'open', null, '2030-01-01T00:00:00Z', 'open'],
    ['a draft whose closing passed stays a draft', 'draft', closesAt, '2026-03-16T08:00:00Z', 'draft'],
    ['archived', 'archived', closesAt, '2026-03-16T08:00:00Z', 'archived'],
  ] as const)('%s → %s', (_label, status, closes_at, now, expected) => {
    expect(statusForRespondents({ status, closes_at }, new Date(now))).toBe(expected)
  })
})
