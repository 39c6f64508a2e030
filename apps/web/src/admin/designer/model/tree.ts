import { textIn } from './texts'

/** One element of a page or a panel: a question, an HTML block or a panel (`elements`). */
export interface ElementJson {
  type: string
  name: string
  elements?: ElementJson[]
  [property: string]: unknown
}

export interface PageJson {
  name: string
  elements?: ElementJson[]
  [property: string]: unknown
}

/** A SurveyJS questionnaire as the designer reads it: pages of elements, everything else kept as it is. */
export interface Definition {
  pages?: PageJson[]
  [property: string]: unknown
}

/**
 * Where a node is: `[page]` for a page, `[page, element]` for an element of a page, and one more
 * index per panel it sits in (`[1, 3, 0]`: the first element of the fourth element of the second page).
 */
export type NodePath = readonly number[]

/** A node's place in a list: the page or panel (`parent`, `[]` for the list of pages) and the index in it. */
export interface Slot {
  parent: NodePath
  index: number
}

export function pagesOf(definition: Definition): PageJson[] {
  return Array.isArray(definition.pages) ? definition.pages : []
}

export function isPanel(node: ElementJson | PageJson): boolean {
  return 'type' in node && node.type === 'panel'
}

export function nodeAt(definition: Definition, path: NodePath): PageJson | ElementJson | undefined {
  let node: PageJson | ElementJson | undefined = pagesOf(definition)[path[0] ?? -1]
  for (const index of path.slice(1)) node = node?.elements?.[index]
  return node
}

/** The elements of a page or a panel, or the pages themselves for `[]`. */
export function childrenAt(definition: Definition, parent: NodePath): (PageJson | ElementJson)[] | undefined {
  if (parent.length === 0) return pagesOf(definition)
  const node = nodeAt(definition, parent)
  if (!node || (parent.length > 1 && !isPanel(node))) return undefined
  return node.elements ?? []
}

export function pathKey(path: NodePath): string {
  return path.join('.')
}

export function samePath(a: NodePath, b: NodePath): boolean {
  return a.length === b.length && a.every((index, i) => index === b[i])
}

/** `b` is `a` or inside it. */
export function isWithin(b: NodePath, a: NodePath): boolean {
  return b.length >= a.length && a.every((index, i) => index === b[i])
}

/**
 * The node a lint finding is about: the longest `pages[i](.elements[j])*` prefix of its path
 * (`pages[1].elements[3].validators[0]` → `[1, 3]`); `[]` for the questionnaire itself.
 */
export function nodePathOfProblem(problemPath: string): NodePath {
  const page = /^pages\[(\d+)\]/.exec(problemPath)
  if (!page) return []
  const path = [Number(page[1])]
  let rest = problemPath.slice(page[0].length)
  for (let match = /^\.elements\[(\d+)\]/.exec(rest); match; match = /^\.elements\[(\d+)\]/.exec(rest)) {
    path.push(Number(match[1]))
    rest = rest.slice(match[0].length)
  }
  return path
}

/** Every node of the questionnaire with its path, pages first then their elements in order. */
export function walkNodes(definition: Definition): { path: NodePath; node: PageJson | ElementJson }[] {
  const found: { path: NodePath; node: PageJson | ElementJson }[] = []
  const visit = (elements: ElementJson[] | undefined, parent: NodePath) => {
    ;(elements ?? []).forEach((element, index) => {
      const path = [...parent, index]
      found.push({ path, node: element })
      if (isPanel(element)) visit(element.elements, path)
    })
  }
  pagesOf(definition).forEach((page, index) => {
    found.push({ path: [index], node: page })
    visit(page.elements, [index])
  })
  return found
}

/** What a rule or a condition can refer to: a question that holds an answer. */
export interface QuestionRef {
  name: string
  title: string
  type: string
  inputType: string | undefined
  choices: { value: string; text: string }[]
}

/** The questions that hold an answer (not panels, not HTML blocks), in questionnaire order. */
export function listQuestions(definition: Definition): QuestionRef[] {
  return walkNodes(definition)
    .filter(({ path, node }) => path.length > 1 && !isPanel(node) && (node as ElementJson).type !== 'html')
    .map(({ node }) => {
      const element = node as ElementJson
      return {
        name: element.name,
        title: textIn(element.title, 'fr') || element.name,
        type: element.type,
        inputType: typeof element.inputType === 'string' ? element.inputType : undefined,
        choices: (Array.isArray(element.choices) ? element.choices : []).map((choice: unknown) => {
          if (choice !== null && typeof choice === 'object') {
            const { value, text } = choice as { value?: unknown; text?: unknown }
            return { value: String(value), text: textIn(text, 'fr') || String(value) }
          }
          return { value: String(choice), text: String(choice) }
        }),
      }
    })
}

/** The names of every element (questions, panels, HTML blocks share one namespace) and, apart, of every page. */
export function takenNames(definition: Definition): { elements: Set<string>; pages: Set<string> } {
  const elements = new Set<string>()
  const pages = new Set<string>()
  for (const { path, node } of walkNodes(definition)) (path.length === 1 ? pages : elements).add(node.name)
  return { elements, pages }
}

/** A lint finding with the kind it is (errors block the save, warnings do not). */
export interface PlacedProblem {
  kind: 'error' | 'warning'
  path: string
  message: string
}

/** The lint's findings grouped by the node they are about (`pathKey`; `''` for the questionnaire itself). */
export function problemsByNode(result: {
  errors: { path: string; message: string }[]
  warnings: { path: string; message: string }[]
}): Map<string, PlacedProblem[]> {
  const grouped = new Map<string, PlacedProblem[]>()
  const add = (kind: 'error' | 'warning', problem: { path: string; message: string }) => {
    const key = pathKey(nodePathOfProblem(problem.path))
    grouped.set(key, [...(grouped.get(key) ?? []), { kind, ...problem }])
  }
  result.errors.forEach((problem) => add('error', problem))
  result.warnings.forEach((problem) => add('warning', problem))
  return grouped
}
