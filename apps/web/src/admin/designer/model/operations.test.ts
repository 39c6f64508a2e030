import { describe, expect, it } from 'vitest'
import {
  addElement,
  addPage,
  duplicateNode,
  kindOf,
  moveDown,
  moveIntoPanelAbove,
  moveNode,
  moveOutOfPanel,
  moveUp,
  proposeNameFor,
  removeNode,
  updateNode,
  type ElementKind,
} from './operations'
import { nodePathOfProblem, problemsByNode, type Definition, type ElementJson, type NodePath } from './tree'

const q = (name: string): ElementJson => ({ type: 'text', name })

/** Two pages: p1 = a, g (panel: b, c), d ; p2 = e. */
const sample: Definition = {
  title: 'Test',
  pages: [
    { name: 'p1', elements: [q('a'), { type: 'panel', name: 'g', elements: [q('b'), q('c')] }, q('d')] },
    { name: 'p2', elements: [q('e')] },
  ],
}

/** The outline as names: pages, and panels with their elements in brackets. */
function outline(definition: Definition): string {
  const list = (elements: ElementJson[] = []): string => elements.map((e) => (e.elements ? `${e.name}[${list(e.elements)}]` : e.name)).join(' ')
  return (definition.pages ?? []).map((page) => `${page.name}: ${list(page.elements)}`).join(' | ')
}

describe('adding', () => {
  it.each<[ElementKind, Partial<ElementJson>]>([
    ['text', { type: 'text', inputType: 'text' }],
    ['number', { type: 'text', inputType: 'number' }],
    ['email', { type: 'text', inputType: 'email' }],
    ['date', { type: 'text', inputType: 'date' }],
    ['url', { type: 'text', inputType: 'url' }],
    ['comment', { type: 'comment' }],
    ['radiogroup', { type: 'radiogroup', choices: [] }],
    ['checkbox', { type: 'checkbox', choices: [] }],
    ['dropdown', { type: 'dropdown', choices: [] }],
    ['boolean', { type: 'boolean' }],
    ['rating', { type: 'rating', rateMin: 1, rateMax: 5 }],
    ['matrix', { type: 'matrix', columns: [], rows: [] }],
    ['multipletext', { type: 'multipletext', items: [] }],
    ['html', { type: 'html', html: '' }],
    ['panel', { type: 'panel', elements: [] }],
  ])('a %s question at the end of the last page, under a free placeholder name', (kind, expected) => {
    const { definition, path } = addElement(sample, kind)
    expect(path).toEqual([1, 1])
    const added = definition.pages![1]!.elements![1]!
    const { inputType, ...rest } = expected
    expect(added).toMatchObject(rest)
    if (inputType !== 'text') expect(added.inputType).toBe(inputType)
    else expect(added.inputType).toBeUndefined()
    expect(added.name).toMatch(/^(question|groupe|information)_\d+$/)
    expect(kindOf(added)).toBe(kind)
    expect(sample.pages![1]!.elements).toHaveLength(1)
  })

  it('creates the first page of an empty questionnaire, and adds inside a panel at an index', () => {
    const first = addElement({}, 'text')
    expect(first.path).toEqual([0, 0])
    expect(first.definition.pages).toEqual([{ name: 'page_1', elements: [{ type: 'text', name: 'question_1' }] }])
    const inside = addElement(sample, 'boolean', { parent: [0, 1], index: 1 })
    expect(inside.path).toEqual([0, 1, 1])
    expect(outline(inside.definition)).toBe(`p1: a g[b ${inside.definition.pages![0]!.elements![1]!.elements![1]!.name} c] d | p2: e`)
  })

  it('adds a page after another one, with a free name', () => {
    const { definition, path } = addPage(sample, 0)
    expect(path).toEqual([1])
    expect(outline(definition)).toBe('p1: a g[b c] d | page_3:  | p2: e')
  })
})

describe('moving', () => {
  it.each<[string, (d: Definition) => { definition: Definition; path: NodePath } | null, string, NodePath | null]>([
    ['up among siblings', (d) => moveUp(d, [0, 2]), 'p1: a d g[b c] | p2: e', [0, 1]],
    ['up out of a panel', (d) => moveUp(d, [0, 1, 0]), 'p1: a b g[c] d | p2: e', [0, 1]],
    ['up to the end of the previous page', (d) => moveUp(d, [1, 0]), 'p1: a g[b c] d e | p2: ', [0, 3]],
    ['down among siblings', (d) => moveDown(d, [0, 0]), 'p1: g[b c] a d | p2: e', [0, 1]],
    ['down out of a panel', (d) => moveDown(d, [0, 1, 1]), 'p1: a g[b] c d | p2: e', [0, 2]],
    ['down to the start of the next page', (d) => moveDown(d, [0, 2]), 'p1: a g[b c] | p2: d e', [1, 0]],
    ['a page down', (d) => moveDown(d, [0]), 'p2: e | p1: a g[b c] d', [1]],
    ['into the panel above', (d) => moveIntoPanelAbove(d, [0, 2]), 'p1: a g[b c d] | p2: e', [0, 1, 2]],
    ['out of a panel, after it', (d) => moveOutOfPanel(d, [0, 1, 0]), 'p1: a g[c] b d | p2: e', [0, 2]],
    ['to an index of another page (a drop)', (d) => moveNode(d, [0, 0], { parent: [1], index: 1 }), 'p1: g[b c] d | p2: e a', [1, 1]],
    ['into a panel that follows it', (d) => moveNode(d, [0, 0], { parent: [0, 1], index: 0 }), 'p1: g[a b c] d | p2: e', [0, 0, 0]],
    ['after itself in the same list', (d) => moveNode(d, [0, 0], { parent: [0], index: 3 }), 'p1: g[b c] d a | p2: e', [0, 2]],
  ])('%s', (_label, move, expected, path) => {
    const moved = move(sample)
    expect(moved && outline(moved.definition)).toBe(expected)
    expect(moved?.path ?? null).toEqual(path)
  })

  it.each<[string, (d: Definition) => unknown]>([
    ['the first element up', (d) => moveUp(d, [0, 0])],
    ['the last element down', (d) => moveDown(d, [1, 0])],
    ['the first page up', (d) => moveUp(d, [0])],
    ['into an element that is not a panel', (d) => moveIntoPanelAbove(d, [0, 1])],
    ['a panel into itself', (d) => moveNode(d, [0, 1], { parent: [0, 1], index: 0 })],
    ['an element among the pages', (d) => moveNode(d, [0, 0], { parent: [], index: 0 })],
    ['out of a page', (d) => moveOutOfPanel(d, [0, 0])],
  ])('refuses to move %s', (_label, move) => {
    expect(move(sample)).toBeNull()
  })
})

describe('editing, duplicating, deleting', () => {
  it('sets and removes properties without touching the rest', () => {
    const edited = updateNode(sample, [0, 1, 0], { isRequired: true, title: 'B' })
    expect(edited.pages![0]!.elements![1]!.elements![0]).toEqual({ type: 'text', name: 'b', isRequired: true, title: 'B' })
    expect(updateNode(edited, [0, 1, 0], { isRequired: undefined }).pages![0]!.elements![1]!.elements![0]).toEqual({ type: 'text', name: 'b', title: 'B' })
    expect(edited.title).toBe('Test')
    expect(sample.pages![0]!.elements![1]!.elements![0]).toEqual(q('b'))
  })

  it('duplicates a panel with new names for it and everything in it, just after it', () => {
    const { definition, path } = duplicateNode(sample, [0, 1])
    expect(path).toEqual([0, 2])
    expect(outline(definition)).toBe('p1: a g[b c] g_2[b_2 c_2] d | p2: e')
  })

  it('duplicates a page with new names', () => {
    expect(outline(duplicateNode(sample, [1]).definition)).toBe('p1: a g[b c] d | p2: e | p2_2: e_2')
  })

  it('deletes a node and what it holds', () => {
    expect(outline(removeNode(sample, [0, 1]))).toBe('p1: a d | p2: e')
    expect(outline(removeNode(sample, [0]))).toBe('p2: e')
  })

  it('proposes a name from the title, free among the others but the element’s own', () => {
    expect(proposeNameFor(sample, [0, 0], 'A')).toBe('a')
    expect(proposeNameFor(sample, [0, 2], 'A')).toBe('a_2')
    expect(proposeNameFor(sample, [1], 'P1')).toBe('p1_2')
  })
})

describe('lint paths', () => {
  it.each<[string, NodePath]>([
    ['pages[1].elements[3].validators[0]', [1, 3]],
    ['pages[0].elements[1].elements[0].name', [0, 1, 0]],
    ['pages[2].name', [2]],
    ['pages', []],
    ['', []],
  ])('%s is about %j', (path, node) => {
    expect(nodePathOfProblem(path)).toEqual(node)
  })
})

describe('lint findings at their node', () => {
  it('groups errors and warnings by the node their path names', () => {
    const grouped = problemsByNode({
      errors: [
        { path: 'pages[1].elements[3].validators[0]', message: 'e1' },
        { path: 'pages', message: 'e2' },
      ],
      warnings: [{ path: 'pages[1].elements[3].title', message: 'w1' }],
    })
    expect(Object.fromEntries(grouped)).toEqual({
      '1.3': [
        { kind: 'error', path: 'pages[1].elements[3].validators[0]', message: 'e1' },
        { kind: 'warning', path: 'pages[1].elements[3].title', message: 'w1' },
      ],
      '': [{ kind: 'error', path: 'pages', message: 'e2' }],
    })
  })
})
