import { describe, expect, it } from 'vitest'
import { answerableQuestionNames, listQuestions } from './list-questions'

const definition = {
  pages: [
    {
      name: 'identite',
      title: 'Identité',
      elements: [
        { type: 'html', name: 'intro', html: '<p>Bienvenue</p>' },
        { type: 'text', name: 'nom', title: 'Nom', isRequired: true },
        { type: 'text', name: 'annee', title: { default: 'Année', en: 'Year' }, inputType: 'number' },
        {
          type: 'panel',
          name: 'bloc',
          title: 'Bloc',
          elements: [
            { type: 'radiogroup', name: 'choix', title: 'Choix', choices: ['a', { value: 'b', text: 'Bé' }], showOtherItem: true, showNoneItem: true },
            { type: 'panel', name: 'sous_bloc', elements: [{ type: 'comment', name: 'note' }] },
          ],
        },
      ],
    },
    {
      name: 'details',
      title: 'Détails',
      elements: [
        { type: 'expression', name: 'calcul', expression: '{annee} + 1' },
        { type: 'image', name: 'logo', imageLink: 'logo.png' },
        { type: 'tagbox', name: 'etiquettes', title: 'Étiquettes', choices: ['x', 'y'] },
        { type: 'dropdown', name: 'copie', title: 'Copie', choicesFromQuestion: 'etiquettes' },
        { type: 'boolean', name: 'oui_non', title: 'Oui ou non' },
        { type: 'rating', name: 'note_globale', title: 'Note' },
        {
          type: 'rating',
          name: 'appreciation',
          title: 'Appréciation',
          rateValues: [
            { value: 'bien', text: 'Bien' },
            { value: 'mal', text: 'Mal' },
          ],
        },
        { type: 'matrix', name: 'grille', title: 'Grille', rows: ['r1', 'r2'], columns: ['c1', 'c2'] },
        { type: 'matrixdropdown', name: 'tableau', title: 'Tableau', rows: ['l1'], columns: [{ name: 'k1' }, { name: 'k2' }] },
        { type: 'multipletext', name: 'coordonnees', title: 'Coordonnées', items: [{ name: 'tel' }, { name: 'mel' }] },
        { type: 'paneldynamic', name: 'sites', title: 'Sites', templateElements: [{ type: 'text', name: 'ville', title: 'Ville' }] },
      ],
    },
  ],
}

describe('listQuestions', () => {
  const questions = listQuestions(definition)
  const byName = new Map(questions.map((question) => [question.name, question]))

  it('lists answerable questions in questionnaire order, panels included, display elements excluded', () => {
    expect(questions.map((question) => question.name)).toEqual([
      'nom',
      'annee',
      'choix',
      'note',
      'etiquettes',
      'copie',
      'oui_non',
      'note_globale',
      'appreciation',
      'grille',
      'tableau',
      'coordonnees',
      'sites',
    ])
  })

  it.each([
    ['nom', { type: 'text', title: 'Nom', page: 'identite', pageIndex: 0, inputType: 'text', multiple: false, numeric: false, isRequired: true }],
    ['annee', { type: 'text', title: 'Année', inputType: 'number', numeric: true, isRequired: false }],
    ['note', { type: 'comment', title: 'note', page: 'identite', numeric: false }],
    [
      'etiquettes',
      {
        type: 'tagbox',
        page: 'details',
        pageIndex: 1,
        multiple: true,
        choices: [
          { value: 'x', text: 'x' },
          { value: 'y', text: 'y' },
        ],
      },
    ],
    ['oui_non', { type: 'boolean', multiple: false, numeric: false }],
    ['note_globale', { type: 'rating', numeric: true }],
    [
      'appreciation',
      {
        type: 'rating',
        numeric: false,
        choices: [
          { value: 'bien', text: 'Bien' },
          { value: 'mal', text: 'Mal' },
        ],
      },
    ],
    [
      'grille',
      {
        type: 'matrix',
        rows: [
          { value: 'r1', text: 'r1' },
          { value: 'r2', text: 'r2' },
        ],
        choices: [
          { value: 'c1', text: 'c1' },
          { value: 'c2', text: 'c2' },
        ],
        multiple: false,
      },
    ],
    ['tableau', { type: 'matrixdropdown', rows: [{ value: 'l1', text: 'l1' }], fields: ['k1', 'k2'] }],
    ['coordonnees', { type: 'multipletext', fields: ['tel', 'mel'] }],
    ['sites', { type: 'paneldynamic', fields: ['ville'] }],
  ])('describes %s', (name, expected) => {
    expect(byName.get(name)).toMatchObject({ name, ...expected })
  })

  it('adds the special items a question shows to its choices, in French', () => {
    expect(byName.get('choix')?.choices).toEqual([
      { value: 'a', text: 'a' },
      { value: 'b', text: 'Bé' },
      { value: 'none', text: 'Aucun' },
      { value: 'other', text: 'Autre (préciser)' },
    ])
  })

  it('leaves choices out when they are only known at run time', () => {
    expect(byName.get('copie')).not.toHaveProperty('choices')
  })

  it('returns a copy that callers may change', () => {
    const first = listQuestions(definition)
    first[0]!.name = 'modifie'
    first.pop()
    expect(listQuestions(definition)).toEqual(questions)
  })
})

describe('answerableQuestionNames', () => {
  it('holds the answerable names and nothing else', () => {
    const names = answerableQuestionNames(definition)
    expect(names.has('nom')).toBe(true)
    expect(names.has('note')).toBe(true)
    expect(names.has('intro')).toBe(false)
    expect(names.has('calcul')).toBe(false)
    expect(names.has('ville')).toBe(false)
    expect(names.has('choix-Comment')).toBe(false)
    expect(names.size).toBe(13)
  })
})

describe('listQuestions: visibility conditions and lower bounds', () => {
  const questions = listQuestions({
    pages: [
      {
        name: 'p1',
        elements: [
          { type: 'boolean', name: 'publie', title: 'Publié ?' },
          { type: 'checkbox', name: 'familles', title: 'Familles', choices: ['a', 'b'] },
          { type: 'text', name: 'annee', title: 'Année', inputType: 'number', min: 1800, validators: [{ type: 'numeric', minValue: 0 }] },
          { type: 'text', name: 'montant', title: 'Montant', inputType: 'number', validators: [{ type: 'numeric', minValue: 0 }] },
          { type: 'text', name: 'libre', title: 'Libre', inputType: 'number' },
          { type: 'rating', name: 'note', title: 'Note', rateMin: 2, rateMax: 5 },
          { type: 'dropdown', name: 'licence', title: 'Licence', choices: ['mit'], visibleIf: '{publie} = true' },
        ],
      },
      {
        name: 'p2',
        visibleIf: "{familles} contains 'a'",
        elements: [
          {
            type: 'panel',
            name: 'bloc',
            visibleIf: '{montant} > 10 and {publie} notempty',
            elements: [{ type: 'text', name: 'detail', title: 'Détail', visibleIf: "!({licence} = 'mit')" }],
          },
        ],
      },
    ],
  })
  const byName = new Map(questions.map((question) => [question.name, question]))

  it('lists the conditions a question is shown under, page first, with the comparisons they make', () => {
    expect(byName.get('publie')?.visibleIf).toBeUndefined()
    expect(byName.get('licence')?.visibleIf).toEqual([
      { on: 'question', expression: '{publie} = true', tests: [{ question: 'publie', operator: 'equal', value: true }] },
    ])
    expect(byName.get('detail')?.visibleIf).toEqual([
      { on: 'page', expression: "{familles} contains 'a'", tests: [{ question: 'familles', operator: 'contains', value: 'a' }] },
      {
        on: 'panel',
        expression: '{montant} > 10 and {publie} notempty',
        tests: [
          { question: 'montant', operator: 'greater', value: 10 },
          { question: 'publie', operator: 'notempty' },
        ],
      },
      { on: 'question', expression: "!({licence} = 'mit')", tests: [{ question: 'licence', operator: 'equal', value: 'mit', negated: true }] },
    ])
  })

  it('gives the smallest answer a numeric question accepts, when one is declared', () => {
    expect(byName.get('annee')?.minimum).toBe(1800)
    expect(byName.get('montant')?.minimum).toBe(0)
    expect(byName.get('libre')?.minimum).toBeUndefined()
    expect(byName.get('note')?.minimum).toBe(2)
    expect(byName.get('licence')?.minimum).toBeUndefined()
  })
})
