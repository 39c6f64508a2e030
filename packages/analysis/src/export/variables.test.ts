import { listQuestions, type QuestionnaireJson } from '@sonde/survey'
import { describe, expect, it } from 'vitest'
import { exportVariables } from './variables'

const questionnaire: QuestionnaireJson = {
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'text', name: 'nom_organisation', title: 'Nom' },
        { type: 'text', name: 'contact_principal', inputType: 'email', title: 'Courriel' },
        { type: 'text', name: 'effectif', inputType: 'number', title: { default: 'Effectif', en: 'Headcount' } },
        { type: 'boolean', name: 'esus', title: 'ESUS' },
        {
          type: 'dropdown',
          name: 'forme',
          title: 'Forme',
          choices: [
            { value: 'asso', text: { default: 'Association', en: 'Non-profit' } },
            { value: 'scop', text: 'SCOP' },
          ],
        },
        { type: 'checkbox', name: 'outils', title: 'Outils', choices: ['libre', 'privé'] },
        { type: 'text', name: 'creation', inputType: 'date', title: 'Date de création' },
      ],
    },
    {
      name: 'p2',
      elements: [
        { type: 'matrix', name: 'satisfaction', title: 'Satisfaction', columns: ['bas', 'haut'], rows: ['accueil', 'suivi'] },
        { type: 'matrixdropdown', name: 'budget', title: 'Budget', columns: [{ name: 'montant' }], rows: ['2023', '2024'] },
        { type: 'multipletext', name: 'adresse_postale', title: 'Adresse', items: [{ name: 'ville' }] },
        { type: 'multipletext', name: 'liens', title: 'Liens', items: [{ name: 'site' }] },
        { type: 'comment', name: 'attentes', title: 'Attentes' },
        { type: 'file', name: 'statuts', title: 'Statuts' },
        { type: 'paneldynamic', name: 'projets', title: 'Projets', templateElements: [{ type: 'text', name: 'titre' }] },
      ],
    },
  ],
}

const answers = {
  nom_organisation: 'Atelier',
  contact_principal: 'a@example.org',
  effectif: 12.5,
  esus: false,
  forme: 'scop',
  outils: ['privé'],
  creation: '2010-05-01',
  satisfaction: { accueil: 'haut' },
  budget: { '2024': { montant: 1000 } },
  liens: { site: 'https://exemple.fr' },
  attentes: '=1+1',
  statuts: [{ name: 'statuts.pdf' }],
  projets: [{ titre: 'Réemploi' }],
}

function columns(freeText: boolean) {
  const { variables, excluded } = exportVariables(listQuestions(questionnaire), questionnaire, { freeText })
  return {
    variables,
    excluded: excluded.map((e) => `${e.question}:${e.reason}`),
    row: Object.fromEntries(variables.map((v) => [v.name, v.value((answers as Record<string, unknown>)[v.question])])),
  }
}

describe('exportVariables', () => {
  it('flattens each shape into typed columns, in questionnaire order, without free text by default', () => {
    const { variables, excluded, row } = columns(false)
    expect(variables.map((v) => [v.name, v.type])).toEqual([
      ['effectif', 'number'],
      ['esus', 'boolean'],
      ['forme', 'string'],
      ['outils__libre', 'integer'],
      ['outils__prive', 'integer'],
      ['outils', 'string'],
      ['creation', 'date'],
      ['satisfaction__accueil', 'string'],
      ['satisfaction__suivi', 'string'],
    ])
    expect(row).toEqual({
      effectif: 12.5,
      esus: false,
      forme: 'scop',
      outils__libre: 0,
      outils__prive: 1,
      outils: 'privé',
      creation: '2010-05-01',
      satisfaction__accueil: 'haut',
      satisfaction__suivi: null,
    })
    expect(excluded).toEqual([
      'nom_organisation:identifying',
      'contact_principal:identifying',
      'budget:free_text',
      'adresse_postale:identifying',
      'liens:free_text',
      'attentes:free_text',
      'statuts:file',
      'projets:free_text',
    ])
  })

  it('adds free text when the wave allows it, never names, addresses, e-mails or files', () => {
    const { variables, excluded, row } = columns(true)
    expect(variables.map((v) => v.name)).toEqual(
      expect.arrayContaining(['budget__2023__montant', 'budget__2024__montant', 'liens__site', 'attentes', 'projets']),
    )
    expect(row).toMatchObject({
      budget__2024__montant: '1000',
      budget__2023__montant: null,
      liens__site: 'https://exemple.fr',
      attentes: '=1+1',
      projets: '[{"titre":"Réemploi"}]',
    })
    expect(excluded).toEqual(['nom_organisation:identifying', 'contact_principal:identifying', 'adresse_postale:identifying', 'statuts:file'])
  })

  it('labels in English where the questionnaire has English, with the codes and labels of choices', () => {
    const { variables } = columns(false)
    const byName = (name: string) => variables.find((v) => v.name === name)!
    expect(byName('effectif')).toMatchObject({ labelFr: 'Effectif', labelEn: 'Headcount', page: 'p1', pageIndex: 0 })
    expect(byName('forme').values).toEqual([
      { value: 'asso', labelFr: 'Association', labelEn: 'Non-profit' },
      { value: 'scop', labelFr: 'SCOP', labelEn: 'SCOP' },
    ])
    expect(byName('satisfaction__suivi').pageIndex).toBe(1)
  })

  it.each<[string, Record<string, unknown>, number | null]>([
    ['an amount without bound', { type: 'text', inputType: 'number', validators: [{ type: 'numeric', minValue: 0 }] }, null],
    ['a share bounded by its validator', { type: 'text', inputType: 'number', validators: [{ type: 'numeric', minValue: 0, maxValue: 100 }] }, 100],
    ['a year bounded by max', { type: 'text', inputType: 'number', min: 1800, max: 2025 }, 2025],
    ['the smaller of two bounds', { type: 'text', inputType: 'number', max: '80', validators: [{ type: 'numeric', maxValue: 100 }] }, 80],
    [
      'a bound given by an expression (not fixed)',
      { type: 'text', inputType: 'number', validators: [{ type: 'expression', expression: '{q} <= {total}' }] },
      null,
    ],
    ['a rating (survey-core’s default scale)', { type: 'rating' }, 5],
    ['a rating with its own values', { type: 'rating', rateValues: [0, 5, 10] }, 10],
    ['a range input', { type: 'text', inputType: 'range' }, 100],
  ])('finds the fixed upper bound of %s', (_label, element, max) => {
    const definition: QuestionnaireJson = { pages: [{ name: 'p', elements: [{ name: 'q', title: 'Q', ...element }] }] }
    const [variable] = exportVariables(listQuestions(definition), definition, { freeText: false }).variables
    expect(variable!.max).toBe(max)
  })

  it('carries the visibility conditions of the question, its panels and its page', () => {
    const definition: QuestionnaireJson = {
      pages: [
        { name: 'p1', elements: [{ type: 'checkbox', name: 'familles', title: 'Familles', choices: ['a', 'b'] }] },
        {
          name: 'p2',
          visibleIf: "{familles} contains 'a'",
          elements: [
            { type: 'text', inputType: 'number', name: 'n1', title: 'N1' },
            { type: 'panel', name: 'panel', visibleIf: '{n1} > 0', elements: [{ type: 'boolean', name: 'b1', title: 'B1', visibleIf: '{n1} > 2' }] },
          ],
        },
      ],
    }
    const { variables } = exportVariables(listQuestions(definition), definition, { freeText: false })
    const conditions = Object.fromEntries(variables.map((v) => [v.name, v.visibleIf]))
    expect(conditions).toEqual({
      familles__a: [],
      familles__b: [],
      familles: [],
      n1: ["{familles} contains 'a'"],
      b1: ["{familles} contains 'a'", '{n1} > 0', '{n1} > 2'],
    })
  })

  it('leaves a cell empty when the answer is missing or of another type, never 0', () => {
    const { variables } = columns(false)
    const wrong: Record<string, unknown> = { effectif: '12', esus: 'non', outils: 'libre' }
    const row = Object.fromEntries(variables.map((v) => [v.name, v.value(wrong[v.question])]))
    expect(Object.values(row).every((cell) => cell === null)).toBe(true)
  })
})
