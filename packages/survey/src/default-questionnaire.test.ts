import { describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from './default-questionnaire'
import { lintQuestionnaire } from './lint-questionnaire'
import { listQuestions, type QuestionInfo } from './list-questions'
import { jsonDepth, QUESTIONNAIRE_LIMITS } from './questionnaire-limits'

const questions = listQuestions(defaultQuestionnaire)
const byName = new Map(questions.map((question) => [question.name, question]))

const FAMILIES = ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure']

// The names other packages bind to (indicators, codebook): [name, page, type, numeric].
const EXPECTED: Array<[string, string, string, boolean]> = [
  ['nom_organisation', 'identite', 'text', false],
  ['siren', 'identite', 'text', false],
  ['forme_juridique', 'identite', 'dropdown', false],
  ['agrement_esus', 'identite', 'radiogroup', false],
  ['region', 'identite', 'dropdown', false],
  ['annee_creation', 'identite', 'text', true],
  ['familles', 'identite', 'checkbox', false],
  ['budget_annuel', 'economie_emplois', 'text', true],
  ['part_financement_public', 'economie_emplois', 'text', true],
  ['part_revenus_activite', 'economie_emplois', 'text', true],
  ['salaries_nombre', 'economie_emplois', 'text', true],
  ['salaries_etp', 'economie_emplois', 'text', true],
  ['benevoles_nombre', 'economie_emplois', 'text', true],
  ['benevoles_heures', 'economie_emplois', 'text', true],
  ['gouvernance_democratique', 'gouvernance', 'boolean', false],
  ['ca_membres', 'gouvernance', 'text', true],
  ['ca_femmes', 'gouvernance', 'text', true],
  ['ecart_salaires_ratio', 'gouvernance', 'text', true],
  ['salaires_5_plus_hauts_smic', 'gouvernance', 'text', true],
  ['salaire_plus_haut_smic', 'gouvernance', 'text', true],
  ['evaluation_impact', 'gouvernance', 'boolean', false],
  ...[
    'ins_personnes_formees',
    'ins_heures_stagiaires',
    'ins_beneficiaires_total',
    'ins_beneficiaires_precarite',
    'ins_salaries_insertion',
    'ins_etp_insertion',
    'ins_sorties_total',
    'ins_sorties_dynamiques',
  ].map((name) => [name, 'famille_insertion', 'text', true] as [string, string, string, boolean]),
  ['ins_emploi_6_mois', 'famille_insertion', 'boolean', false],
  ...[
    'ree_smartphones',
    'ree_portables',
    'ree_fixes',
    'ree_tablettes',
    'ree_ecrans',
    'ree_solidaires',
    'ree_deee_collectes_kg',
    'ree_deee_reemployes_kg',
    'ree_deee_recycles_kg',
    'ree_etp_insertion',
    'ree_annees_usage_supplementaires',
  ].map((name) => [name, 'famille_reemploi', 'text', true] as [string, string, string, boolean]),
  ...[
    'inc_personnes_accompagnees',
    'inc_seances',
    'inc_heures_ateliers',
    'inc_personnes_60_plus',
    'inc_personnes_precarite',
    'inc_demarches_admin',
    'inc_lignes_solidaires',
    'inc_membres_usagers',
  ].map((name) => [name, 'famille_inclusion', 'text', true] as [string, string, string, boolean]),
  ...[
    'com_contributeurs_actifs',
    'com_nouveaux_contributeurs',
    'com_facteur_absence',
    'com_jeux_donnees',
    'com_enregistrements',
    'com_productions_total',
    'com_productions_licence_ouverte',
    'com_reutilisations',
    'com_benevoles_tech',
    'com_heures_benevoles_tech',
    'com_projets_interet_general',
  ].map((name) => [name, 'famille_communs', 'text', true] as [string, string, string, boolean]),
  ...['pla_membres_societaires', 'pla_travailleurs', 'pla_utilisateurs_actifs', 'pla_part_valeur_redistribuee'].map(
    (name) => [name, 'famille_plateformes', 'text', true] as [string, string, string, boolean],
  ),
  ...['mes_outils_diffuses', 'mes_organisations_accompagnees', 'mes_evaluations_realisees'].map(
    (name) => [name, 'famille_mesure', 'text', true] as [string, string, string, boolean],
  ),
  ['nr_fonctions_equipees', 'numerique_responsable', 'checkbox', false],
  ['nr_outils_libres', 'numerique_responsable', 'checkbox', false],
  ['nr_hebergement_localisation', 'numerique_responsable', 'radiogroup', false],
  ['nr_hebergement_hors_lois_extra_ue', 'numerique_responsable', 'boolean', false],
  ['nr_code_publie', 'numerique_responsable', 'boolean', false],
  ['nr_licence_code', 'numerique_responsable', 'dropdown', false],
  ['nr_empreinte_mesuree', 'numerique_responsable', 'boolean', false],
  ['nr_outil_empreinte', 'numerique_responsable', 'dropdown', false],
  ['nr_ecoindex', 'numerique_responsable', 'text', true],
  ['nr_rgaa_taux', 'numerique_responsable', 'text', true],
  ['besoins', 'besoins_attentes', 'checkbox', false],
  ['attentes', 'besoins_attentes', 'comment', false],
  ['consentement', 'confidentialite', 'boolean', false],
]

function values(question: QuestionInfo | undefined): string[] | undefined {
  return question?.choices?.map((choice) => choice.value)
}

type Text = string | { default: string; en?: string }

/** A localisable text in one language: French is the default locale; English where given. */
function inLocale(text: unknown, locale: 'fr' | 'en'): string | undefined {
  if (typeof text === 'string') return locale === 'fr' ? text : undefined
  const localised = text as { default?: string; en?: string } | undefined
  return locale === 'fr' ? localised?.default : localised?.en
}

function jsonOf(name: string): Record<string, unknown> {
  const pages = defaultQuestionnaire.pages as Array<{ elements: Array<Record<string, unknown>> }>
  const found = pages.flatMap((page) => page.elements).find((element) => element.name === name)
  if (!found) throw new Error(`no element ${name}`)
  return found
}

describe('default 2025 questionnaire', () => {
  it('passes the lint without errors or warnings', () => {
    expect(lintQuestionnaire(defaultQuestionnaire)).toEqual({ errors: [], warnings: [] })
  })

  it('stays within a quarter of every size limit', () => {
    const pages = defaultQuestionnaire.pages as Array<{ elements: Array<Record<string, unknown>> }>
    const elements = pages.flatMap((page) => page.elements)
    expect(elements.some((element) => element.type === 'panel' || element.type === 'paneldynamic')).toBe(false)
    const measured = {
      bytes: Buffer.byteLength(JSON.stringify(defaultQuestionnaire)),
      pages: pages.length,
      questions: elements.length,
      depth: 1,
      choices: Math.max(...elements.map((element) => (Array.isArray(element.choices) ? element.choices.length : 0))),
      jsonDepth: jsonDepth(defaultQuestionnaire).depth,
    }
    for (const [limit, value] of Object.entries(measured)) {
      expect(value, limit).toBeLessThanOrEqual(QUESTIONNAIRE_LIMITS[limit as keyof typeof QUESTIONNAIRE_LIMITS] / 4)
    }
  })

  it('has its sections in order, each with a name and a French title', () => {
    const pages = defaultQuestionnaire.pages as Array<{ name: string; title: Text; visibleIf?: string }>
    expect(pages.map((page) => page.name)).toEqual([
      'identite',
      'economie_emplois',
      'gouvernance',
      ...FAMILIES.map((family) => `famille_${family}`),
      'numerique_responsable',
      'besoins_attentes',
      'confidentialite',
    ])
    for (const page of pages) expect(inLocale(page.title, 'fr')).toMatch(/\p{L}/u)
  })

  it.each(FAMILIES)('shows the %s page only to organisations of that family', (family) => {
    const pages = defaultQuestionnaire.pages as Array<{ name: string; visibleIf?: string }>
    expect(pages.find((page) => page.name === `famille_${family}`)?.visibleIf).toBe(`{familles} contains '${family}'`)
  })

  it.each(EXPECTED)('has %s on page %s, of type %s (numeric: %s)', (name, page, type, numeric) => {
    expect(byName.get(name)).toMatchObject({ name, page, type, numeric })
  })

  it('has no question beyond the expected ones', () => {
    expect(questions.map((question) => question.name)).toEqual(EXPECTED.map(([name]) => name))
  })

  it('requires only what a quick demo needs', () => {
    expect(questions.filter((question) => question.isRequired).map((question) => question.name)).toEqual([
      'nom_organisation',
      'forme_juridique',
      'agrement_esus',
      'region',
      'familles',
      'budget_annuel',
      'salaries_nombre',
      'gouvernance_democratique',
      'consentement',
    ])
  })

  it.each([
    ['forme_juridique', ['association', 'scop', 'scic', 'cae', 'sas_ess', 'fondation', 'mutuelle', 'cooperative_autre', 'autre']],
    ['agrement_esus', ['oui', 'non', 'en_cours']],
    ['familles', FAMILIES],
    ['nr_hebergement_localisation', ['france', 'ue', 'hors_ue', 'ne_sait_pas']],
    ['nr_licence_code', ['agpl', 'gpl', 'lgpl', 'mpl', 'apache', 'mit', 'bsd', 'autre']],
  ])('offers the fixed choice values of %s', (name, expected) => {
    expect(values(byName.get(name))).toEqual(expected)
  })

  it('asks for the SIREN, optional, as 9 digits', () => {
    expect(byName.get('siren')).toMatchObject({ type: 'text', isRequired: false })
    const validators = jsonOf('siren').validators as Array<{ type: string; regex?: string }>
    expect(validators).toEqual([expect.objectContaining({ type: 'regex', regex: '^[0-9]{9}$' })])
  })

  it('asks for the EcoIndex as a score, not a percentage', () => {
    const texts = (jsonOf('nr_ecoindex').validators as Array<{ text?: unknown }>).map((validator) => inLocale(validator.text, 'fr'))
    expect(texts).toEqual(['Saisissez un score entre 0 et 100.'])
  })

  it('labels the families as in the taxonomy', () => {
    expect(byName.get('familles')?.choices?.map((choice) => choice.text)).toEqual([
      'Insertion & formation numérique',
      'Économie circulaire : réemploi & reconditionnement',
      'Éducation populaire & inclusion numérique',
      'Communs numériques & open data',
      'Plateformes coopératives',
      'Outils de mesure & numérique responsable',
    ])
  })

  it('lists the 18 regions and the national level', () => {
    const regions = values(byName.get('region')) ?? []
    expect(regions).toHaveLength(19)
    expect(regions).toEqual(expect.arrayContaining(['ile_de_france', 'auvergne_rhone_alpes', 'la_reunion', 'mayotte', 'national']))
    for (const region of regions) expect(region).toMatch(/^[a-z][a-z_]*$/)
  })

  it('checks free software against a list of 8 to 10 business functions', () => {
    const functions = values(byName.get('nr_outils_libres')) ?? []
    expect(functions.length).toBeGreaterThanOrEqual(8)
    expect(functions.length).toBeLessThanOrEqual(10)
    expect(values(byName.get('nr_fonctions_equipees'))).toEqual(functions)
  })

  it.each([
    ['salaries_etp', /ETP.*équivalent temps plein/],
    ['ins_sorties_dynamiques', /emploi durable/],
    ['com_facteur_absence', /50 %.*CHAOSS/],
    ['ree_annees_usage_supplementaires', /1 an/],
  ])('defines %s in its help text', (name, pattern) => {
    expect(inLocale(jsonOf(name).description, 'fr')).toMatch(pattern)
  })

  it('states the reference year of the economic figures', () => {
    const pages = defaultQuestionnaire.pages as Array<{ name: string; description?: Text }>
    const description = pages.find((page) => page.name === 'economie_emplois')?.description
    expect(inLocale(description, 'fr')).toMatch(/Année de référence : 2024/)
    expect(inLocale(description, 'en')).toMatch(/Reference year: 2024/)
  })

  it('carries the information notice next to the consent', () => {
    const notice = inLocale(jsonOf('notice_donnees').html, 'fr')
    for (const topic of ['Responsable du traitement', 'Finalités', 'Base légale', 'Destinataires', 'Durée de conservation', 'Vos droits', 'Contact']) {
      expect(notice).toContain(topic)
    }
    const english = inLocale(jsonOf('notice_donnees').html, 'en')
    for (const topic of ['Controller', 'Purposes', 'Legal basis', 'Recipients', 'Retention', 'Your rights', 'Contact']) expect(english).toContain(topic)
  })

  // Names of regions, licences and tools, written the same in both languages.
  const SAME_IN_BOTH = new Set([
    'Auvergne-Rhône-Alpes',
    'Bourgogne-Franche-Comté',
    'Centre-Val de Loire',
    'Grand Est',
    'Hauts-de-France',
    'Île-de-France',
    'Nouvelle-Aquitaine',
    'Occitanie',
    'Pays de la Loire',
    "Provence-Alpes-Côte d'Azur",
    'Guadeloupe',
    'Martinique',
    'Mayotte',
    'AGPL',
    'GPL',
    'LGPL',
    'MPL',
    'Apache 2.0',
    'MIT',
    'BSD',
    'EcoIndex',
    'GreenIT-Analysis',
    'NumEcoDiag',
    'Fruggr',
    'Bilan Carbone',
  ])

  it('speaks English too: every page and question title, help text and choice has an English text', () => {
    const missing: string[] = []
    const visit = (value: unknown, path: string, key: string) => {
      if (typeof value === 'string') {
        if (['title', 'description', 'text', 'html', 'labelTrue', 'labelFalse'].includes(key) && !SAME_IN_BOTH.has(value)) missing.push(`${path}: ${value}`)
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => visit(item, `${path}[${i}]`, key))
      } else if (value !== null && typeof value === 'object') {
        const object = value as Record<string, unknown>
        if ('default' in object) {
          expect(object.en, path).toEqual(expect.any(String))
          return
        }
        for (const [k, item] of Object.entries(object)) visit(item, path ? `${path}.${k}` : k, k)
      }
    }
    visit(defaultQuestionnaire, '', '')
    expect(missing).toEqual([])
  })

  it('is frozen, so that callers cannot change it by accident', () => {
    expect(Object.isFrozen(defaultQuestionnaire)).toBe(true)
    expect(Object.isFrozen(jsonOf('familles'))).toBe(true)
  })
})
