import { describe, expect, it } from 'vitest'
import '../../i18n/staff'
import { detailEntries } from './audit-details'

const N = '\u202F'

describe('detailEntries', () => {
  it('writes the numbers of an audit event in French, nested fields by their path', () => {
    expect(
      detailEntries({
        created: 1234,
        updated: 0,
        lines: 10212.400000000003,
        settings: { minCellSize: 5, openLink: true, retentionUntil: null },
        fields: ['name', 'email'],
      }),
    ).toEqual([
      { key: 'created', value: `1${N}234` },
      { key: 'updated', value: '0' },
      { key: 'lines', value: `10${N}212` },
      { key: 'settings.minCellSize', value: '5' },
      { key: 'settings.openLink', value: 'oui' },
      { key: 'settings.retentionUntil', value: '—' },
      { key: 'fields', value: 'name, email' },
    ])
  })

  it('has nothing to show for an event without details', () => {
    expect(detailEntries({})).toEqual([])
  })
})
