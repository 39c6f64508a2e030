import type { IndicatorCell, IndicatorMeta, PublicResults } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { pt, publicCatalogues } from './messages'
import {
  barGeometry,
  chunkBlocks,
  confidencePercent,
  downloadLinks,
  familyBlocks,
  familyOptions,
  keyFigures,
  licenceUrl,
  lineState,
  pickFamily,
  pickTheme,
  regionIndicators,
  regionLines,
  scaleOf,
  slugFromPath,
  themeGroups,
} from './view-model'

const meta = (id: string, over: Partial<IndicatorMeta> = {}): IndicatorMeta => ({
  id,
  labelFr: `Libellé ${id}`,
  labelEn: `Label ${id}`,
  unit: 'kg CO2e',
  aggregation: 'median',
  questions: [id],
  families: null,
  factorSource: null,
  ...over,
})

const cell = (indicator: string, family: string, over: Partial<IndicatorCell> = {}): IndicatorCell => ({
  indicator,
  family,
  dimensionValue: null,
  category: null,
  n: 12,
  value: 24.6,
  ciLow: 20,
  ciHigh: 30,
  q1: 18,
  q3: 33,
  suppressed: false,
  reason: null,
  ...over,
})

const hidden = (indicator: string, family: string, over: Partial<IndicatorCell> = {}): IndicatorCell =>
  cell(indicator, family, { n: null, value: null, ciLow: null, ciHigh: null, q1: null, q3: null, suppressed: true, ...over })

function fixture(): PublicResults {
  return {
    wave: { slug: 'barometre-2025', title: 'Baromètre 2025', opensAt: '2025-03-01T00:00:00Z', closesAt: '2025-04-30T21:59:00Z' },
    release: { number: 2, publishedAt: '2025-06-01T10:00:00Z', responses: 1234 },
    licence: 'etalab-2.0',
    families: [
      { key: 'insertion', labelFr: 'Insertion', labelEn: 'Integration' },
      { key: 'reemploi', labelFr: 'Réemploi', labelEn: 'Reuse' },
    ],
    indicators: [
      meta('co2'),
      meta('budget', { unit: 'EUR', aggregation: 'sum', families: ['insertion'] }),
      meta('benevoles', { unit: 'proportion', aggregation: 'share' }),
      meta('forme', {
        unit: 'proportion',
        aggregation: 'distribution',
        categories: [
          { key: 'association', labelFr: 'Association', labelEn: 'Association' },
          { key: 'scop', labelFr: 'SCOP', labelEn: 'SCOP' },
        ],
      }),
    ],
    cells: [
      cell('co2', '_all', { n: 40 }),
      cell('co2', 'insertion'),
      hidden('co2', 'reemploi'),
      cell('budget', 'insertion', { value: 150_000, ciLow: null, ciHigh: null, q1: null, q3: null }),
      cell('benevoles', 'insertion', { value: 0.25, ciLow: 0.1, ciHigh: 0.4, q1: null, q3: null }),
      cell('benevoles', 'reemploi', { n: 0, value: null, ciLow: null, ciHigh: null, q1: null, q3: null }),
      cell('forme', 'insertion', { category: 'scop', value: 0.3, ciLow: 0.2, ciHigh: 0.45, q1: null, q3: null }),
      cell('forme', 'insertion', { category: 'association', value: 0.6, ciLow: 0.5, ciHigh: 0.7, q1: null, q3: null }),
      hidden('forme', 'insertion', { category: 'autre' }),
      // A cell of the region table is not a cell by family.
      cell('co2', 'insertion', { dimensionValue: 'bretagne', value: 999 }),
    ],
    regions: {
      values: [
        { key: 'bretagne', labelFr: 'Bretagne', labelEn: 'Brittany' },
        { key: 'occitanie', labelFr: 'Occitanie', labelEn: 'Occitania' },
        { key: '_all', labelFr: 'Ensemble', labelEn: 'All' },
      ],
      cells: [
        cell('co2', 'insertion', { dimensionValue: 'bretagne', value: 10 }),
        hidden('co2', 'insertion', { dimensionValue: 'occitanie' }),
        cell('co2', 'insertion', { dimensionValue: '_all', value: 24.6 }),
        cell('forme', 'insertion', { dimensionValue: 'bretagne', category: 'scop' }),
        cell('benevoles', 'reemploi', { dimensionValue: 'bretagne', value: 0.5 }),
      ],
    },
    methodology: {
      responseCounts: [
        { family: '_all', invited: 200, submitted: 40, rate: 0.2 },
        { family: 'insertion', invited: 50, submitted: 12, rate: 0.24 },
        { family: 'reemploi', invited: 10, submitted: null, rate: null },
      ],
      minCellSize: 5,
      pPercent: 10,
      confidence: 0.95,
      factors: [{ indicator: 'co2', question: 'km', value: 0.218, unit: 'kg CO2e/km', source: 'ADEME Base Empreinte', version: '23.0' }],
    },
  }
}

describe('the families a reader picks from', () => {
  it('puts the whole network first when the release has it, then the wave’s families in order', () => {
    expect(familyOptions(fixture(), 'Ensemble').map((o) => [o.key, o.labelFr])).toEqual([
      ['_all', 'Ensemble'],
      ['insertion', 'Insertion'],
      ['reemploi', 'Réemploi'],
    ])
    const withoutAll = { ...fixture(), cells: fixture().cells.filter((c) => c.family !== '_all') }
    expect(familyOptions(withoutAll, 'Ensemble').map((o) => o.key)).toEqual(['insertion', 'reemploi'])
  })

  it.each([
    ['reemploi', 'reemploi'],
    ['unknown', '_all'],
    [null, '_all'],
  ])('opens on the family the address asks for when it exists (%s → %s)', (asked, expected) => {
    expect(pickFamily(familyOptions(fixture(), 'Ensemble'), asked)).toBe(expected)
  })

  it('has no family to open on a release without any', () => {
    expect(pickFamily([], 'insertion')).toBeNull()
  })
})

describe('the lines of a family', () => {
  it('keeps the catalogue’s order and only the indicators the family has or is computed for', () => {
    const blocks = familyBlocks(fixture(), 'reemploi')
    // budget applies to insertion only and reemploi has no cell of it.
    expect(blocks.map((b) => b.indicator.id)).toEqual(['co2', 'benevoles', 'forme'])
    expect(familyBlocks(fixture(), 'insertion').map((b) => b.indicator.id)).toEqual(['co2', 'budget', 'benevoles', 'forme'])
  })

  it('reads only the cells by family, never a cell of the region table', () => {
    const [co2] = familyBlocks(fixture(), 'insertion')
    expect(co2!.lines).toHaveLength(1)
    expect(co2!.lines[0]!.cell!.value).toBe(24.6)
  })

  it('shows a hidden cell as hidden, without a bar, and an unanswered one as empty', () => {
    const blocks = familyBlocks(fixture(), 'reemploi')
    const co2 = blocks[0]!.lines[0]!
    expect(lineState(co2.cell)).toBe('hidden')
    expect(co2.bar).toBeNull()
    const benevoles = blocks[1]!.lines[0]!
    expect(lineState(benevoles.cell)).toBe('empty')
    expect(benevoles.bar).toBeNull()
    // A distribution the family has no cell of: its categories say nobody answered.
    expect(blocks[2]!.lines.map((l) => lineState(l.cell))).toEqual(['empty', 'empty'])
  })

  it('gives a distribution a line per category, labelled ones first, then those the labels lack', () => {
    const forme = familyBlocks(fixture(), 'insertion')[3]!
    expect(forme.lines.map((l) => [l.category!.key, l.category!.labelFr, lineState(l.cell)])).toEqual([
      ['association', 'Association', 'published'],
      ['scop', 'SCOP', 'published'],
      ['autre', 'autre', 'hidden'],
    ])
    expect(forme.lines.map((l) => l.bar?.width ?? null)).toEqual([60, 30, null])
  })
})

describe('the bars', () => {
  it.each([
    // A share is drawn on 0–100 %, whatever its figures.
    [meta('s', { unit: 'proportion' }), [cell('s', 'x', { value: 0.2, ciHigh: 0.3 })], [0, 1]],
    [meta('p', { unit: '%' }), [cell('p', 'x', { value: 20 })], [0, 100]],
    // Anything else from 0 to the highest published figure, the interval's end included.
    [meta('m'), [cell('m', 'x'), cell('m', 'y', { value: 50, ciHigh: 70 }), hidden('m', 'z')], [0, 70]],
    [meta('neg'), [cell('neg', 'x', { value: -5, ciLow: -8, ciHigh: -2 })], [-8, 0]],
    // Nothing published, or only zeros: a scale that still has a width.
    [meta('none'), [hidden('none', 'x'), undefined], [0, 1]],
    [meta('zero'), [cell('zero', 'x', { value: 0, ciLow: 0, ciHigh: 0 })], [0, 1]],
  ] as const)('%# sets the scale of its indicator', (indicator, cells, expected) => {
    expect(scaleOf(indicator, cells)).toEqual(expected)
  })

  it('draws the bar from zero to the value and the interval over it, in percent of the track', () => {
    expect(barGeometry(cell('s', 'x', { value: 0.246, ciLow: 0.2, ciHigh: 0.3 }), [0, 1])).toEqual({ start: 0, width: 24.6, ci: { start: 20, width: 10 } })
    expect(barGeometry(cell('m', 'x', { value: 30, ciLow: null, ciHigh: null }), [0, 60])).toEqual({ start: 0, width: 50, ci: null })
    // A negative value goes left of zero.
    expect(barGeometry(cell('n', 'x', { value: -5, ciLow: null, ciHigh: null }), [-10, 10])).toEqual({ start: 25, width: 25, ci: null })
    expect(barGeometry(hidden('h', 'x'), [0, 1])).toBeNull()
  })
})

describe('the themes of a family', () => {
  const themed = (): PublicResults => {
    const results = fixture()
    const theme: Record<string, IndicatorMeta['theme']> = { co2: 'environnement', budget: 'economie_emploi', benevoles: null }
    results.indicators = results.indicators.map((indicator) => ({ ...indicator, theme: theme[indicator.id] ?? null }))
    return results
  }

  it('groups its blocks in the portal’s order of themes, « Autres » last, empty themes left out', () => {
    const groups = themeGroups(familyBlocks(themed(), 'insertion'))
    expect(groups.map((group) => [group.theme, group.blocks.map((block) => block.indicator.id)])).toEqual([
      ['economie_emploi', ['budget']],
      ['environnement', ['co2']],
      ['autres', ['benevoles', 'forme']],
    ])
  })

  it('opens the theme asked in the address when the family has it, else its first', () => {
    const groups = themeGroups(familyBlocks(themed(), 'insertion'))
    expect(pickTheme(groups, 'environnement')).toBe('environnement')
    expect(pickTheme(groups, 'communs')).toBe('economie_emploi')
    expect(pickTheme(groups, null)).toBe('economie_emploi')
    expect(pickTheme([], 'communs')).toBeNull()
  })
})

describe('the tables of a family', () => {
  const block = (id: string, lines: number, aggregation: IndicatorMeta['aggregation'] = 'median') => ({
    indicator: meta(id, { aggregation }),
    lines: Array.from({ length: lines }, () => ({ indicator: meta(id), category: null, cell: undefined, bar: null })),
  })

  it('hold at most the given number of lines, never cutting an indicator', () => {
    const chunks = chunkBlocks([block('a', 1), block('b', 1), block('d', 3, 'distribution'), block('c', 1), block('big', 9, 'distribution'), block('e', 1)], 5)
    // A distribution counts its name's line too; one larger than a table gets its own.
    expect(chunks.map((chunk) => chunk.map((b) => b.indicator.id))).toEqual([['a', 'b'], ['d', 'c'], ['big'], ['e']])
    expect(chunkBlocks([], 5)).toEqual([])
  })
})

describe('the key figures of a family', () => {
  it('count its published and hidden figures beside its responses', () => {
    expect(keyFigures(fixture(), 'insertion')).toEqual({
      responses: { family: 'insertion', invited: 50, submitted: 12, rate: 0.24 },
      published: 5,
      hidden: 1,
    })
    const reemploi = keyFigures(fixture(), 'reemploi')
    expect(reemploi.responses!.submitted).toBeNull()
    expect([reemploi.published, reemploi.hidden]).toEqual([0, 1])
  })
})

describe('the region table', () => {
  it('offers the indicators with one figure that have region cells for the family', () => {
    expect(regionIndicators(fixture(), 'insertion').map((i) => i.id)).toEqual(['co2'])
    expect(regionIndicators(fixture(), 'reemploi').map((i) => i.id)).toEqual(['benevoles'])
    expect(regionIndicators(fixture(), '_all')).toEqual([])
  })

  it('has a line per region, the margin left out, hidden regions kept as hidden', () => {
    const lines = regionLines(fixture(), 'insertion', 'co2')
    expect(lines.map((l) => [l.region.key, lineState(l.cell), l.cell?.value ?? null])).toEqual([
      ['bretagne', 'published', 10],
      ['occitanie', 'hidden', null],
    ])
  })
})

describe('the addresses of a public page', () => {
  it('links the three files of the slug', () => {
    expect(downloadLinks('baromètre 2025')).toEqual({
      csv: '/api/public/barom%C3%A8tre%202025/indicators.csv',
      excel: '/api/public/barom%C3%A8tre%202025/indicators.csv?dialect=excel-fr',
      dataPackage: '/api/public/barom%C3%A8tre%202025/datapackage.zip',
    })
  })

  it('links the licence’s text in the reader’s language', () => {
    expect(licenceUrl('cc-by-4.0', 'fr')).toBe('https://creativecommons.org/licenses/by/4.0/deed.fr')
    expect(licenceUrl('cc-by-4.0', 'en')).toBe('https://creativecommons.org/licenses/by/4.0/deed.en')
    expect(licenceUrl('etalab-2.0', 'fr')).toMatch(/^https:\/\/www\.etalab\.gouv\.fr\//)
  })

  it.each([
    ['/resultats/barometre-2025', 'barometre-2025'],
    ['/resultats/barometre-2025/', 'barometre-2025'],
    ['/resultats/barom%C3%A8tre/imprimer', 'baromètre'],
    ['/resultats/', null],
    ['/research/x', null],
    ['/resultats/%E0%A4%A', null],
  ])('reads the slug of %s', (path, slug) => {
    expect(slugFromPath(path)).toBe(slug)
  })

  it('says the confidence level in percent', () => {
    expect(confidencePercent(0.95)).toBe(95)
    expect(confidencePercent(0.9)).toBe(90)
  })
})

describe('the texts of the public page', () => {
  it('have every key in both languages, none empty', () => {
    expect(Object.keys(publicCatalogues.en).sort()).toEqual(Object.keys(publicCatalogues.fr).sort())
    for (const catalogue of Object.values(publicCatalogues)) for (const text of Object.values(catalogue)) expect(text.trim()).not.toBe('')
  })

  it('follow French typography and number format', () => {
    expect(pt('public.fewer', { n: 5 })).toBe('moins de 5')
    expect(pt('public.family.responses', { responses: 1234 })).toBe('1\u202F234 réponses')
    expect(pt('public.family.heading', { family: 'Réemploi' })).toBe('Indicateurs\u00A0: Réemploi')
    expect(pt('public.method.rules.minCell', { minCellSize: 5 })).toContain('«\u00A0moins de 5\u00A0»')
  })
})
