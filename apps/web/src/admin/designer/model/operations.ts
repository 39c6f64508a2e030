import { proposeName, uniqueName } from './names'
import { childrenAt, isPanel, isWithin, nodeAt, pagesOf, takenNames, type Definition, type ElementJson, type NodePath, type PageJson, type Slot } from './tree'

/** What the designer can add, by the French name staff see (`admin.designer.kind.*`). */
export const ELEMENT_KINDS = [
  'text',
  'number',
  'email',
  'date',
  'url',
  'comment',
  'radiogroup',
  'checkbox',
  'dropdown',
  'boolean',
  'rating',
  'matrix',
  'multipletext',
  'html',
  'panel',
] as const
export type ElementKind = (typeof ELEMENT_KINDS)[number]

/** The SurveyJS input type of each kind that is a text question underneath. */
export const INPUT_TYPES: Partial<Record<ElementKind, string>> = { number: 'number', email: 'email', date: 'date', url: 'url' }

/** The name a new element starts with until it has a title: `question_3`, `groupe_2`, `information_1`. */
function placeholderName(kind: ElementKind | 'page', n: number): string {
  const stem = kind === 'panel' ? 'groupe' : kind === 'html' ? 'information' : kind === 'page' ? 'page' : 'question'
  return `${stem}_${n}`
}

/** A name that is still the placeholder the designer gave (so the title may replace it). */
export function isPlaceholderName(name: string): boolean {
  return /^(question|groupe|information|page)_\d+$/.test(name)
}

function template(kind: ElementKind, name: string): ElementJson {
  const inputType = INPUT_TYPES[kind]
  if (inputType) return { type: 'text', name, inputType }
  switch (kind) {
    case 'radiogroup':
    case 'checkbox':
    case 'dropdown':
      return { type: kind, name, choices: [] }
    case 'rating':
      return { type: 'rating', name, rateMin: 1, rateMax: 5 }
    case 'matrix':
      return { type: 'matrix', name, columns: [], rows: [] }
    case 'multipletext':
      return { type: 'multipletext', name, items: [] }
    case 'html':
      return { type: 'html', name, html: '' }
    case 'panel':
      return { type: 'panel', name, elements: [] }
    default:
      return { type: kind, name }
  }
}

/** The kind a designer shows for an element (its type, or the input type of a text question). */
export function kindOf(element: ElementJson): ElementKind | undefined {
  if (element.type === 'text') {
    const input = typeof element.inputType === 'string' ? element.inputType : 'text'
    const found = (Object.entries(INPUT_TYPES) as [ElementKind, string][]).find(([, type]) => type === input)
    return found ? found[0] : 'text'
  }
  return (ELEMENT_KINDS as readonly string[]).includes(element.type) ? (element.type as ElementKind) : undefined
}

export interface Placed {
  definition: Definition
  path: NodePath
}

/** `definition` with the children of `parent` (a page, a panel, or `[]` for the pages) replaced. */
function withChildren(definition: Definition, parent: NodePath, change: (children: (PageJson | ElementJson)[]) => (PageJson | ElementJson)[]): Definition {
  if (parent.length === 0) return { ...definition, pages: change(pagesOf(definition)) as PageJson[] }
  const rebuild = (node: PageJson | ElementJson, rest: NodePath): PageJson | ElementJson => {
    if (rest.length === 0) return { ...node, elements: change(node.elements ?? []) as ElementJson[] }
    const [index, ...deeper] = rest
    return { ...node, elements: (node.elements ?? []).map((child, i) => (i === index ? (rebuild(child, deeper) as ElementJson) : child)) }
  }
  const [pageIndex, ...rest] = parent
  return { ...definition, pages: pagesOf(definition).map((page, i) => (i === pageIndex ? (rebuild(page, rest) as PageJson) : page)) }
}

function parentOf(path: NodePath): NodePath {
  return path.slice(0, -1)
}

function indexOf(path: NodePath): number {
  return path[path.length - 1]!
}

/** A new page after `afterIndex` (at the end by default), with a free name. */
export function addPage(definition: Definition, afterIndex = pagesOf(definition).length - 1): Placed {
  const { pages } = takenNames(definition)
  let n = pagesOf(definition).length + 1
  while (pages.has(placeholderName('page', n))) n++
  const page: PageJson = { name: placeholderName('page', n), elements: [] }
  const index = afterIndex + 1
  return { definition: withChildren(definition, [], (list) => [...list.slice(0, index), page, ...list.slice(index)]), path: [index] }
}

/**
 * A new element of `kind` at `slot` (a page or a panel; at its end without an index), named with
 * a free placeholder until it has a title. A questionnaire without pages gets one first.
 */
export function addElement(definition: Definition, kind: ElementKind, slot?: Partial<Slot>): Placed {
  let current = definition
  let parent = slot?.parent ?? [Math.max(0, pagesOf(definition).length - 1)]
  if (pagesOf(current).length === 0) {
    current = addPage(current).definition
    parent = [0]
  }
  const children = childrenAt(current, parent)
  if (!children) throw new Error(`No page or panel at ${parent.join('.')}`)
  const { elements } = takenNames(current)
  let n = elements.size + 1
  while (elements.has(placeholderName(kind, n))) n++
  const index = Math.min(slot?.index ?? children.length, children.length)
  const element = template(kind, placeholderName(kind, n))
  return { definition: withChildren(current, parent, (list) => [...list.slice(0, index), element, ...list.slice(index)]), path: [...parent, index] }
}

/**
 * The node at `path` with `patch` applied: a property set to `undefined` is removed, so that the
 * JSON carries only what was chosen.
 */
export function updateNode(definition: Definition, path: NodePath, patch: Record<string, unknown>): Definition {
  if (path.length === 0) {
    const next: Definition = { ...definition, ...patch }
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key]
    return next
  }
  return withChildren(definition, parentOf(path), (list) =>
    list.map((node, i) => {
      if (i !== indexOf(path)) return node
      const next: Record<string, unknown> = { ...node, ...patch }
      for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key]
      return next as PageJson | ElementJson
    }),
  )
}

export function removeNode(definition: Definition, path: NodePath): Definition {
  return withChildren(definition, parentOf(path), (list) => list.filter((_, i) => i !== indexOf(path)))
}

/** A copy of the node at `path` just after it; the copy and everything in it get new free names. */
export function duplicateNode(definition: Definition, path: NodePath): Placed {
  const node = nodeAt(definition, path)
  if (!node) return { definition, path }
  const taken = takenNames(definition)
  const rename = (element: ElementJson): ElementJson => {
    const name = uniqueName(element.name, taken.elements)
    taken.elements.add(name)
    const copy: ElementJson = { ...structuredClone(element), name }
    if (copy.elements) copy.elements = copy.elements.map(rename)
    return copy
  }
  let copy: PageJson | ElementJson
  if (path.length === 1) {
    const page = structuredClone(node) as PageJson
    copy = { ...page, name: uniqueName(page.name, taken.pages), elements: (page.elements ?? []).map(rename) }
  } else {
    copy = rename(node as ElementJson)
  }
  const index = indexOf(path) + 1
  return {
    definition: withChildren(definition, parentOf(path), (list) => [...list.slice(0, index), copy, ...list.slice(index)]),
    path: [...parentOf(path), index],
  }
}

/**
 * The node at `from` moved to `to` (its parent and its index there, counted before the move).
 * Pages move among pages, elements into pages or panels — never into themselves.
 */
export function moveNode(definition: Definition, from: NodePath, to: Slot): Placed | null {
  const node = nodeAt(definition, from)
  if (!node) return null
  if ((from.length === 1) !== (to.parent.length === 0)) return null
  if (to.parent.length > 0 && isWithin(to.parent, from)) return null
  const target = childrenAt(definition, to.parent)
  if (!target) return null
  const removed = removeNode(definition, from)
  // Removing the node shifts what follows it in the same list, and the lists inside what follows it.
  const parent = [...to.parent]
  const depth = from.length - 1
  if (parent.length > depth && parentOf(from).every((index, i) => index === parent[i]) && parent[depth]! > indexOf(from)) parent[depth]! -= 1
  let index = to.index
  if (parent.length === from.length - 1 && parentOf(from).every((v, i) => v === parent[i]) && to.index > indexOf(from)) index -= 1
  const list = childrenAt(removed, parent)!
  index = Math.max(0, Math.min(index, list.length))
  return { definition: withChildren(removed, parent, (children) => [...children.slice(0, index), node, ...children.slice(index)]), path: [...parent, index] }
}

/**
 * One step up, as an outline moves: before the previous sibling; the first element of a panel
 * leaves it (just before it); the first element of a page goes to the end of the previous page.
 */
export function moveUp(definition: Definition, path: NodePath): Placed | null {
  const index = indexOf(path)
  const parent = parentOf(path)
  if (index > 0) return moveNode(definition, path, { parent, index: index - 1 })
  if (path.length === 1) return null
  if (parent.length > 1) return moveNode(definition, path, { parent: parentOf(parent), index: indexOf(parent) })
  const page = parent[0]!
  if (page === 0) return null
  return moveNode(definition, path, { parent: [page - 1], index: childrenAt(definition, [page - 1])!.length })
}

/** One step down: the mirror of `moveUp` (after the panel; to the start of the next page). */
export function moveDown(definition: Definition, path: NodePath): Placed | null {
  const index = indexOf(path)
  const parent = parentOf(path)
  const siblings = childrenAt(definition, parent)!
  if (index < siblings.length - 1) return moveNode(definition, path, { parent, index: index + 2 })
  if (path.length === 1) return null
  if (parent.length > 1) return moveNode(definition, path, { parent: parentOf(parent), index: indexOf(parent) + 1 })
  const page = parent[0]!
  if (page >= pagesOf(definition).length - 1) return null
  return moveNode(definition, path, { parent: [page + 1], index: 0 })
}

/** Into the panel just above, at its end. */
export function moveIntoPanelAbove(definition: Definition, path: NodePath): Placed | null {
  const index = indexOf(path)
  if (path.length < 2 || index === 0) return null
  const above = [...parentOf(path), index - 1]
  const panel = nodeAt(definition, above)
  if (!panel || !isPanel(panel)) return null
  return moveNode(definition, path, { parent: above, index: panel.elements?.length ?? 0 })
}

/** Out of its panel, just after it. */
export function moveOutOfPanel(definition: Definition, path: NodePath): Placed | null {
  const parent = parentOf(path)
  if (parent.length < 2) return null
  return moveNode(definition, path, { parent: parentOf(parent), index: indexOf(parent) + 1 })
}

/** A name proposed for the element at `path` from its French title, free among the other elements. */
export function proposeNameFor(definition: Definition, path: NodePath, title: string): string {
  const { elements, pages } = takenNames(definition)
  const own = nodeAt(definition, path)?.name
  const taken = path.length === 1 ? pages : elements
  if (own !== undefined) taken.delete(own)
  return proposeName(title, taken, path.length === 1 ? 'page' : 'question')
}
