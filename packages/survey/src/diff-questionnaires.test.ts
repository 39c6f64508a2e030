import { describe, expect, it } from 'vitest'
import { countQuestions, describeStructuralChanges, diffQuestionnaires, isWordingOnly } from './diff-questionnaires'
import { defaultQuestionnaire } from './default-questionnaire'

type Json = Record<string, unknown>

/** A two-page questionnaire: budget and staff on the first page (a panel holding the staff), consent on the second. */
function base(): Json {
  return {
    title: { default: 'Enquête', en: 'Survey' },
    pages: [
      {
        name: 'economie',
        title: { default: 'Économie', en: 'Economy' },
        elements: [
          { type: 'text', name: 'budget', inputType: 'number', title: { default: 'Budget annuel', en: 'Annual budget' }, min: 0, isRequired: true },
          {
            type: 'panel',
            name: 'emplois',
            elements: [
              {
                type: 'text',
                name: 'salaries',
                inputType: 'number',
                title: 'Salariés',
                validators: [{ type: 'numeric', minValue: 0, text: 'Un nombre positif.' }],
              },
              { type: 'text', name: 'benevoles', inputType: 'number', title: 'Bénévoles', visibleIf: '{salaries} > 0' },
            ],
          },
          {
            type: 'radiogroup',
            name: 'statut',
            title: 'Statut',
            choices: [
              { value: 'asso', text: { default: 'Association', en: 'Association' } },
              { value: 'scop', text: { default: 'Scop', en: 'Worker co-op' } },
            ],
          },
        ],
      },
      { name: 'fin', title: 'Fin', elements: [{ type: 'boolean', name: 'consentement', title: 'J’accepte' }] },
    ],
  }
}

/** `base()` changed by `edit`. */
function edited(edit: (q: { title: unknown; pages: { name: string; title: unknown; elements: Json[] }[] }) => void): Json {
  const q = base() as unknown as Parameters<typeof edit>[0]
  edit(q)
  return q as unknown as Json
}

const element = (q: { pages: { elements: Json[] }[] }, page: number, index: number) => q.pages[page]!.elements[index]!
const staffPanel = (q: { pages: { elements: Json[] }[] }) => element(q, 0, 1).elements as Json[]

const empty = { pagesAdded: [], pagesRemoved: [], added: [], removed: [], moved: [], reworded: [], rulesChanged: [] }

describe('diffQuestionnaires', () => {
  it('finds nothing between a questionnaire and itself, the 2025 one included', () => {
    expect(diffQuestionnaires(base(), base())).toEqual(empty)
    expect(diffQuestionnaires(defaultQuestionnaire, structuredClone(defaultQuestionnaire))).toEqual(empty)
  })

  it.each([
    [
      'a French title fixed',
      edited((q) => (element(q, 0, 0).title = { default: 'Budget annuel total', en: 'Annual budget' })),
      { name: 'budget', changes: [{ field: 'title', locale: 'fr', before: 'Budget annuel', after: 'Budget annuel total' }] },
    ],
    [
      'an English title added to a plain French one',
      edited((q) => (staffPanel(q)[0]!.title = { default: 'Salariés', en: 'Employees' })),
      { name: 'salaries', changes: [{ field: 'title', locale: 'en', before: '', after: 'Employees' }] },
    ],
    [
      'a help text added',
      edited((q) => (element(q, 0, 0).description = 'En euros.')),
      { name: 'budget', changes: [{ field: 'description', locale: 'fr', before: '', after: 'En euros.' }] },
    ],
    [
      'a choice text in English',
      edited((q) => ((element(q, 0, 2).choices as Json[])[1]!.text = { default: 'Scop', en: 'Cooperative' })),
      { name: 'statut', changes: [{ field: 'choices[scop].text', locale: 'en', before: 'Worker co-op', after: 'Cooperative' }] },
    ],
    [
      'a validator message',
      edited((q) => ((staffPanel(q)[0]!.validators as Json[])[0]!.text = 'Un nombre positif ou nul.')),
      { name: 'salaries', changes: [{ field: 'validators[0].text', locale: 'fr', before: 'Un nombre positif.', after: 'Un nombre positif ou nul.' }] },
    ],
    [
      'a page title',
      edited((q) => (q.pages[1]!.title = 'Pour finir')),
      { name: 'fin', type: 'page', changes: [{ field: 'title', locale: 'fr', before: 'Fin', after: 'Pour finir' }] },
    ],
    [
      'the questionnaire’s title',
      edited((q) => (q.title = { default: 'Enquête 2026', en: 'Survey' })),
      { name: '', type: 'survey', changes: [{ field: 'title', locale: 'fr', before: 'Enquête', after: 'Enquête 2026' }] },
    ],
  ])('sees %s as wording only', (_label, after, reworded) => {
    const diff = diffQuestionnaires(base(), after)
    expect(diff.reworded).toEqual([expect.objectContaining(reworded)])
    expect(diff.rulesChanged).toEqual([])
    expect(isWordingOnly(diff)).toBe(true)
  })

  it.each([
    ['required', edited((q) => (element(q, 0, 0).isRequired = false)), 'budget', { field: 'isRequired', before: 'true', after: 'false' }],
    ['a type of input', edited((q) => (element(q, 0, 0).inputType = 'text')), 'budget', { field: 'inputType', before: 'number', after: 'text' }],
    ['a bound added', edited((q) => (element(q, 0, 0).max = 1e9)), 'budget', { field: 'max', before: null, after: '1000000000' }],
    [
      'a visibility condition',
      edited((q) => (staffPanel(q)[1]!.visibleIf = '{salaries} > 1')),
      'benevoles',
      { field: 'visibleIf', before: '{salaries} > 0', after: '{salaries} > 1' },
    ],
    ['a condition removed', edited((q) => delete staffPanel(q)[1]!.visibleIf), 'benevoles', { field: 'visibleIf', before: '{salaries} > 0', after: null }],
    [
      'a validator bound',
      edited((q) => ((staffPanel(q)[0]!.validators as Json[])[0]!.minValue = 1)),
      'salaries',
      { field: 'validators[0].minValue', before: '0', after: '1' },
    ],
    [
      'a validator added',
      edited((q) => (staffPanel(q)[0]!.validators as Json[]).push({ type: 'numeric', maxValue: 500 })),
      'salaries',
      { field: 'validators', before: expect.stringContaining('"minValue":0'), after: expect.stringContaining('"maxValue":500') },
    ],
    [
      'a choice value added',
      edited((q) => (element(q, 0, 2).choices as Json[]).push({ value: 'sa', text: 'SA' })),
      'statut',
      { field: 'choices', before: null, after: 'sa' },
    ],
    ['a choice value removed', edited((q) => (element(q, 0, 2).choices as Json[]).pop()), 'statut', { field: 'choices', before: 'scop', after: null }],
    [
      'choices reordered',
      edited((q) => (element(q, 0, 2).choices as Json[]).reverse()),
      'statut',
      { field: 'choices (ordre)', before: 'asso, scop', after: 'scop, asso' },
    ],
    ['a question type', edited((q) => (element(q, 0, 2).type = 'dropdown')), 'statut', { field: 'type', before: 'radiogroup', after: 'dropdown' }],
    ['a page condition', edited((q) => ((q.pages[1] as Json).visibleIf = '{budget} > 0')), 'fin', { field: 'visibleIf', before: null, after: '{budget} > 0' }],
  ])('sees %s as a rule change', (_label, after, name, change) => {
    const diff = diffQuestionnaires(base(), after)
    expect(diff.rulesChanged).toEqual([expect.objectContaining({ name, changes: [change] })])
    expect(diff.added).toEqual([])
    expect(diff.removed).toEqual([])
    expect(isWordingOnly(diff)).toBe(false)
  })

  it.each([
    [
      'a question added',
      edited((q) => q.pages[1]!.elements.push({ type: 'comment', name: 'remarque', title: 'Une remarque ?' })),
      { added: [{ name: 'remarque', type: 'comment', title: 'Une remarque ?', page: 'fin', panel: null }] },
    ],
    [
      'a question removed',
      edited((q) => staffPanel(q).pop()),
      { removed: [{ name: 'benevoles', type: 'text', title: 'Bénévoles', page: 'economie', panel: 'emplois' }] },
    ],
    [
      'a question renamed (one removed, one added)',
      edited((q) => (element(q, 0, 0).name = 'budget_annuel')),
      { removed: [expect.objectContaining({ name: 'budget' })], added: [expect.objectContaining({ name: 'budget_annuel' })] },
    ],
    [
      'a question moved out of its panel',
      edited((q) => q.pages[0]!.elements.push(staffPanel(q).pop()!)),
      {
        moved: [expect.objectContaining({ name: 'benevoles', from: { page: 'economie', panel: 'emplois' }, to: { page: 'economie', panel: null } })],
      },
    ],
    [
      'a question moved to another page',
      edited((q) => q.pages[1]!.elements.push(q.pages[0]!.elements.pop()!)),
      { moved: [expect.objectContaining({ name: 'statut', from: { page: 'economie', panel: null }, to: { page: 'fin', panel: null } })] },
    ],
    [
      'two questions swapped: one reported, not all that follow',
      edited((q) => staffPanel(q).reverse()),
      { moved: [expect.objectContaining({ name: 'benevoles', from: { page: 'economie', panel: 'emplois' }, to: { page: 'economie', panel: 'emplois' } })] },
    ],
    [
      'a page added',
      edited((q) => q.pages.push({ name: 'besoins', title: 'Besoins', elements: [{ type: 'text', name: 'attentes', title: 'Vos attentes' }] })),
      { pagesAdded: [{ name: 'besoins', title: 'Besoins' }], added: [expect.objectContaining({ name: 'attentes', page: 'besoins' })] },
    ],
    [
      'a page removed',
      edited((q) => q.pages.pop()),
      { pagesRemoved: [{ name: 'fin', title: 'Fin' }], removed: [expect.objectContaining({ name: 'consentement', page: 'fin' })] },
    ],
  ])('lists %s', (_label, after, expected) => {
    const diff = diffQuestionnaires(base(), after)
    expect(diff).toEqual({ ...empty, ...expected })
    expect(isWordingOnly(diff)).toBe(false)
  })

  it('reads bare choices as their own text: giving one a text is wording, changing its value is not', () => {
    const bare = edited((q) => (element(q, 0, 2).choices = ['asso', 'scop']))
    const withText = edited((q) => (element(q, 0, 2).choices = ['asso', { value: 'scop', text: 'Société coopérative' }]))
    const reworded = diffQuestionnaires(bare, withText)
    expect(reworded.reworded).toEqual([
      expect.objectContaining({ name: 'statut', changes: [{ field: 'choices[scop].text', locale: 'fr', before: 'scop', after: 'Société coopérative' }] }),
    ])
    expect(isWordingOnly(reworded)).toBe(true)
    expect(
      isWordingOnly(
        diffQuestionnaires(
          bare,
          edited((q) => (element(q, 0, 2).choices = ['asso', 'cooperative'])),
        ),
      ),
    ).toBe(false)
  })

  it.each([
    ['bare numbers become texts', [1, 2], ['1', '2']],
    ['a value number becomes a text', [{ value: 1, text: 'Un' }], [{ value: '1', text: 'Un' }]],
  ])('sees a choice value of another type as a change of structure (answers and conditions compare types): %s', (_label, before, after) => {
    const diff = diffQuestionnaires(
      edited((q) => (element(q, 0, 2).choices = before)),
      edited((q) => (element(q, 0, 2).choices = after)),
    )
    expect(diff.rulesChanged).toEqual([
      expect.objectContaining({ name: 'statut', changes: expect.arrayContaining([{ field: 'choices[1]', before: '1', after: '"1"' }]) }),
    ])
    expect(isWordingOnly(diff)).toBe(false)
  })

  it('matches the questions of a dynamic panel within it, not with a question of the same name elsewhere', () => {
    const withDynamic = (title: string) =>
      edited((q) => q.pages[1]!.elements.push({ type: 'paneldynamic', name: 'sites', templateElements: [{ type: 'text', name: 'budget', title }] }))
    const diff = diffQuestionnaires(withDynamic('Budget du site'), withDynamic('Budget de ce site'))
    expect(diff.reworded).toEqual([
      expect.objectContaining({ name: 'budget', changes: [expect.objectContaining({ before: 'Budget du site', after: 'Budget de ce site' })] }),
    ])
    expect(isWordingOnly(diff)).toBe(true)
  })
})

describe('describeStructuralChanges', () => {
  it('says each structural change in French, and nothing of the wording', () => {
    const after = edited((q) => {
      element(q, 0, 0).title = 'Budget'
      element(q, 0, 0).isRequired = false
      staffPanel(q).pop()
      q.pages[1]!.elements.push({ type: 'comment', name: 'remarque', title: 'Une remarque ?' })
    })
    expect(describeStructuralChanges(diffQuestionnaires(base(), after))).toEqual([
      'Question ajoutée : remarque (« Une remarque ? »), page fin.',
      'Question retirée : benevoles (« Bénévoles »), page economie, panneau emplois.',
      'Règles modifiées de la question budget : isRequired : true → false.',
    ])
  })
})

describe('countQuestions', () => {
  it('counts the questions people answer, inside panels too, not the panels or html blocks', () => {
    expect(countQuestions(base())).toBe(5)
    expect(countQuestions(edited((q) => q.pages[1]!.elements.push({ type: 'html', name: 'merci', html: 'Merci' })))).toBe(5)
    expect(countQuestions({})).toBe(0)
  })
})
