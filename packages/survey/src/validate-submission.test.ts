import { describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from './default-questionnaire'
import { validateSubmission } from './validate-submission'

/** A complete, coherent set of answers for an organisation of every family. */
const COMPLETE: Record<string, unknown> = {
  nom_organisation: 'Coop Numérique Solidaire',
  forme_juridique: 'scic',
  agrement_esus: 'oui',
  region: 'bretagne',
  annee_creation: 2012,
  familles: ['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure'],
  budget_annuel: 850_000,
  part_financement_public: 40,
  part_revenus_activite: 55,
  salaries_nombre: 14,
  salaries_etp: 11.5,
  benevoles_nombre: 30,
  benevoles_heures: 2_400,
  gouvernance_democratique: true,
  ca_membres: 9,
  ca_femmes: 5,
  ecart_salaires_ratio: 2.1,
  salaires_5_plus_hauts_smic: 1.8,
  salaire_plus_haut_smic: 2.2,
  evaluation_impact: true,
  ins_personnes_formees: 120,
  ins_heures_stagiaires: 9_600,
  ins_beneficiaires_total: 150,
  ins_beneficiaires_precarite: 110,
  ins_salaries_insertion: 8,
  ins_etp_insertion: 6.2,
  ins_sorties_total: 10,
  ins_sorties_dynamiques: 6,
  ins_emploi_6_mois: true,
  ree_smartphones: 300,
  ree_portables: 450,
  ree_fixes: 120,
  ree_tablettes: 40,
  ree_ecrans: 200,
  ree_solidaires: 700,
  ree_deee_collectes_kg: 12_000,
  ree_deee_reemployes_kg: 7_500,
  ree_deee_recycles_kg: 4_000,
  ree_etp_insertion: 5,
  ree_annees_usage_supplementaires: 2,
  inc_personnes_accompagnees: 800,
  inc_seances: 1_900,
  inc_heures_ateliers: 350.5,
  inc_personnes_60_plus: 300,
  inc_personnes_precarite: 420,
  inc_demarches_admin: 640,
  inc_lignes_solidaires: 90,
  inc_membres_usagers: 210,
  com_contributeurs_actifs: 45,
  com_nouveaux_contributeurs: 12,
  com_facteur_absence: 3,
  com_jeux_donnees: 4,
  com_enregistrements: 2_500_000,
  com_productions_total: 20,
  com_productions_licence_ouverte: 18,
  com_reutilisations: 35,
  com_benevoles_tech: 25,
  com_heures_benevoles_tech: 1_200,
  com_projets_interet_general: 6,
  pla_membres_societaires: 150,
  pla_travailleurs: 40,
  pla_utilisateurs_actifs: 12_000,
  pla_part_valeur_redistribuee: 75,
  mes_outils_diffuses: 3,
  mes_organisations_accompagnees: 60,
  mes_evaluations_realisees: 25,
  nr_fonctions_equipees: ['bureautique', 'messagerie', 'stockage', 'visio', 'comptabilite', 'paie', 'site_web'],
  nr_outils_libres: ['bureautique', 'stockage', 'visio', 'site_web'],
  nr_hebergement_localisation: 'france',
  nr_hebergement_hors_lois_extra_ue: true,
  nr_code_publie: true,
  nr_licence_code: 'agpl',
  nr_empreinte_mesuree: true,
  nr_outil_empreinte: 'ecoindex',
  nr_ecoindex: 72,
  nr_rgaa_taux: 64,
  besoins: ['financement', 'mesure_impact'],
  attentes: 'Mutualiser les outils libres entre membres.',
  consentement: true,
}

/** The smallest set that can be submitted: the required questions only. */
const MINIMAL: Record<string, unknown> = {
  nom_organisation: 'Atelier Solidaire',
  forme_juridique: 'association',
  agrement_esus: 'non',
  region: 'national',
  familles: ['mesure'],
  budget_annuel: 0,
  salaries_nombre: 0,
  gouvernance_democratique: false,
  consentement: true,
}

function validate(changes: Record<string, unknown>, base: Record<string, unknown> = COMPLETE) {
  return validateSubmission(defaultQuestionnaire, { ...base, ...changes })
}

describe('validateSubmission on the default questionnaire', () => {
  it('accepts a complete, coherent set and keeps every answer', () => {
    expect(validate({})).toEqual({ answers: COMPLETE, errors: [] })
  })

  it('accepts the required questions alone', () => {
    expect(validate({}, MINIMAL)).toEqual({ answers: MINIMAL, errors: [] })
  })

  it.each([['nom_organisation'], ['forme_juridique'], ['familles'], ['budget_annuel'], ['salaries_nombre'], ['gouvernance_democratique'], ['consentement']])(
    'names %s when this required answer is missing',
    (name) => {
      expect(validate({ [name]: undefined }, MINIMAL).errors).toEqual([{ name, message: 'La réponse à cette question est obligatoire.' }])
    },
  )

  it('treats null as no answer', () => {
    const { answers, errors } = validate({ nom_organisation: null }, MINIMAL)
    expect(answers).not.toHaveProperty('nom_organisation')
    expect(errors).toEqual([{ name: 'nom_organisation', message: 'La réponse à cette question est obligatoire.' }])
  })

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a percentage of 150', { part_financement_public: 150, part_revenus_activite: undefined }, 'part_financement_public', /pourcentage entre 0 et 100/],
    ['a negative percentage', { nr_rgaa_taux: -1 }, 'nr_rgaa_taux', /pourcentage entre 0 et 100/],
    [
      'public funding and earned income over 100 %',
      { part_financement_public: 60, part_revenus_activite: 50 },
      'part_revenus_activite',
      /ne peuvent pas dépasser 100 %/,
    ],
    ['more women than board members', { ca_membres: 3, ca_femmes: 5 }, 'ca_femmes', /ne peut pas dépasser le nombre de membres/],
    ['a negative count', { salaries_nombre: -2 }, 'salaries_nombre', /supérieure ou égale à 0/],
    ['a fractional head count', { salaries_nombre: 2.5 }, 'salaries_nombre', /nombre entier/],
    ['a pay ratio under 1', { ecart_salaires_ratio: 0.5 }, 'ecart_salaires_ratio', /au moins 1/],
    ['a creation year after 2025', { annee_creation: 2031 }, 'annee_creation', /supérieure à 2025/],
    ['a creation year before 1800', { annee_creation: 1650 }, 'annee_creation', /inférieure à 1800/],
    ['more people in precarity than beneficiaries', { ins_beneficiaires_precarite: 151 }, 'ins_beneficiaires_precarite', /ne peut pas dépasser/],
    ['more dynamic exits than exits', { ins_sorties_dynamiques: 11 }, 'ins_sorties_dynamiques', /sorties dynamiques ne peut pas dépasser/],
    ['more solidarity devices than devices', { ree_solidaires: 1_111 }, 'ree_solidaires', /total des appareils/],
    ['more WEEE reused than collected', { ree_deee_reemployes_kg: 12_001 }, 'ree_deee_reemployes_kg', /poids collecté/],
    ['more people aged 60+ than people supported', { inc_personnes_60_plus: 801 }, 'inc_personnes_60_plus', /personnes accompagnées/],
    ['more new contributors than active ones', { com_nouveaux_contributeurs: 46 }, 'com_nouveaux_contributeurs', /contributeurs actifs/],
    ['an absence factor of 0', { com_facteur_absence: 0 }, 'com_facteur_absence', /au moins 1/],
    ['more open productions than productions', { com_productions_licence_ouverte: 21 }, 'com_productions_licence_ouverte', /nombre total de productions/],
    ['free software for a function without tools', { nr_outils_libres: ['crm'] }, 'nr_outils_libres', /outillées/],
    ['a refused consent', { consentement: false }, 'consentement', /consentement est nécessaire/],
    ['a number given as a string', { budget_annuel: '850000' }, 'budget_annuel', /nombre est attendu/],
    ['an unknown choice', { region: 'atlantide' }, 'region', /Choix inconnu/],
  ])('reports %s on that question', (_label, changes, name, message) => {
    const { errors } = validate(changes)
    expect(errors).toHaveLength(1)
    expect(errors[0]?.name).toBe(name)
    expect(errors[0]?.message).toMatch(message)
  })

  it('lets an optional part stay empty next to its total, and the reverse', () => {
    expect(validate({ ca_membres: undefined, ca_femmes: 2 }).errors).toEqual([])
    expect(validate({ ca_membres: 4, ca_femmes: undefined }).errors).toEqual([])
    expect(validate({ part_revenus_activite: undefined }).errors).toEqual([])
    const noDevices = { ree_smartphones: undefined, ree_portables: undefined, ree_fixes: undefined, ree_tablettes: undefined, ree_ecrans: undefined }
    expect(validate({ ...noDevices, ree_solidaires: 10 }).errors).toEqual([])
    expect(validate({ ...noDevices, ree_ecrans: 4, ree_solidaires: 5 }).errors.map((error) => error.name)).toEqual(['ree_solidaires'])
  })

  it('drops the answers of a family page the organisation did not tick', () => {
    const { answers, errors } = validate({ familles: ['inclusion'] })
    expect(errors).toEqual([])
    expect(answers).toHaveProperty('inc_personnes_accompagnees', 800)
    expect(Object.keys(answers).filter((name) => /^(ins|ree|com|pla|mes)_/.test(name))).toEqual([])
  })

  it('drops a failing answer on a hidden page instead of reporting it', () => {
    const { answers, errors } = validate({ familles: ['mesure'], ins_sorties_dynamiques: 99, ree_portables: 'beaucoup' })
    expect(errors).toEqual([])
    expect(answers).not.toHaveProperty('ins_sorties_dynamiques')
    expect(answers).not.toHaveProperty('ree_portables')
  })

  it('drops the licence when no code is published, and the tool when nothing was measured', () => {
    const { answers, errors } = validate({ nr_code_publie: false, nr_empreinte_mesuree: false })
    expect(errors).toEqual([])
    expect(answers).not.toHaveProperty('nr_licence_code')
    expect(answers).not.toHaveProperty('nr_outil_empreinte')
  })

  it('drops keys that name no question', () => {
    const { answers, errors } = validate({ inconnue: 3, 'nom_organisation-Comment': 'x', __proto__: 1 })
    expect(errors).toEqual([])
    expect(answers).toEqual(COMPLETE)
  })

  it('returns one error per question, in questionnaire order', () => {
    const { errors } = validate({
      consentement: false,
      region: undefined,
      ca_femmes: 10,
      part_financement_public: 101,
      part_revenus_activite: undefined,
      nom_organisation: 7,
    })
    expect(errors.map((error) => error.name)).toEqual(['nom_organisation', 'region', 'part_financement_public', 'ca_femmes', 'consentement'])
  })

  it('gives the same result whatever was validated before (the model is reused)', () => {
    const failing = { ca_membres: 3, ca_femmes: 5, familles: ['insertion'], ins_sorties_dynamiques: 50 }
    const first = validate(failing)
    validate({}, MINIMAL)
    validate({ familles: ['reemploi'], ree_solidaires: 10_000 })
    expect(validate(failing)).toEqual(first)
    expect(validate({})).toEqual({ answers: COMPLETE, errors: [] })
  })

  it('does not change the answers it is given', () => {
    const answers = structuredClone({ ...COMPLETE, inconnue: 1, familles: ['insertion'] })
    const copy = structuredClone(answers)
    validateSubmission(defaultQuestionnaire, answers)
    expect(answers).toEqual(copy)
  })
})

describe('validateSubmission and the confirmations of unusual values', () => {
  it('keeps the confirmation of the value given, after the answers', () => {
    const { answers, errors } = validate({ salaries_nombre: 25, salaries_etp: 215, salaries_etp__confirme: 215 })
    expect(errors).toEqual([])
    expect(answers.salaries_etp__confirme).toBe(215)
    expect(Object.keys(answers).at(-1)).toBe('salaries_etp__confirme')
  })

  it('drops a confirmation of another value: changing the answer voids it', () => {
    const { answers } = validate({ salaries_nombre: 25, salaries_etp: 21.5, salaries_etp__confirme: 215 })
    expect(answers).not.toHaveProperty('salaries_etp__confirme')
    expect(answers.salaries_etp).toBe(21.5)
  })

  it('drops a confirmation without its answer, or of a hidden question', () => {
    expect(validate({ salaries_etp: undefined, salaries_etp__confirme: 215 }).answers).not.toHaveProperty('salaries_etp__confirme')
    const hidden = validate({ familles: ['mesure'], ree_annees_usage_supplementaires: 30, ree_annees_usage_supplementaires__confirme: 30 }).answers
    expect(hidden).not.toHaveProperty('ree_annees_usage_supplementaires__confirme')
  })

  it('drops a confirmation of a question that declares no warning', () => {
    expect(validate({ nom_organisation__confirme: COMPLETE.nom_organisation }).answers).not.toHaveProperty('nom_organisation__confirme')
  })
})

describe('validateSubmission on other questionnaires', () => {
  it('drops answers hidden by a hidden answer, until nothing changes', () => {
    const definition = {
      pages: [
        { name: 'p1', elements: [{ type: 'boolean', name: 'a', title: 'A' }] },
        { name: 'p2', visibleIf: '{a} = true', elements: [{ type: 'text', name: 'b', title: 'B' }] },
        {
          name: 'p3',
          elements: [
            { type: 'panel', name: 'box', visibleIf: "{b} = 'oui'", elements: [{ type: 'text', name: 'c', title: 'C', isRequired: true }] },
            { type: 'text', name: 'd', title: 'D', visibleIf: '{c} notempty', isRequired: true },
          ],
        },
      ],
    }
    expect(validateSubmission(definition, { a: false, b: 'oui', c: 'x', d: '' })).toEqual({ answers: { a: false }, errors: [] })
    expect(validateSubmission(definition, { a: true, b: 'oui', c: 'x' })).toEqual({
      answers: { a: true, b: 'oui', c: 'x' },
      errors: [{ name: 'd', message: 'La réponse à cette question est obligatoire.' }],
    })
  })

  it('applies requiredIf, reports a required panel and errors inside a matrix', () => {
    const definition = {
      pages: [
        {
          name: 'p1',
          elements: [
            { type: 'text', name: 'a', title: 'A' },
            { type: 'text', name: 'b', title: 'B', requiredIf: '{a} notempty' },
            { type: 'panel', name: 'contact', isRequired: true, elements: [{ type: 'text', name: 'tel', title: 'Tél.' }] },
            {
              type: 'matrixdynamic',
              name: 'lignes',
              title: 'Lignes',
              rowCount: 0,
              columns: [{ name: 'qte', cellType: 'text', inputType: 'number', validators: [{ type: 'numeric', minValue: 0 }] }],
            },
          ],
        },
      ],
    }
    expect(validateSubmission(definition, { a: 'x', lignes: [{ qte: 2 }, { qte: -1 }] }).errors).toEqual([
      { name: 'b', message: 'La réponse à cette question est obligatoire.' },
      { name: 'contact', message: 'Merci de répondre au moins à une question.' },
      { name: 'lignes', message: expect.stringMatching(/supérieure ou égale à 0/) },
    ])
  })

  it('does not fill a default value in for a missing answer', () => {
    const definition = { pages: [{ name: 'p1', elements: [{ type: 'text', name: 'a', title: 'A', isRequired: true, defaultValue: 'x' }] }] }
    expect(validateSubmission(definition, {})).toEqual({
      answers: {},
      errors: [{ name: 'a', message: 'La réponse à cette question est obligatoire.' }],
    })
  })

  it('validates a questionnaire even when it asks for display mode', () => {
    const definition = { mode: 'display', pages: [{ name: 'p1', elements: [{ type: 'text', name: 'a', title: 'A', isRequired: true }] }] }
    expect(validateSubmission(definition, {}).errors).toHaveLength(1)
  })

  describe('regex validators, tested by the linear-time engine', () => {
    const withPattern = (validator: Record<string, unknown>) => ({
      pages: [{ name: 'p1', elements: [{ type: 'text', name: 'code', title: 'Code', validators: [{ type: 'regex', ...validator }] }] }],
    })

    it('checks ^(a+)+$, saved before the lint refused it, against 10 000 characters (the most a text holds) without stalling', () => {
      const started = performance.now()
      const { errors } = validateSubmission(withPattern({ regex: '^(a+)+$', text: 'Des a seulement.' }), { code: `${'a'.repeat(9_999)}b` })
      expect(errors).toEqual([{ name: 'code', message: 'Des a seulement.' }])
      // A backtracking engine would try 2^10000 ways; the linear one reads each character once per state.
      expect(performance.now() - started).toBeLessThan(1_000)
      expect(validateSubmission(withPattern({ regex: '^(a+)+$' }), { code: 'a'.repeat(10_000) }).errors).toEqual([])
    })

    it('lets an answer through a pattern JavaScript cannot even compile, instead of failing every submit', () => {
      const unterminated = '('
      expect(() => new RegExp(unterminated)).toThrow()
      expect(validateSubmission(withPattern({ regex: unterminated }), { code: 'x' })).toEqual({ answers: { code: 'x' }, errors: [] })
    })

    it.each<[Record<string, unknown>, string, boolean]>([
      [{ regex: '^[0-9]{9}$' }, '123456789', true],
      [{ regex: '^[0-9]{9}$' }, '12345678', false],
      [{ regex: '^[0-9]{9}$' }, '1234567890', false],
      [{ regex: '^abc$' }, 'ABC', false],
      [{ regex: '^abc$', caseInsensitive: true }, 'ABC', true],
      [{ regex: 'é' }, 'CAFÉ', false],
      [{ regex: 'é', caseInsensitive: true }, 'CAFÉ', true],
    ])('%j on %j: valid %s, as in the browser', (validator, answer, valid) => {
      expect(new RegExp(String(validator.regex), validator.caseInsensitive ? 'i' : '').test(answer)).toBe(valid)
      const { errors } = validateSubmission(withPattern(validator), { code: answer })
      // survey-core has no message of its own for this validator: Sonde gives one.
      expect(errors).toEqual(valid ? [] : [{ name: 'code', message: 'La réponse n’a pas le format attendu.' }])
    })
  })
})
