import { describe, expect, it } from 'vitest'
import { proposeId } from './indicator-draft'

describe('proposeId', () => {
  it.each([
    ['Budget médian (€)', [], 'budget_median'],
    ['Part des structures agréées ESUS', [], 'part_des_structures_agreees_esus'],
    ['2025 : bénévoles', [], 'benevoles'],
    ['Budget médian', ['budget_median'], 'budget_median_2'],
    ['Budget médian', ['budget_median', 'budget_median_2'], 'budget_median_3'],
    ['', [], ''],
  ])('%s (taken: %j) → %s', (label, taken, expected) => {
    expect(proposeId(label, new Set(taken))).toBe(expected)
  })

  // The server refuses an id longer than 63 characters: a suffix takes the place of the end, never adds to it.
  it('keeps a made-unique id within 63 characters', () => {
    const label = 'Émissions évitées par le réemploi des équipements informatiques et électroniques des adhérents'
    const first = proposeId(label, new Set())
    const second = proposeId(label, new Set([first]))
    expect(first).toHaveLength(63)
    expect(second).toHaveLength(63)
    expect(second).toMatch(/_2$/)
    expect(second).toMatch(/^[a-z][a-z0-9_]{0,62}$/)
  })
})
