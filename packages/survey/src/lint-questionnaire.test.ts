import { describe, expect, it } from 'vitest'
import { lintQuestionnaire, type Problem } from './lint-questionnaire'

type Element = Record<string, unknown>

/** A one-page questionnaire around the given elements, after two ordinary questions. */
function survey(elements: Element[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pages: [
      {
        name: 'p1',
        title: 'Page',
        elements: [
          { type: 'text', name: 'a', title: 'A', inputType: 'number' },
          { type: 'checkbox', name: 'fam', title: 'Familles', choices: ['x', 'y'] },
          ...elements,
        ],
      },
    ],
    ...extra,
  }
}

describe('lintQuestionnaire', () => {
  it('accepts a clean questionnaire', () => {
    expect(lintQuestionnaire(survey([{ type: 'text', name: 'b', title: 'B', visibleIf: "{fam} contains 'x'" }]))).toEqual({
      errors: [],
      warnings: [],
    })
  })

  it.each<[string, unknown, Problem]>([
    ['null', null, { path: '', message: 'Le questionnaire doit être un objet JSON.' }],
    ['an array', [], { path: '', message: 'Le questionnaire doit être un objet JSON.' }],
    ['a string', '{"pages":[]}', { path: '', message: 'Le questionnaire doit être un objet JSON.' }],
    ['no pages', { title: 'x' }, { path: 'pages', message: 'Le questionnaire doit contenir au moins une page (« pages »).' }],
    ['empty pages', { pages: [] }, { path: 'pages', message: 'Le questionnaire doit contenir au moins une page (« pages »).' }],
    ['pages that are not a list', { pages: { p: 1 } }, { path: 'pages', message: 'Le questionnaire doit contenir au moins une page (« pages »).' }],
  ])('rejects %s as a whole', (_label, definition, problem) => {
    expect(lintQuestionnaire(definition)).toEqual({ errors: [problem], warnings: [] })
  })

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a page that is not an object', { pages: ['p1'] }, 'pages[0]', /Une page doit être un objet/],
    ['a page without a name', { pages: [{ elements: [] }] }, 'pages[0].name', /Nom manquant \(page\)/],
    ['a malformed page name', { pages: [{ name: 'Page 1', elements: [] }] }, 'pages[0].name', /Nom « Page 1 » invalide/],
    ['elements that are not a list', { pages: [{ name: 'p1', elements: {} }] }, 'pages[0].elements', /doit être une liste/],
    ['a null page', { pages: [null] }, 'pages[0]', /Valeur nulle dans une liste/],
    ['a null element', survey([null as unknown as Element]), 'pages[0].elements[2]', /Valeur nulle dans une liste/],
    [
      'a null choice',
      survey([{ type: 'radiogroup', name: 'b', title: 'B', choices: ['u', null] }]),
      'pages[0].elements[2].choices[1]',
      /Valeur nulle dans une liste/,
    ],
    [
      'validators that are not a list',
      survey([{ type: 'text', name: 'b', title: 'B', validators: 'numeric' }]),
      'pages[0].elements[2]',
      /Définition incorrecte : .*validators/,
    ],
    [
      'a validator of an unknown type',
      survey([{ type: 'text', name: 'b', title: 'B', validators: [{ type: 'nope' }] }]),
      'pages[0].elements[2].validators[0].type',
      /Type inconnu : « nope »/,
    ],
    ['a trigger of an unknown type', survey([], { triggers: [{ type: 'launch', expression: '{a} = 1' }] }), 'triggers[0].type', /Type inconnu : « launch »/],
    ['an element without a type', survey([{ name: 'b', title: 'B' }]), 'pages[0].elements[2].type', /Type d’élément manquant/],
    ['an element of an unknown type', survey([{ type: 'wat', name: 'b' }]), 'pages[0].elements[2].type', /Type d’élément inconnu : « wat »/],
    ['a page used as an element', survey([{ type: 'page', name: 'b' }]), 'pages[0].elements[2].type', /Type d’élément inconnu/],
    ['a question without a name', survey([{ type: 'text', title: 'B' }]), 'pages[0].elements[2].name', /Nom manquant \(question\)/],
    ['a name with capitals', survey([{ type: 'text', name: 'Budget', title: 'B' }]), 'pages[0].elements[2].name', /Nom « Budget » invalide/],
    ['a name with a dash', survey([{ type: 'text', name: 'budget-annuel', title: 'B' }]), 'pages[0].elements[2].name', /invalide/],
    ['a name starting with a digit', survey([{ type: 'text', name: '2025_budget', title: 'B' }]), 'pages[0].elements[2].name', /invalide/],
    ['a name with an accent', survey([{ type: 'text', name: 'année', title: 'B' }]), 'pages[0].elements[2].name', /invalide/],
    [
      'a name reserved for confirmations',
      survey([{ type: 'text', name: 'a__confirme', title: 'B' }]),
      'pages[0].elements[2].name',
      /Nom « a__confirme » réservé/,
    ],
    [
      'a duplicate name',
      survey([{ type: 'text', name: 'a', title: 'B' }]),
      'pages[0].elements[2].name',
      /Nom « a » déjà utilisé \(pages\[0\]\.elements\[0\]\)/,
    ],
    [
      'a duplicate name on another page, inside a panel',
      {
        pages: [
          ...(survey([]).pages as unknown[]),
          { name: 'p2', elements: [{ type: 'panel', name: 'box', elements: [{ type: 'text', name: 'fam', title: 'F' }] }] },
        ],
      },
      'pages[1].elements[0].elements[0].name',
      /Nom « fam » déjà utilisé/,
    ],
    ['a panel named like a question', survey([{ type: 'panel', name: 'a', elements: [] }]), 'pages[0].elements[2].name', /déjà utilisé/],
    [
      'a malformed name inside a dynamic panel',
      survey([{ type: 'paneldynamic', name: 'pd', title: 'PD', templateElements: [{ type: 'text', name: 'X', title: 'X' }] }]),
      'pages[0].elements[2].templateElements[0].name',
      /invalide/,
    ],
    [
      'a numeric choice value',
      survey([{ type: 'radiogroup', name: 'b', title: 'B', choices: [1, 2] }]),
      'pages[0].elements[2].choices[0]',
      /doit être un texte non vide/,
    ],
    [
      'an empty choice value',
      survey([{ type: 'dropdown', name: 'b', title: 'B', choices: [{ value: '', text: 'Vide' }] }]),
      'pages[0].elements[2].choices[0]',
      /doit être un texte non vide/,
    ],
    [
      'a numeric matrix row',
      survey([{ type: 'matrix', name: 'b', title: 'B', rows: [{ value: 3, text: 'R' }], columns: ['c'] }]),
      'pages[0].elements[2].rows[0]',
      /doit être un texte non vide/,
    ],
    [
      'a yes/no question storing strings',
      survey([{ type: 'boolean', name: 'b', title: 'B', valueTrue: 'oui', valueFalse: 'non' }]),
      'pages[0].elements[2]',
      /valueTrue.*true ou false/,
    ],
    [
      'a visibleIf naming an unknown question',
      survey([{ type: 'text', name: 'b', title: 'B', visibleIf: '{nope} = 1' }]),
      'pages[0].elements[2].visibleIf',
      /question inconnue : « nope »/,
    ],
    [
      'an enableIf naming an unknown question',
      survey([{ type: 'text', name: 'b', title: 'B', enableIf: '{nope} notempty' }]),
      'pages[0].elements[2].enableIf',
      /question inconnue : « nope »/,
    ],
    [
      'a requiredIf naming an unknown question',
      survey([{ type: 'text', name: 'b', title: 'B', requiredIf: '{a} > 1 and {nope} = 2' }]),
      'pages[0].elements[2].requiredIf',
      /question inconnue : « nope »/,
    ],
    [
      'an expression validator naming an unknown question',
      survey([{ type: 'text', name: 'b', title: 'B', validators: [{ type: 'numeric' }, { type: 'expression', expression: '{b} <= {total}' }] }]),
      'pages[0].elements[2].validators[1].expression',
      /question inconnue : « total »/,
    ],
    [
      'a page visibleIf naming an unknown question',
      { pages: [{ name: 'p1', visibleIf: "{familles} contains 'x'", elements: [] }] },
      'pages[0].visibleIf',
      /question inconnue : « familles »/,
    ],
    [
      'a choice visibleIf naming an unknown question',
      survey([{ type: 'checkbox', name: 'b', title: 'B', choices: ['u', { value: 'v', visibleIf: '{nope} = 1' }] }]),
      'pages[0].elements[2].choices[1].visibleIf',
      /question inconnue/,
    ],
    [
      'a trigger naming an unknown question',
      survey([], { triggers: [{ type: 'setvalue', expression: '{nope} = 1', setToName: 'a', setValue: 1 }] }),
      'triggers[0].expression',
      /question inconnue : « nope »/,
    ],
    [
      'a dynamic-panel question naming an unknown sibling',
      survey([{ type: 'paneldynamic', name: 'pd', title: 'PD', templateElements: [{ type: 'text', name: 't', title: 'T', visibleIf: '{panel.nope} = 1' }] }]),
      'pages[0].elements[2].templateElements[0].visibleIf',
      /question inconnue : « panel\.nope »/,
    ],
    [
      'an expression that does not parse',
      survey([{ type: 'text', name: 'b', title: 'B', visibleIf: '{a} = 1 and' }]),
      'pages[0].elements[2].visibleIf',
      /Expression invalide/,
    ],
    [
      'an unknown function',
      survey([{ type: 'text', name: 'b', title: 'B', visibleIf: 'fetchAll({a}) > 1' }]),
      'pages[0].elements[2].visibleIf',
      /Fonction inconnue dans l’expression : « fetchAll »/,
    ],
    [
      'an event attribute in a choice value',
      survey([{ type: 'radiogroup', name: 'b', title: 'B', choices: ['<img src=x onerror=alert(1)>'] }]),
      'pages[0].elements[2].choices[0]',
      /nom, une valeur ou une expression \(attribut de gestion/,
    ],
    [
      'a script in a choice value',
      survey([{ type: 'checkbox', name: 'b', title: 'B', choices: [{ value: '<script>x</script>', text: 'X' }] }]),
      'pages[0].elements[2].choices[0].value',
      /balise <script>/,
    ],
  ])('reports %s as an error', (_label, definition, path, message) => {
    const { errors } = lintQuestionnaire(definition)
    expect(errors).toContainEqual({ path, message: expect.stringMatching(message) })
  })

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a question without a title', survey([{ type: 'text', name: 'b' }]), 'pages[0].elements[2].title', /« b » sans titre en français/],
    [
      'a question with an English title only',
      survey([{ type: 'text', name: 'b', title: { en: 'Budget' } }]),
      'pages[0].elements[2].title',
      /sans titre en français/,
    ],
    ['a question with a blank title', survey([{ type: 'text', name: 'b', title: '  ' }]), 'pages[0].elements[2].title', /sans titre en français/],
    [
      'an expression that is always true',
      survey([{ type: 'text', name: 'b', title: 'B', visibleIf: '1 = 1' }]),
      'pages[0].elements[2].visibleIf',
      /toujours vraie ou toujours fausse/,
    ],
    [
      'a misspelt property',
      survey([{ type: 'text', name: 'b', title: 'B', visibileIf: '{a} = 1' }]),
      'pages[0].elements[2].visibileIf',
      /Propriété inconnue de SurveyJS, ignorée : « visibileIf »/,
    ],
    ['an "other" item', survey([{ type: 'radiogroup', name: 'b', title: 'B', choices: ['u'], showOtherItem: true }]), 'pages[0].elements[2]', /clé à part/],
    ['a comment box', survey([{ type: 'radiogroup', name: 'b', title: 'B', choices: ['u'], showCommentArea: true }]), 'pages[0].elements[2]', /clé à part/],
    [
      'a script in an html element',
      survey([{ type: 'html', name: 'h', html: '<p>Bonjour</p><script>alert(1)</script>' }]),
      'pages[0].elements[2].html',
      /retiré à l’enregistrement : <script>\.$/,
    ],
    [
      'an event attribute in a description',
      survey([{ type: 'text', name: 'b', title: 'B', description: '<img src="x.png" onerror="alert(1)">' }]),
      'pages[0].elements[2].description',
      /retiré à l’enregistrement : <img>/,
    ],
    [
      'a javascript: link in the completed page',
      survey([], { completedHtml: '<a href="javascript:alert(1)">Merci</a>' }),
      'completedHtml',
      /retiré à l’enregistrement : attribut href de <a>/,
    ],
    [
      'an encoded javascript: link in a page description',
      { pages: [{ name: 'p1', description: '<a href="jav&#x61;script&colon;x()">x</a>', elements: [{ type: 'text', name: 'a', title: 'A' }] }] },
      'pages[0].description',
      /attribut href de <a>/,
    ],
    [
      'a script in an English title',
      survey([{ type: 'text', name: 'b', title: { default: 'B', en: '<script>x</script>' } }]),
      'pages[0].elements[2].title.en',
      /<script>/,
    ],
    ['an iframe in a survey description', survey([], { description: '<iframe src="https://example.org"></iframe>' }), 'description', /<iframe>/],
  ])('warns about %s', (_label, definition, path, message) => {
    const { errors, warnings } = lintQuestionnaire(definition)
    expect(errors).toEqual([])
    expect(warnings).toContainEqual({ path, message: expect.stringMatching(message) })
  })

  it.each<[string, Element]>([
    ['a French title in the default locale', { type: 'text', name: 'b', title: { default: 'Budget', en: 'Budget' } }],
    ['a French title under "fr"', { type: 'text', name: 'b', title: { fr: 'Budget', en: 'Budget' } }],
    [
      'an html element, which has no title',
      { type: 'html', name: 'h', html: '<p>Notice : <strong>lisez-moi</strong>, <a href="https://cnil.fr">CNIL</a>.</p>' },
    ],
    ['{item} in a choice filter', { type: 'checkbox', name: 'b', title: 'B', choices: ['x', 'y'], choicesVisibleIf: '{fam} contains {item}' }],
    [
      '{panel.…} naming a sibling in a dynamic panel',
      {
        type: 'paneldynamic',
        name: 'pd',
        title: 'PD',
        templateElements: [
          { type: 'text', name: 'a', title: 'A' },
          { type: 'text', name: 't', title: 'T', visibleIf: '{panel.a} > 1' },
        ],
      },
    ],
    ['a calculated value', { type: 'text', name: 'b', title: 'B', visibleIf: '{total} > 2' }],
    [
      'a guarded "of which" validator',
      { type: 'text', name: 'b', title: 'B', validators: [{ type: 'expression', expression: '{b} empty or {a} empty or {b} <= {a}', text: 'Trop grand.' }] },
    ],
    [
      'words that look like attributes outside a tag',
      { type: 'text', name: 'b', title: 'B', description: 'Si x < 3, alors onze = 11 ; javascript est un langage.' },
    ],
  ])('accepts %s', (_label, element) => {
    expect(lintQuestionnaire(survey([element], { calculatedValues: [{ name: 'total', expression: '{a} + 1' }] }))).toEqual({
      errors: [],
      warnings: [],
    })
  })
})

describe('lintQuestionnaire: regex validators', () => {
  const withPattern = (validator: Record<string, unknown>, wrap: (question: Element) => Element = (q) => q) =>
    survey([wrap({ type: 'text', name: 'code', title: 'Code', validators: [{ type: 'numeric' }, { type: 'regex', ...validator }] })])

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an exponential pattern', { regex: '^(a+)+$' }, /^Expression régulière refusée : des répétitions imbriquées/],
    ['an invalid pattern', { regex: '(' }, /^Expression régulière invalide : parenthèse « \( » non fermée/],
    ['a polynomial pattern', { regex: '^\\d+\\d+$' }, /de plus en plus lente/],
    ['a back reference', { regex: '^(a)\\1$' }, /^Expression régulière non prise en charge : les références arrière/],
    ['a pattern ambiguous once case is ignored', { regex: '^(a|A)+$', caseInsensitive: true }, /exponentielle/],
    ['the legacy "insensitive" flag', { regex: '^(a|A)+$', insensitive: true }, /exponentielle/],
    ['a pattern that is not text', { regex: 12 }, /le motif doit être un texte/],
  ])('refuses %s, naming the path of the pattern', (_label, validator, message) => {
    const { errors } = lintQuestionnaire(withPattern(validator))
    expect(errors).toEqual([{ path: 'pages[0].elements[2].validators[1].regex', message: expect.stringMatching(message) }])
  })

  it('finds patterns in matrix columns and dynamic panels too', () => {
    const bad = [{ type: 'regex', regex: '^(a|aa)*$' }]
    const { errors } = lintQuestionnaire(
      survey([
        { type: 'matrixdropdown', name: 'm', title: 'M', rows: ['r'], columns: [{ name: 'c', cellType: 'text', validators: bad }] },
        { type: 'paneldynamic', name: 'pd', title: 'PD', templateElements: [{ type: 'text', name: 't', title: 'T', validators: bad }] },
        { type: 'multipletext', name: 'mt', title: 'MT', items: [{ name: 'i', validators: bad }] },
      ]),
    )
    expect(errors.map((e) => e.path)).toEqual([
      'pages[0].elements[2].columns[0].validators[0].regex',
      'pages[0].elements[3].templateElements[0].validators[0].regex',
      'pages[0].elements[4].items[0].validators[0].regex',
    ])
  })

  it.each(['^[0-9]{9}$', '^(?:\\+33|0)[1-9](?:[ .]?\\d{2}){4}$', ''])('accepts %j', (regex) => {
    expect(lintQuestionnaire(withPattern({ regex, text: 'Format attendu.' })).errors).toEqual([])
  })
})

describe('lintQuestionnaire: size limits', () => {
  const question = (i: number): Element => ({ type: 'text', name: `q${i}`, title: `Question ${i}` })
  const pages = (count: number, perPage: number) =>
    Array.from({ length: count }, (_, p) => ({ name: `p${p}`, elements: Array.from({ length: perPage }, (_, i) => question(p * perPage + i)) }))
  const nested = (depth: number): Element => (depth === 1 ? question(0) : { type: 'panel', name: `panel${depth}`, elements: [nested(depth - 1)] })

  it.each<[string, unknown, string, RegExp]>([
    ['101 pages', { pages: pages(101, 1) }, 'pages', /^Trop de pages : 101, au-delà de 100\.$/],
    ['2 001 questions', { pages: pages(1, 2001) }, 'pages', /^Trop de questions : 2\s001, au-delà de 2\s000\.$/],
    [
      '1 001 choices',
      survey([{ type: 'dropdown', name: 'd', title: 'D', choices: Array.from({ length: 1001 }, (_, i) => `c${i}`) }]),
      'pages[0].elements[2].choices',
      /^Trop de choix, lignes ou colonnes : 1\s001, au-delà de 1\s000 par question\.$/,
    ],
    [
      'panels 9 deep',
      { pages: [{ name: 'p', elements: [nested(9)] }] },
      `pages[0]${'.elements[0]'.repeat(9)}`,
      /^Éléments imbriqués trop profondément : 9 niveaux, au-delà de 8\.$/,
    ],
    [
      'over 2 MiB of JSON',
      survey([{ type: 'html', name: 'h', html: 'x'.repeat(2 * 1024 * 1024) }]),
      '',
      /^Questionnaire trop volumineux : 2\s097\s\d{3} octets, au-delà de 2\s097\s152 octets \(2 Mio\)\.$/,
    ],
  ])('refuses %s, naming the limit and the value', (_label, definition, path, message) => {
    const { errors } = lintQuestionnaire(definition)
    expect(errors).toEqual([{ path, message: expect.stringMatching(message) }])
  })

  it('refuses JSON nested deeper than 64 levels without overflowing the stack', () => {
    let deep: unknown = 'fond'
    for (let i = 0; i < 200_000; i++) deep = [deep]
    const { errors } = lintQuestionnaire(survey([{ type: 'text', name: 'b', title: 'B', description: deep }]))
    expect(errors).toEqual([
      // The first value beyond level 64: the root, pages, a page, its elements, a question and its description are 6.
      { path: `pages[0].elements[2].description${'[0]'.repeat(59)}`, message: 'Structure JSON trop profonde : 200\u202f005 niveaux, au-delà de 64.' },
    ])
  })

  it('accepts a questionnaire at every limit', () => {
    const definition = { pages: pages(100, 20) }
    ;(definition.pages[0]!.elements as Element[]).push(nested(8), {
      type: 'dropdown',
      name: 'd',
      title: 'D',
      choices: Array.from({ length: 1000 }, (_, i) => `c${i}`),
    })
    definition.pages[0]!.elements.splice(0, 9)
    expect(lintQuestionnaire(definition).errors).toEqual([])
  })
})
