import { describe, expect, it } from 'vitest'
import { proposeName, uniqueName } from './names'

describe('proposeName', () => {
  it.each([
    ['Nom de l’organisation', [], 'nom_organisation'],
    ["Nom de l'organisation", [], 'nom_organisation'],
    ['Forme juridique', [], 'forme_juridique'],
    ['Année de création', [], 'annee_creation'],
    ['Économie et emplois', [], 'economie_emplois'],
    ['Part des financements publics dans ce budget (%)', [], 'part_financements_publics_budget'],
    ['Nombre de salariés au 31 décembre 2024', [], 'nombre_salaries_31_decembre_2024'],
    ['Cœur de métier', [], 'coeur_metier'],
    ['Et ou de ?', [], 'et_ou_de'],
    ['2024 en chiffres', [], 'q_2024_chiffres'],
    ['?!', [], 'question'],
    ['', ['question'], 'question_2'],
    ['Forme juridique', ['forme_juridique', 'forme_juridique_2'], 'forme_juridique_3'],
    ['Votre organisation a-t-elle l’agrément ESUS (entreprise solidaire d’utilité sociale) ?', [], 'organisation_agrement_esus_entreprise_solidaire_utilite'],
    ['Anticonstitutionnellement'.repeat(4), [], 'anticonstitutionnellement'.repeat(4).slice(0, 60)],
  ])('« %s » with %j taken → %s', (title, taken, expected) => {
    const name = proposeName(title, new Set(taken))
    expect(name).toBe(expected)
    expect(name.length).toBeLessThanOrEqual(60)
    expect(name).toMatch(/^[a-z][a-z0-9_]*$/)
  })
})

describe('uniqueName', () => {
  it.each([
    ['budget', [], 'budget'],
    ['budget', ['budget'], 'budget_2'],
    ['x'.repeat(60), ['x'.repeat(60)], `${'x'.repeat(58)}_2`],
  ])('%s with %j taken → %s', (base, taken, expected) => {
    expect(uniqueName(base, new Set(taken))).toBe(expected)
  })
})
