import { describe, expect, it } from 'vitest'
import { parisDate, retentionDue, retentionEndsAt } from './schedule'

describe('the end of a wave’s retention', () => {
  it.each([
    // Winter (UTC+1): the 15th of January lasts until 23:00 UTC.
    ['2026-01-15', '2026-01-15T22:59:59Z', false],
    ['2026-01-15', '2026-01-15T23:00:00Z', true],
    // Summer (UTC+2): the 15th of July lasts until 22:00 UTC.
    ['2026-07-15', '2026-07-15T21:59:59Z', false],
    ['2026-07-15', '2026-07-15T22:00:00Z', true],
    ['2026-07-15', '2026-07-14T12:00:00Z', false],
    [null, '2099-01-01T00:00:00Z', false],
  ])('kept until %s: over at %s is %s', (until, now, due) => {
    expect(retentionDue(until, new Date(now))).toBe(due)
  })

  it.each([
    ['2026-01-15', '2026-01-15T23:00:00.000Z'],
    ['2026-07-15', '2026-07-15T22:00:00.000Z'],
    // The night the clocks go forward (29 March 2026) and back (25 October 2026).
    ['2026-03-28', '2026-03-28T23:00:00.000Z'],
    ['2026-03-29', '2026-03-29T22:00:00.000Z'],
    ['2026-10-24', '2026-10-24T22:00:00.000Z'],
    ['2026-12-31', '2026-12-31T23:00:00.000Z'],
  ])('kept until %s ends at %s', (until, instant) => {
    expect(retentionEndsAt(until).toISOString()).toBe(instant)
    expect(parisDate(retentionEndsAt(until))).not.toBe(until)
  })
})
