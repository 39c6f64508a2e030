import { describe, expect, it } from 'vitest'
import { FIELD_KEYS, itemsToLines, linesToItems } from './choices'

describe('choices from a pasted list', () => {
  it.each<[string, string, unknown[]]>([
    [
      'codes and texts',
      'oui;Oui\nnon;Non',
      [
        { value: 'oui', text: 'Oui' },
        { value: 'non', text: 'Non' },
      ],
    ],
    [
      'texts alone, codes proposed',
      'Oui\nDemande en cours\n\n',
      [
        { value: 'oui', text: 'Oui' },
        { value: 'demande_cours', text: 'Demande en cours' },
      ],
    ],
    ['codes alone', 'insertion\nreemploi', ['insertion', 'reemploi']],
    [
      'with English',
      'bretagne;Bretagne;Brittany\ngrand_est;Grand Est',
      [
        { value: 'bretagne', text: { default: 'Bretagne', en: 'Brittany' } },
        { value: 'grand_est', text: 'Grand Est' },
      ],
    ],
    [
      'a proposed code made unique',
      'autre;Autre\nAutre',
      [
        { value: 'autre', text: 'Autre' },
        { value: 'autre_2', text: 'Autre' },
      ],
    ],
    ['a text equal to its code', 'Mayotte;Mayotte', ['Mayotte']],
  ])('%s', (_label, lines, items) => {
    expect(linesToItems(lines)).toEqual(items)
  })

  it.each<[string, unknown[]]>([
    [
      'objects with English',
      [
        { value: 'scop', text: { default: 'SCOP', en: 'Worker cooperative' } },
        { value: 'corse', text: 'Corse' },
      ],
    ],
    ['bare strings', ['a', 'b']],
  ])('reads %s back into the same lines', (_label, items) => {
    expect(linesToItems(itemsToLines(items), items)).toEqual(items)
  })

  it('keeps what the designer does not edit on an item whose code stays', () => {
    const previous = [{ value: 'autre', text: 'Autre', visibleIf: '{x} = 1' }]
    expect(linesToItems('autre;Autre chose', previous)).toEqual([{ value: 'autre', text: 'Autre chose', visibleIf: '{x} = 1' }])
  })

  it('writes the fields of a multiple text as objects with a name and a title', () => {
    expect(linesToItems('Ville\ncp;Code postal;Postcode', [], FIELD_KEYS)).toEqual([
      { name: 'ville', title: 'Ville' },
      { name: 'cp', title: { default: 'Code postal', en: 'Postcode' } },
    ])
  })
})
