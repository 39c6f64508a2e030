import { ValidatorRunner, type Question } from 'survey-core'
import { describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from './default-questionnaire'
import { createModel } from './survey-model'
import { validateSubmission } from './validate-submission'
import { questionsWithWarnings } from './warnings'

/**
 * The plausibility warnings of the 2025 questionnaire: shown at the field, confirmable, never
 * blocking. Each threshold flags the slips people actually make (a decimal comma lost, thousands of
 * euros for euros, tonnes for kilograms, hours for a count) while leaving honest extremes a click
 * away ("Je confirme cette valeur"):
 *
 * - ETP against headcount: an FTE is at most 1 per person over the year, so FTE > employees on
 *   31 December means departures during the year — or "21,5" read as 215 (issue 8).
 * - Budget per employee outside 5 000 € – 1 000 000 €: a full-time job at the SMIC costs about
 *   21 000 € a year with charges (URSSAF 2024), so under 5 000 € per employee is a budget given in
 *   thousands of euros; over 1 M€ per employee is an extra zero or a head count of 0 written 1.
 * - 1 607 hours per volunteer (or per trainee, per technical volunteer): the legal full-time year
 *   in France (Code du travail, art. L3121-41) — what the help text of `benevoles_heures` says.
 * - ESUS caps: 7 SMIC for the average of the 5 highest salaries, 10 SMIC for the highest (Code du
 *   travail, art. L3332-17-1), as the help texts say; and the highest salary cannot be below the
 *   average of the five highest.
 * - 1 000 people trained and 2 000 people supported per employee FTE: a full-time trainer or
 *   digital mediator sees a few hundred distinct people a year (about 1 000 accompaniments for the
 *   conseillers numériques, ANCT 2023); past these bounds, volunteers do part of the work (then
 *   confirm) or a figure has an extra zero.
 * - 5 000 refurbished devices per insertion FTE: a refurbishing workstation handles one to two
 *   thousand computers a year; an integration FTE cannot exceed the employee FTE in total.
 * - 100 g to 50 kg of reused WEEE per refurbished device: a smartphone weighs about 0.2 kg, a
 *   laptop 2 kg, a desktop 8 kg, a screen 5 kg (ADEME); below, tonnes were typed as kilograms;
 *   above, grams.
 * - 10 extra years of use per device: refurbishing extends the use by 2 to 4 years (ADEME/Arcep
 *   2022); the figure multiplies the emissions avoided.
 */

const PLAUSIBLE: Record<string, unknown> = {
  nom_organisation: 'Recyclerie du Val',
  forme_juridique: 'association',
  agrement_esus: 'oui',
  region: 'bretagne',
  familles: ['insertion', 'reemploi', 'inclusion', 'communs'],
  budget_annuel: 850_000,
  salaries_nombre: 14,
  salaries_etp: 11.5,
  benevoles_nombre: 30,
  benevoles_heures: 2_400,
  gouvernance_democratique: true,
  salaires_5_plus_hauts_smic: 1.8,
  salaire_plus_haut_smic: 2.2,
  ins_personnes_formees: 120,
  ins_heures_stagiaires: 9_600,
  ins_etp_insertion: 6.2,
  ree_smartphones: 300,
  ree_portables: 450,
  ree_fixes: 120,
  ree_tablettes: 40,
  ree_ecrans: 200,
  ree_deee_collectes_kg: 12_000,
  ree_deee_reemployes_kg: 7_500,
  ree_etp_insertion: 5,
  ree_annees_usage_supplementaires: 2,
  inc_personnes_accompagnees: 800,
  com_benevoles_tech: 25,
  com_heures_benevoles_tech: 1_200,
  consentement: true,
}

/** The warnings survey-core raises for the given answers, as `question: message`. */
function warnings(changes: Record<string, unknown>): string[] {
  const model = createModel(defaultQuestionnaire)
  model.data = Object.fromEntries(Object.entries({ ...PLAUSIBLE, ...changes }).filter(([, value]) => value !== undefined))
  return (model.getAllQuestions(true) as Question[])
    .filter((question) => !question.isEmpty())
    .flatMap((question) =>
      new ValidatorRunner()
        .run(question)
        .filter((error) => error.isWarning)
        .map((error) => `${question.name}: ${error.getText()}`),
    )
}

describe('plausibility warnings of the 2025 questionnaire', () => {
  it('stay silent on a plausible organisation', () => {
    expect(warnings({})).toEqual([])
  })

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['215 FTE for 25 employees ("21,5" read as 215)', { salaries_nombre: 25, salaries_etp: 215 }, 'salaries_etp', /Plus d'ETP que de salariés/],
    ['a budget in thousands of euros', { budget_annuel: 850 }, 'budget_annuel', /en euros, et non en milliers/],
    ['a budget of over a million euros per employee', { budget_annuel: 30_000_000 }, 'budget_annuel', /million/],
    ['more than a full-time year per volunteer', { benevoles_nombre: 2, benevoles_heures: 4_000 }, 'benevoles_heures', /1 607 heures par bénévole/],
    ['volunteer hours without volunteers', { benevoles_nombre: 0, benevoles_heures: 10 }, 'benevoles_heures', /1 607 heures/],
    ['an average of the top five above the ESUS cap', { salaires_5_plus_hauts_smic: 8, salaire_plus_haut_smic: 9 }, 'salaires_5_plus_hauts_smic', /7 SMIC/],
    ['a highest salary above the ESUS cap', { salaire_plus_haut_smic: 12 }, 'salaire_plus_haut_smic', /10 SMIC/],
    [
      'a highest salary below the average of the five highest',
      { salaires_5_plus_hauts_smic: 2.5, salaire_plus_haut_smic: 2.2 },
      'salaire_plus_haut_smic',
      /inférieure à la moyenne/,
    ],
    [
      '2 000 people trained per FTE',
      {
        salaries_etp: 0.5,
        salaries_nombre: 1,
        budget_annuel: 60_000,
        ins_etp_insertion: 0.5,
        ree_etp_insertion: 0.5,
        ree_smartphones: 100,
        ree_portables: 100,
        ree_fixes: 0,
        ree_tablettes: 0,
        ree_ecrans: 0,
        ree_deee_reemployes_kg: 500,
        inc_personnes_accompagnees: 100,
        ins_personnes_formees: 1_000,
      },
      'ins_personnes_formees',
      /1 000 personnes formées/,
    ],
    ['more than a full-time year of training per trainee', { ins_heures_stagiaires: 200_000 }, 'ins_heures_stagiaires', /1 607 heures de formation/],
    ['more integration FTE than employee FTE', { ins_etp_insertion: 12 }, 'ins_etp_insertion', /Plus d'ETP en insertion/],
    ['tonnes of reused WEEE typed as kilograms', { ree_deee_reemployes_kg: 7.5 }, 'ree_deee_reemployes_kg', /en kilogrammes/],
    [
      'grams of reused WEEE typed as kilograms',
      { ree_deee_collectes_kg: 12_000_000, ree_deee_reemployes_kg: 7_500_000 },
      'ree_deee_reemployes_kg',
      /50 kg par appareil/,
    ],
    ['50 000 devices per integration FTE', { ree_etp_insertion: 0.2 }, 'ree_etp_insertion', /5 000 appareils/],
    ['30 extra years of use per device', { ree_annees_usage_supplementaires: 30 }, 'ree_annees_usage_supplementaires', /10 ans/],
    ['30 000 people supported per FTE', { inc_personnes_accompagnees: 30_000 }, 'inc_personnes_accompagnees', /2 000 personnes accompagnées/],
    [
      'more than a full-time year per technical volunteer',
      { com_benevoles_tech: 1, com_heures_benevoles_tech: 2_000 },
      'com_heures_benevoles_tech',
      /1 607 heures par bénévole technique/,
    ],
  ])('flag %s on the question concerned', (_label, changes, name, message) => {
    const found = warnings(changes)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(new RegExp(`^${name}: `))
    expect(found[0]).toMatch(message)
  })

  it('wait until every question they compare is answered', () => {
    expect(warnings({ salaries_nombre: undefined, salaries_etp: 215 }).filter((line) => line.startsWith('salaries_etp'))).toEqual([])
    expect(warnings({ benevoles_nombre: undefined, benevoles_heures: 100_000 })).toEqual([])
  })

  it('never block a submission', () => {
    const { errors } = validateSubmission(defaultQuestionnaire, { ...PLAUSIBLE, salaries_nombre: 25, salaries_etp: 215, ree_annees_usage_supplementaires: 30 })
    expect(errors).toEqual([])
  })

  it('are declared next to the blocking rules, on the questions listed here', () => {
    expect([...questionsWithWarnings(defaultQuestionnaire)]).toEqual([
      'budget_annuel',
      'salaries_etp',
      'benevoles_heures',
      'salaires_5_plus_hauts_smic',
      'salaire_plus_haut_smic',
      'ins_personnes_formees',
      'ins_heures_stagiaires',
      'ins_etp_insertion',
      'ree_deee_reemployes_kg',
      'ree_etp_insertion',
      'ree_annees_usage_supplementaires',
      'inc_personnes_accompagnees',
      'com_heures_benevoles_tech',
    ])
  })
})
