import { describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from './default-questionnaire'
import { lintQuestionnaire } from './lint-questionnaire'
import {
  csvRowsToXlsForm,
  describeXlsFormProblem,
  questionnaireToXlsForm,
  SONDE_COLUMN,
  tablesToXlsForm,
  xlsFormToCsvRows,
  xlsFormToQuestionnaire,
  type XlsForm,
} from './xlsform'
import { fromXlsFormExpression, toXlsFormExpression } from './xlsform-expression'

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>

function roundTrip(definition: Record<string, unknown>) {
  const back = xlsFormToQuestionnaire(questionnaireToXlsForm(definition))
  expect(back.problems).toEqual([])
  return back.definition
}

const onePage = (...elements: Record<string, unknown>[]) => ({ pages: [{ name: 'p1', elements }] })

/** A form from plain tables (header first), as a spreadsheet from elsewhere gives it. */
function foreign(survey: string[][], choices: string[][] = [['list_name', 'name', 'label']], settings?: string[][]): XlsForm {
  return tablesToXlsForm(new Map([['survey', survey], ['choices', choices], ...(settings ? ([['settings', settings]] as const) : [])]))
}

describe('SurveyJS → XLSForm → SurveyJS', () => {
  it('gives back the 2025 questionnaire exactly', () => {
    expect(roundTrip(json(defaultQuestionnaire))).toEqual(json(defaultQuestionnaire))
  })

  it('gives it back exactly through pyxform’s CSV layout too', () => {
    const rows = xlsFormToCsvRows(questionnaireToXlsForm(json(defaultQuestionnaire)))
    expect(rows[0]).toEqual(['survey'])
    expect(rows[1]?.slice(0, 4)).toEqual(['', 'type', 'name', 'label::fr'])
    const back = xlsFormToQuestionnaire(csvRowsToXlsForm(rows))
    expect(back.problems).toEqual([])
    expect(back.definition).toEqual(json(defaultQuestionnaire))
  })

  it('writes the 2025 pages as field-list groups with French and English labels, and its conditions in XLSForm', () => {
    const form = questionnaireToXlsForm(json(defaultQuestionnaire))
    const first = form.survey.rows[0]!.cells
    expect(first).toMatchObject({
      type: 'begin_group',
      name: 'identite',
      appearance: 'field-list',
      'label::fr': 'Votre organisation',
      'label::en': 'Your organisation',
    })
    const conditions = form.survey.rows.map((row) => row.cells.relevant).filter(Boolean)
    expect(conditions).toContain("selected(${familles}, 'insertion')")
    expect(form.settings.rows[0]!.cells).toMatchObject({ form_title: "Enquête 2025 sur l'impact des acteurs du numérique de l'ESS", default_language: 'fr' })
  })

  const labelled = { title: { default: 'Question', en: 'Question (en)' } }
  it.each([
    ['text', { type: 'text', name: 'q', ...labelled }, { type: 'text', appearance: '' }],
    ['text, number (whole)', { type: 'text', name: 'q', inputType: 'number', step: 1 }, { type: 'integer' }],
    ['text, number', { type: 'text', name: 'q', inputType: 'number', min: 0, max: 10 }, { type: 'decimal', constraint: '(. >= 0) and (. <= 10)' }],
    ['text, date', { type: 'text', name: 'q', inputType: 'date' }, { type: 'date' }],
    ['text, e-mail', { type: 'text', name: 'q', inputType: 'email' }, { type: 'text', constraint: "regex(., '^[^@ ]+@[^@ ]+$')" }],
    ['text, url', { type: 'text', name: 'q', inputType: 'url' }, { type: 'text', appearance: 'url' }],
    ['comment', { type: 'comment', name: 'q', maxLength: 500 }, { type: 'text', appearance: 'multiline' }],
    ['radiogroup', { type: 'radiogroup', name: 'q', choices: [{ value: 'a', text: { default: 'A', en: 'A (en)' } }, 'b'] }, { type: 'select_one q' }],
    ['dropdown', { type: 'dropdown', name: 'q', choices: ['a', 'b'] }, { type: 'select_one q', appearance: 'minimal' }],
    ['checkbox', { type: 'checkbox', name: 'q', choices: ['a', 'b'], isRequired: true }, { type: 'select_multiple q', required: 'yes' }],
    ['boolean', { type: 'boolean', name: 'q', labelTrue: 'Oui', labelFalse: 'Non' }, { type: 'select_one q' }],
    ['rating', { type: 'rating', name: 'q', rateMin: 0, rateMax: 10 }, { type: 'range', parameters: 'start=0 end=10 step=1' }],
    [
      'matrix',
      { type: 'matrix', name: 'q', rows: ['r1', { value: 'r2', text: 'R2' }], columns: ['c1', 'c2'] },
      { type: 'begin_group', appearance: 'table-list' },
    ],
    ['multipletext', { type: 'multipletext', name: 'q', items: [{ name: 'a', title: 'A' }, { name: 'b' }] }, { type: 'begin_group' }],
    ['html', { type: 'html', name: 'q', html: { default: '<p>Bonjour</p>', en: '<p>Hello</p>' } }, { type: 'note', 'label::fr': '<p>Bonjour</p>' }],
    ['panel', { type: 'panel', name: 'q', title: 'Bloc', elements: [{ type: 'text', name: 'inner', visibleIf: "{outer} = 'x'" }] }, { type: 'begin_group' }],
  ])('%s: its row, and back exactly', (_label, element, row) => {
    const definition = onePage({ type: 'text', name: 'outer' }, element)
    const form = questionnaireToXlsForm(definition)
    expect(form.survey.rows[2]!.cells).toMatchObject(row)
    expect(roundTrip(definition)).toEqual(definition)
  })

  it('writes a choice list per question, and a yes/no question’s own true/false list', () => {
    const form = questionnaireToXlsForm(onePage({ type: 'boolean', name: 'q', labelTrue: { default: 'Oui', en: 'Yes' } }))
    expect(form.choices.rows.map((row) => [row.cells.list_name, row.cells.name, row.cells['label::fr'], row.cells['label::en']])).toEqual([
      ['q', 'true', 'Oui', 'Yes'],
      ['q', 'false', 'Non', 'No'],
    ])
  })

  it('takes a column edited in the spreadsheet over the JSON written beside it', () => {
    const form = questionnaireToXlsForm(
      onePage({ type: 'text', name: 'a' }, { type: 'checkbox', name: 'b', choices: ['x'], visibleIf: '{a} allof {a}', title: 'B' }),
    )
    const row = form.survey.rows.find((r) => r.cells.name === 'b')!
    expect(row.cells.relevant).toBe('')
    expect(JSON.parse(row.cells[SONDE_COLUMN]!)).toMatchObject({ visibleIf: '{a} allof {a}' })
    row.cells.relevant = "${a} = 'oui'"
    row.cells['label::fr'] = 'B corrigé'
    const back = xlsFormToQuestionnaire(form)
    expect(back.problems).toEqual([])
    expect((back.definition.pages as { elements: Record<string, unknown>[] }[])[0]!.elements[1]).toMatchObject({ visibleIf: "{a} = 'oui'", title: 'B corrigé' })
  })
})

describe('expressions', () => {
  it.each([
    ["{q} = 'x'", "${q} = 'x'"],
    ["{q} contains 'x'", "selected(${q}, 'x')"],
    ["{q} notcontains 'x'", "not(selected(${q}, 'x'))"],
    ["{a} = 'x' and ({b} > 3 or {c} <= 2)", "${a} = 'x' and (${b} > 3 or ${c} <= 2)"],
    ['{q} notempty', "${q} != ''"],
    ['{q} empty or {q} <> 2', "${q} = '' or ${q} != 2"],
    ['{a} / {b} >= 0.5', '${a} div ${b} >= 0.5'],
  ])('%s ↔ %s', (surveyjs, xlsform) => {
    expect(toXlsFormExpression(surveyjs)).toBe(xlsform)
    expect(fromXlsFormExpression(xlsform)).toMatchObject({ expression: surveyjs })
  })

  it.each([['{a} allof {b}'], ['sum({a}, {b}) > 2'], ['{a} = ']])('%s has no XLSForm form: null', (surveyjs) => {
    expect(toXlsFormExpression(surveyjs)).toBeNull()
  })

  it.each([
    ["${a} = 'x", 'guillemet non fermé'],
    ['(${a} = 1', 'parenthèse non fermée'],
    ['count-selected(${a}) > 1', 'fonction « count-selected » non prise en charge'],
    ['${a} = = 1', '« = » inattendu'],
  ])('refuses %s: %s', (xlsform, problem) => {
    expect(fromXlsFormExpression(xlsform)).toEqual({ problem })
  })
})

describe('an XLSForm from elsewhere', () => {
  it('becomes the closest SurveyJS questionnaire', () => {
    const form = foreign(
      [
        ['type', 'name', 'label::Français (fr)', 'label::English (en)', 'hint', 'required', 'relevant', 'constraint', 'constraint_message'],
        ['start', 'start', '', '', '', '', '', '', ''],
        ['begin group', 'identite', 'Identité', 'Identity', '', '', '', '', ''],
        ['text', 'nom', 'Nom', 'Name', 'Le nom légal', 'yes', '', '', ''],
        ['integer', 'age', 'Âge', 'Age', '', '', '', '. >= 0 and . < 150', 'Un âge entre 0 et 149'],
        ['select_one oui_non', 'benevoles', 'Des bénévoles ?', 'Volunteers?', '', '', '', '', ''],
        ['select_multiple activites', 'activites', 'Activités', 'Activities', '', '', "${benevoles} = 'oui'", '', ''],
        ['note', 'merci', 'Merci', 'Thanks', '', '', "selected(${activites}, 'formation')", '', ''],
        ['end group', '', '', '', '', '', '', '', ''],
      ],
      [
        ['list_name', 'name', 'label::Français (fr)', 'label::English (en)'],
        ['oui_non', 'oui', 'Oui', 'Yes'],
        ['oui_non', 'non', 'Non', 'No'],
        ['activites', 'formation', 'Formation', 'Training'],
      ],
      [
        ['form_title', 'form_id'],
        ['Enquête des voisins', 'voisins'],
      ],
    )
    const { definition, problems } = xlsFormToQuestionnaire(form)
    expect(problems).toEqual([])
    expect(definition).toEqual({
      title: 'Enquête des voisins',
      pages: [
        {
          name: 'identite',
          title: { default: 'Identité', en: 'Identity' },
          elements: [
            { type: 'text', name: 'nom', title: { default: 'Nom', en: 'Name' }, description: 'Le nom légal', isRequired: true },
            {
              type: 'text',
              name: 'age',
              title: { default: 'Âge', en: 'Age' },
              inputType: 'number',
              step: 1,
              validators: [{ type: 'expression', expression: '{age} empty or ({age} >= 0 and {age} < 150)', text: 'Un âge entre 0 et 149' }],
            },
            {
              type: 'radiogroup',
              name: 'benevoles',
              title: { default: 'Des bénévoles ?', en: 'Volunteers?' },
              choices: [
                { value: 'oui', text: { default: 'Oui', en: 'Yes' } },
                { value: 'non', text: { default: 'Non', en: 'No' } },
              ],
            },
            {
              type: 'checkbox',
              name: 'activites',
              title: { default: 'Activités', en: 'Activities' },
              visibleIf: "{benevoles} = 'oui'",
              choices: [{ value: 'formation', text: { default: 'Formation', en: 'Training' } }],
            },
            { type: 'html', name: 'merci', visibleIf: "{activites} contains 'formation'", html: { default: 'Merci', en: 'Thanks' } },
          ],
        },
      ],
    })
    expect(lintQuestionnaire(definition).errors).toEqual([])
  })

  it('makes a group at the top a page, and gathers the questions outside any group into pages of their own', () => {
    const { definition } = xlsFormToQuestionnaire(
      foreign([
        ['type', 'name', 'label'],
        ['text', 'a', 'A'],
        ['begin_group', 'g', 'G'],
        ['text', 'b', 'B'],
        ['end_group', '', ''],
      ]),
    )
    expect(definition.pages).toEqual([
      { name: 'page_1', elements: [{ type: 'text', name: 'a', title: 'A' }] },
      { name: 'g', title: 'G', elements: [{ type: 'text', name: 'b', title: 'B' }] },
    ])
  })

  it('lists every problem with its sheet and line', () => {
    const form = foreign(
      [
        ['type', 'name', 'label', 'relevant'],
        ['text', 'a', 'A', ''],
        ['geopoint', 'lieu', 'Lieu', ''],
        ['text', 'a', 'A encore', ''],
        ['select_one absente', 'b', 'B', ''],
        ['text', 'c', 'C', "${a} = 'x"],
        ['text', 'd', 'D', "${inconnue} = 'x'"],
        ['text', '', 'Sans nom', ''],
        ['begin_group', 'g', 'G', ''],
      ],
      [
        ['list_name', 'name', 'label'],
        ['l', 'x', 'X'],
        ['l', 'x', 'X encore'],
      ],
    )
    expect(xlsFormToQuestionnaire(form).problems.map(describeXlsFormProblem)).toEqual([
      'choices, ligne 3 : choix « x » en double dans la liste « l » (déjà ligne 2)',
      'survey, ligne 3 : type « geopoint » inconnu',
      'survey, ligne 4 : nom « a » en double (déjà ligne 2)',
      'survey, ligne 5 : liste « absente » absente de la feuille choices',
      "survey, ligne 6 : condition « ${a} = 'x » illisible : guillemet non fermé",
      'survey, ligne 8 : nom manquant',
      'survey, ligne 9 : groupe « g » sans end_group',
      "survey, ligne 7 : l'expression cite « inconnue », qui n'est pas une question du formulaire",
    ])
  })

  it('places the lint’s findings on the line of their question', () => {
    const imported = xlsFormToQuestionnaire(
      foreign([
        ['type', 'name', 'label'],
        ['begin_group', 'p', 'P'],
        ['text', 'Mauvais-Nom', 'A'],
        ['end_group', '', ''],
      ]),
    )
    const error = lintQuestionnaire(imported.definition).errors[0]!
    expect(imported.locate(error.path)).toEqual({ sheet: 'survey', line: 3 })
  })
})
