import { describe, expect, it } from 'vitest'
import { isoToParisInput, parisInputToIso } from './paris-time'

// Paris: UTC+1 in winter, UTC+2 from the last Sunday of March to the last Sunday of October.
describe('the calendar’s date-time fields, in Paris time', () => {
  it.each([
    ['a winter evening', '2026-03-15T23:59', '2026-03-15T22:59:00.000Z'],
    ['a summer morning', '2026-07-01T09:00', '2026-07-01T07:00:00.000Z'],
    ['the day after the change to summer time', '2026-03-30T00:30', '2026-03-29T22:30:00.000Z'],
    ['the day after the change to winter time', '2026-10-26T00:30', '2026-10-25T23:30:00.000Z'],
  ])('reads %s as Paris time and shows it back unchanged', (_label, input, iso) => {
    expect(parisInputToIso(input)).toBe(iso)
    expect(isoToParisInput(iso)).toBe(input)
  })

  it.each(['', '2026-03-15', 'demain'])('reads %j as no date', (input) => {
    expect(parisInputToIso(input)).toBeNull()
  })
})
