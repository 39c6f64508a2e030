import type { IndicatorCell } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { defaultIndicators } from '../indicators/default-indicators'
import type { IndicatorDefinition } from '../indicators/types'
import { memberReportItems, ownValue } from './member-report'

const byId = (id: string) => defaultIndicators.find((d) => d.id === id)!

describe('ownValue', () => {
  // The same rules as computeIndicators applies to every organisation (compute.int.test.ts).
  it.each<{ id: string; answers: Record<string, unknown>; expected: number | null }>([
    { id: 'budget_annuel_median', answers: { budget_annuel: 120000 }, expected: 120000 },
    { id: 'budget_annuel_median', answers: { budget_annuel: '120000' }, expected: null },
    { id: 'ca_part_femmes_mediane', answers: { ca_femmes: 3, ca_membres: 8 }, expected: 3 / 8 },
    { id: 'ca_part_femmes_mediane', answers: { ca_femmes: 3, ca_membres: 0 }, expected: null },
    { id: 'ca_part_femmes_mediane', answers: { ca_membres: 8 }, expected: null },
    { id: 'nr_logiciels_libres_part_mediane', answers: { nr_fonctions_equipees: ['a', 'b', 'c', 'd'], nr_outils_libres: ['a'] }, expected: 0.25 },
    { id: 'nr_logiciels_libres_part_mediane', answers: { nr_fonctions_equipees: ['a', 'b'] }, expected: 0 },
    { id: 'nr_logiciels_libres_part_mediane', answers: { nr_outils_libres: ['a'] }, expected: null },
    { id: 'gouvernance_democratique_part', answers: { gouvernance_democratique: true }, expected: 1 },
    { id: 'gouvernance_democratique_part', answers: { gouvernance_democratique: false }, expected: 0 },
    { id: 'gouvernance_democratique_part', answers: { gouvernance_democratique: 'oui' }, expected: null },
    { id: 'agrement_esus_part', answers: { agrement_esus: 'en_cours' }, expected: 0 },
    { id: 'esus_plafond_plus_haute_part', answers: { salaire_plus_haut_smic: 10 }, expected: 1 },
    { id: 'esus_plafond_plus_haute_part', answers: { salaire_plus_haut_smic: 10.5 }, expected: 0 },
    { id: 'salaries_etp_total', answers: { salaries_etp: 4 }, expected: null },
  ])('$id of $answers → $expected', ({ id, answers, expected }) => {
    const value = ownValue(byId(id), answers)
    if (expected === null) expect(value).toBeNull()
    else expect(value).toBeCloseTo(expected, 12)
  })
})

describe('memberReportItems', () => {
  const cell = (indicator: string, family: string, fields: Partial<IndicatorCell>): IndicatorCell => ({
    indicator,
    family,
    dimensionValue: null,
    category: null,
    n: 12,
    value: 100,
    ciLow: 80,
    ciHigh: 120,
    q1: 90,
    q3: 110,
    suppressed: false,
    reason: null,
    ...fields,
  })
  const definitions: IndicatorDefinition[] = [byId('budget_annuel_median'), byId('ins_budget_par_personne'), byId('salaries_etp_total')]

  it('puts the organisation beside its families and the network, and never shows a suppressed cell', () => {
    const cells = [
      cell('budget_annuel_median', 'insertion', {}),
      cell('budget_annuel_median', 'reemploi', { n: 3, value: null, q1: null, q3: null, ciLow: null, ciHigh: null, suppressed: true, reason: 'min_count' }),
      cell('budget_annuel_median', '_all', { n: 40, value: 150 }),
      cell('budget_annuel_median', 'inclusion', { value: 999 }),
      cell('ins_budget_par_personne', 'insertion', { value: 2000 }),
      cell('salaries_etp_total', 'insertion', { value: 30 }),
    ]
    const items = memberReportItems(definitions, cells, { budget_annuel: 120000, ins_beneficiaires_total: 40 }, ['insertion', 'reemploi'])
    expect(items.map((i) => [i.indicator.id, i.family, i.own, i.value, i.suppressed])).toEqual([
      ['budget_annuel_median', 'insertion', 120000, 100, false],
      ['budget_annuel_median', 'reemploi', 120000, null, true],
      ['budget_annuel_median', '_all', 120000, 150, false],
      ['ins_budget_par_personne', 'insertion', 3000, 2000, false],
    ])
    // One public mark: neither why the family's cell is hidden nor on how many organisations.
    expect(items[1]).toMatchObject({ q1: null, q3: null, ciLow: null, ciHigh: null, reason: null, n: null })
  })

  it('shows a median whose quartiles the p % rule withheld, without saying why', () => {
    const cells = [cell('budget_annuel_median', 'insertion', { q1: null, q3: null, ciLow: null, ciHigh: null, reason: 'p_percent' })]
    const [item] = memberReportItems([byId('budget_annuel_median')], cells, { budget_annuel: 120000 }, ['insertion'])
    expect(item).toMatchObject({ value: 100, n: 12, q1: null, q3: null, ciLow: null, ciHigh: null, suppressed: false, reason: null })
  })

  it('rounds the family figures to 15 significant digits: no float noise reaches the member', () => {
    const cells = [cell('budget_annuel_median', 'insertion', { value: 10212.400000000003, q1: 0.1 + 0.2 })]
    const [item] = memberReportItems([byId('budget_annuel_median')], cells, { budget_annuel: 1 }, ['insertion'])
    expect(item).toMatchObject({ value: 10212.4, q1: 0.3 })
  })

  it('gives nothing to an organisation without a family of the wave', () => {
    expect(memberReportItems(definitions, [cell('budget_annuel_median', '_all', {})], { budget_annuel: 1 }, [])).toEqual([])
  })
})
