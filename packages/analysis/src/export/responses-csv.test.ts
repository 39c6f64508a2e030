import { describe, expect, it } from 'vitest'
import { pseudonymiser } from './responses-csv'

describe('pseudonymiser', () => {
  const ids = Array.from({ length: 300 }, (_, i) => `0000${i.toString(16).padStart(4, '0')}-1111-4222-8333-444455556666`)

  it('gives each response its own 128-bit pseudonym, stable within one export, whatever the pages', () => {
    const pseudonyms = pseudonymiser()
    const whole = pseudonyms(ids)
    expect(new Set(whole).size).toBe(ids.length)
    for (const name of whole) expect(name).toMatch(/^[0-9a-f]{32}$/)
    expect([...pseudonyms(ids.slice(0, 7)), ...pseudonyms(ids.slice(7))]).toEqual(whole)
    expect(pseudonyms([ids[42]!])).toEqual([whole[42]])
    expect(pseudonyms([])).toEqual([])
  })

  it('gives other pseudonyms in another export, and none is the id itself', () => {
    const first = pseudonymiser()(ids)
    const second = pseudonymiser()(ids)
    expect(first.filter((name, i) => name === second[i])).toEqual([])
    expect(first.filter((name, i) => name === ids[i]!.replaceAll('-', ''))).toEqual([])
  })
})
