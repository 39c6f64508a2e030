import { AggregationSchema, IndicatorMetaSchema, THEME_KEYS } from '@sonde/contracts'
import { defaultQuestionnaire, listQuestions } from '@sonde/survey'
import { describe, expect, it } from 'vitest'
import { defaultIndicators } from './default-indicators'
import { indicatorFactorSource, indicatorMeta, indicatorQuestions, themeOf, withThemes } from './meta'
import { validateIndicators } from './validate'

const FAMILIES = ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure']

describe('defaultIndicators', () => {
  it('holds at least 40 indicators, every one valid against the default 2025 questionnaire', () => {
    expect(defaultIndicators.length).toBeGreaterThanOrEqual(40)
    expect(validateIndicators(defaultIndicators, listQuestions(defaultQuestionnaire), { families: FAMILIES })).toEqual([])
  })

  it('gives every family figures of its own, and every family the two cross-cutting blocks', () => {
    for (const family of FAMILIES) {
      expect(defaultIndicators.filter((d) => d.families?.includes(family)).length, family).toBeGreaterThanOrEqual(3)
    }
    const everyFamily = defaultIndicators.filter((d) => d.families === null)
    const questions = everyFamily.flatMap(indicatorQuestions)
    // Governance & ESS model, and sovereignty & responsible digital (docs/indicators.md, "Indicator catalogue").
    for (const name of [
      'forme_juridique',
      'agrement_esus',
      'gouvernance_democratique',
      'ca_femmes',
      'salaire_plus_haut_smic',
      'benevoles_heures',
      'budget_annuel',
      'part_financement_public',
      'evaluation_impact',
    ]) {
      expect(questions, name).toContain(name)
    }
    for (const name of [
      'nr_outils_libres',
      'nr_fonctions_equipees',
      'nr_hebergement_localisation',
      'nr_hebergement_hors_lois_extra_ue',
      'nr_code_publie',
      'nr_empreinte_mesuree',
      'nr_outil_empreinte',
      'nr_ecoindex',
      'nr_rgaa_taux',
    ]) {
      expect(questions, name).toContain(name)
    }
  })

  it('puts every indicator under one of the five themes, each theme holding several', () => {
    for (const d of defaultIndicators) expect(THEME_KEYS, d.id).toContain(d.theme)
    for (const theme of THEME_KEYS) expect(defaultIndicators.filter((d) => d.theme === theme).length, theme).toBeGreaterThanOrEqual(5)
    expect(indicatorMeta(defaultIndicators.find((d) => d.id === 'ree_co2e_evite')!).theme).toBe('environnement')
  })

  it('gives an indicator stored before themes the default catalogue’s theme by id, else none', () => {
    const stored = IndicatorMetaSchema.parse({
      id: 'budget_annuel_median',
      labelFr: 'Budget',
      labelEn: 'Budget',
      unit: '€',
      aggregation: 'median',
      questions: ['budget_annuel'],
      families: null,
      factorSource: null,
    })
    expect(stored.theme).toBeUndefined()
    expect(withThemes([stored])[0]!.theme).toBe('economie_emploi')
    expect(themeOf({ id: 'indicateur_maison' })).toBeNull()
    // A theme written on purpose wins, none included.
    expect(themeOf({ id: 'budget_annuel_median', theme: 'gouvernance' })).toBe('gouvernance')
    expect(themeOf({ id: 'budget_annuel_median', theme: null })).toBeNull()
  })

  it('labels each indicator in French and English, with a unit', () => {
    for (const d of defaultIndicators) {
      expect(d.labelFr.trim(), d.id).not.toBe('')
      expect(d.labelEn.trim(), d.id).not.toBe('')
      expect(d.labelEn, d.id).not.toBe(d.labelFr)
      expect(d.unit.trim(), d.id).not.toBe('')
    }
  })

  it('counts volunteer hours in full-time equivalents of 1 607 hours, with the factor beside it', () => {
    const fte = defaultIndicators.find((d) => d.id === 'benevoles_etp')
    expect(fte?.aggregation).toBe('derived_sum')
    if (fte?.aggregation !== 'derived_sum') return
    expect(fte.terms).toHaveLength(1)
    expect(fte.terms[0]!.factor.value * 1607).toBeCloseTo(1, 12)
    expect(indicatorFactorSource(fte)).toContain('1 607 heures')
    // The factor as a person reads it: French digits, no float noise (1/1607 = 0.0006222775357809583).
    expect(indicatorFactorSource(fte)).toContain('benevoles_heures × 0,000622278 ETP / heure')
  })

  it('measures the ESUS pay caps as shares of organisations within them', () => {
    const caps = defaultIndicators.filter((d) => d.id.startsWith('esus_plafond'))
    expect(caps.map((d) => (d.aggregation === 'share' ? [d.question, d.when] : null))).toEqual([
      ['salaires_5_plus_hauts_smic', { atMost: 7 }],
      ['salaire_plus_haut_smic', { atMost: 10 }],
    ])
  })

  it('measures free software as ticked free functions over equipped functions, per organisation and pooled', () => {
    const free = defaultIndicators.filter((d) => d.id.startsWith('nr_logiciels_libres'))
    expect(free.map((d) => d.aggregation)).toEqual(['median_ratio', 'pooled_ratio'])
    for (const d of free) expect(indicatorQuestions(d)).toEqual(['nr_outils_libres', 'nr_fonctions_equipees'])
  })

  it('totals refurbished devices per type, never across types', () => {
    const totals = defaultIndicators
      .filter((d) => d.aggregation === 'sum' && d.families?.includes('reemploi'))
      .map((d) => d.aggregation === 'sum' && d.question)
    expect(totals).toEqual(expect.arrayContaining(['ree_smartphones', 'ree_portables', 'ree_fixes', 'ree_tablettes', 'ree_ecrans']))
  })

  it('covers every aggregation at least once', () => {
    const used = new Set(defaultIndicators.map((d) => d.aggregation))
    expect([...AggregationSchema.options].filter((a) => !used.has(a))).toEqual([])
  })

  it('has unique ids', () => {
    const ids = defaultIndicators.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('describes every indicator in the shape of the public contract', () => {
    for (const definition of defaultIndicators) {
      expect(() => IndicatorMetaSchema.parse(indicatorMeta(definition))).not.toThrow()
    }
  })

  it('keeps the ADEME 2022 factors as data beside the derived CO2e', () => {
    const co2 = defaultIndicators.find((d) => d.id === 'ree_co2e_evite')
    expect(co2?.aggregation).toBe('derived_sum')
    if (co2?.aggregation !== 'derived_sum') return
    expect(co2.terms.map((t) => [t.question, t.factor.value, t.factor.version])).toEqual([
      ['ree_smartphones', 24.6, 'ademe-2022'],
      ['ree_portables', 27, 'ademe-2022'],
    ])
    expect(indicatorQuestions(co2)).toEqual(['ree_smartphones', 'ree_portables', 'ree_annees_usage_supplementaires'])
    const source = indicatorFactorSource(co2)
    expect(source).toContain('ree_smartphones × 24,6 kg CO2e / appareil / an')
    expect(source).toContain('× ree_annees_usage_supplementaires (1 si non renseigné)')
    expect(source).toContain('ADEME 2022')
    expect(indicatorFactorSource(defaultIndicators[0]!)).toBeNull()
  })

  it('lists each question of a ratio once', () => {
    const solidaire = defaultIndicators.find((d) => d.id === 'ree_part_solidaire')
    expect(solidaire && indicatorQuestions(solidaire)).toEqual([
      'ree_solidaires',
      'ree_smartphones',
      'ree_portables',
      'ree_fixes',
      'ree_tablettes',
      'ree_ecrans',
    ])
  })
})
