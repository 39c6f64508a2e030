import { describe, expect, it } from 'vitest'
import { frenchParisDateTime, fromParisWallClock, isoToParisInput, parisInputToIso, parisWallClock } from './rules'

// Paris is UTC+1 in winter and UTC+2 in summer; in 2026 summer time runs from Sunday 29 March to
// Sunday 25 October, changing at 01:00 UTC (EU Directive 2000/84/EC: the last Sunday of March and
// of October) — 2:00 becomes 3:00 in spring, 3:00 becomes 2:00 in autumn.
describe('parisWallClock and fromParisWallClock', () => {
  it.each([
    ['a winter evening', '2026-03-15T22:59:00.000Z', [2026, 3, 15, 23, 59]],
    ['a summer morning', '2026-07-01T07:00:00.000Z', [2026, 7, 1, 9, 0]],
    ['the last winter minute in March', '2026-03-29T00:59:00.000Z', [2026, 3, 29, 1, 59]],
    ['the first summer minute in March', '2026-03-29T01:00:00.000Z', [2026, 3, 29, 3, 0]],
    ['summer time, just before the repeated hour in October', '2026-10-24T23:59:00.000Z', [2026, 10, 25, 1, 59]],
    ['winter time, just after the repeated hour in October', '2026-10-25T02:00:00.000Z', [2026, 10, 25, 3, 0]],
    ['the day after the change to summer time', '2026-03-29T22:30:00.000Z', [2026, 3, 30, 0, 30]],
    ['a UTC evening that is already the next year in Paris', '2026-12-31T23:30:00.000Z', [2027, 1, 1, 0, 30]],
  ])('%s: %s is %j in Paris, and back', (_label, iso, [year, month, day, hour, minute]) => {
    expect(parisWallClock(new Date(iso))).toEqual({ year, month, day, hour, minute, second: 0 })
    expect(fromParisWallClock({ year: year!, month: month!, day: day!, hour, minute }).toISOString()).toBe(iso)
  })

  it.each([
    [
      '2:30 on the last Sunday of March does not exist: it is 3:30 summer time',
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
      '2026-03-29T01:30:00.000Z',
    ],
    [
      '2:30 on the last Sunday of October comes twice: the second, in winter time',
      { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
      '2026-10-25T01:30:00.000Z',
    ],
    ['a day that overflows backwards: 7 days before 2 April, at 9:00 (winter)', { year: 2026, month: 4, day: 2 - 7, hour: 9 }, '2026-03-26T08:00:00.000Z'],
  ])('%s', (_label, wall, iso) => {
    expect(fromParisWallClock(wall).toISOString()).toBe(iso)
  })
})

describe('the date-time fields of the console, in Paris time', () => {
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

  it('shows no date as an empty field', () => {
    expect(isoToParisInput(null)).toBe('')
  })
})

describe('frenchParisDateTime', () => {
  it.each([
    ['a winter evening', '2026-03-15T22:59:00Z', '15 mars 2026 à 23\u00A0h\u00A059'],
    ['a summer morning, the first of the month', '2026-07-01T07:05:00Z', '1er juillet 2026 à 9\u00A0h\u00A005'],
    ['a UTC evening that is already the next day in Paris', '2026-03-15T23:30:00Z', '16 mars 2026 à 0\u00A0h\u00A030'],
    ['the first summer minute', '2026-03-29T01:00:00Z', '29 mars 2026 à 3\u00A0h\u00A000'],
    ['the first winter minute', '2026-10-25T01:00:00Z', '25 octobre 2026 à 2\u00A0h\u00A000'],
  ])('writes %s in Paris time, the French way', (_label, iso, expected) => {
    expect(frenchParisDateTime(new Date(iso))).toBe(expected)
  })
})
