import type { DiffElement, ElementPlace, QuestionnaireDiff, RuleChange, WordingChange } from '@sonde/contracts'
import { NON_ANSWER_TYPES } from './list-questions'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** One element of a questionnaire (question, panel, html block) in reading order. */
export interface OutlineElement {
  /** What it is matched by across versions: its name; `<dynamic panel>.<name>` inside a dynamic panel's template, whose names are its own. */
  key: string
  name: string
  type: string
  /** Its JSON path, as the lint writes them (`pages[1].elements[0].elements[2]`). */
  path: string
  page: string
  panel: string | null
  json: Json
}

export interface QuestionnaireOutline {
  pages: { name: string; path: string; json: Json }[]
  elements: OutlineElement[]
}

/**
 * The pages and the elements of a questionnaire, in reading order, each with its place (page,
 * enclosing panel) and JSON path. Reads the JSON only (no survey-core model): cheap enough to run
 * on every version of a wave. Elements without a name (which the lint refuses) are keyed by path.
 */
export function outlineQuestionnaire(definition: unknown): QuestionnaireOutline {
  const outline: QuestionnaireOutline = { pages: [], elements: [] }
  const pages = isObject(definition) && Array.isArray(definition.pages) ? definition.pages : []
  const walk = (elements: unknown, path: string, page: string, panel: string | null, prefix: string) => {
    if (!Array.isArray(elements)) return
    elements.forEach((element, index) => {
      if (!isObject(element)) return
      const elementPath = `${path}[${index}]`
      const name = typeof element.name === 'string' ? element.name : elementPath
      const type = typeof element.type === 'string' ? element.type : ''
      outline.elements.push({ key: prefix + name, name, type, path: elementPath, page, panel, json: element })
      if (type === 'panel') walk(element.elements, `${elementPath}.elements`, page, name, prefix)
      if (type === 'paneldynamic') walk(element.templateElements, `${elementPath}.templateElements`, page, name, `${prefix}${name}.`)
    })
  }
  pages.forEach((page, index) => {
    if (!isObject(page)) return
    const path = `pages[${index}]`
    const name = typeof page.name === 'string' ? page.name : path
    outline.pages.push({ name, path, json: page })
    walk(page.elements, `${path}.elements`, name, null, '')
  })
  return outline
}

/** The number of questions people answer (panels, html blocks, images and expressions are not counted). */
export function countQuestions(definition: unknown): number {
  return outlineQuestionnaire(definition).elements.filter((element) => element.type !== 'panel' && !NON_ANSWER_TYPES.has(element.type)).length
}

// Properties whose strings are shown to people: titles, help texts, choice and validator texts,
// labels, messages (`requiredErrorText`, `otherText`…), HTML content. Everything else — names,
// values, types, bounds, expressions, display settings — is structure.
const TEXT_KEY =
  /^(?:title|description|html|text|placeholder|label|labelTrue|labelFalse|minRateDescription|maxRateDescription)$|(?:Text|Html|Title|Description|Placeholder|Caption)$/
const LOCALE_KEY = /^(?:default|[a-z]{2}(?:-[a-z]{2,4})?)$/i

/** A text, plain (French, the default locale) or localised (`{ default, en }`), or absent. */
function isText(value: unknown): value is string | Record<string, string> | undefined {
  if (value === undefined || typeof value === 'string') return true
  return isObject(value) && Object.entries(value).every(([key, text]) => LOCALE_KEY.test(key) && typeof text === 'string')
}

function textIn(value: string | Record<string, string> | undefined, locale: 'fr' | 'en'): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return locale === 'fr' ? value : ''
  return locale === 'fr' ? (value.fr ?? value.default ?? '') : (value.en ?? '')
}

const SHOWN_MAX = 300

/** A value as a person reads it in a diff: strings as written, the rest as JSON, long ones cut. */
function shown(value: unknown): string | null {
  if (value === undefined) return null
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX - 1)}…` : text
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]))
  }
  return false
}

interface Changes {
  wording: WordingChange[]
  rules: RuleChange[]
}

/** What identifies an item of a list of choices, rows, columns or items: its `value`, else its `name`, else the item itself. */
function itemId(item: unknown): unknown {
  return isObject(item) ? ('value' in item ? item.value : item.name) : item
}

/** The identity of each item of a list (`itemId`, as text), or null when the list has none or repeats one. */
function itemIds(list: unknown[]): string[] | null {
  const ids: string[] = []
  for (const item of list) {
    const id = itemId(item)
    if (typeof id !== 'string' && typeof id !== 'number' && typeof id !== 'boolean') return null
    ids.push(String(id))
  }
  return new Set(ids).size === ids.length ? ids : null
}

/** A bare item (`"oui"`) as the object SurveyJS reads it as: its value shown as its text. */
function asItem(item: unknown, identity: 'value' | 'name'): Json {
  if (isObject(item)) return item
  return identity === 'value' ? { value: item, text: String(item) } : { name: item, title: String(item) }
}

function compareLists(field: string, before: unknown[], after: unknown[], changes: Changes): void {
  const beforeIds = itemIds(before)
  const afterIds = itemIds(after)
  if (!beforeIds || !afterIds) {
    // Validators, triggers…: compared place by place when there are as many.
    if (before.length !== after.length) changes.rules.push({ field, before: shown(before), after: shown(after) })
    else before.forEach((item, index) => compareValue(`${field}[${index}]`, '', item, after[index], changes))
    return
  }
  for (const id of beforeIds) if (!afterIds.includes(id)) changes.rules.push({ field, before: id, after: null })
  for (const id of afterIds) if (!beforeIds.includes(id)) changes.rules.push({ field, before: null, after: id })
  const keptBefore = beforeIds.filter((id) => afterIds.includes(id))
  const keptAfter = afterIds.filter((id) => beforeIds.includes(id))
  if (keptBefore.some((id, index) => keptAfter[index] !== id)) {
    changes.rules.push({ field: `${field} (ordre)`, before: keptBefore.join(', '), after: keptAfter.join(', ') })
  }
  for (const id of keptBefore) {
    const old = before[beforeIds.indexOf(id)]
    const next = after[afterIds.indexOf(id)]
    // 1 and "1" read alike, but the answers stored and the conditions written against them differ.
    if (typeof itemId(old) !== typeof itemId(next)) {
      changes.rules.push({ field: `${field}[${id}]`, before: JSON.stringify(itemId(old)), after: JSON.stringify(itemId(next)) })
    }
    const identity = isObject(old) ? ('value' in old ? 'value' : 'name') : isObject(next) && 'name' in next && !('value' in next) ? 'name' : 'value'
    compareProperties(`${field}[${id}]`, asItem(old, identity), asItem(next, identity), new Set([identity]), changes)
  }
}

function compareValue(field: string, key: string, before: unknown, after: unknown, changes: Changes): void {
  if (sameJson(before, after)) return
  if (TEXT_KEY.test(key) && isText(before) && isText(after)) {
    for (const locale of ['fr', 'en'] as const) {
      const old = textIn(before, locale)
      const next = textIn(after, locale)
      if (old !== next) changes.wording.push({ field, locale, before: old, after: next })
    }
    return
  }
  if (Array.isArray(before) && Array.isArray(after)) return compareLists(field, before, after, changes)
  if (isObject(before) && isObject(after)) return compareProperties(field, before, after, new Set(), changes)
  changes.rules.push({ field, before: shown(before), after: shown(after) })
}

function compareProperties(prefix: string, before: Json, after: Json, skip: ReadonlySet<string>, changes: Changes): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  for (const key of keys) {
    if (skip.has(key)) continue
    compareValue(prefix === '' ? key : `${prefix}.${key}`, key, before[key], after[key], changes)
  }
}

/** Indices of one longest increasing run (not necessarily contiguous) of `sequence` (patience sorting, O(n log n)). */
function longestIncreasing(sequence: readonly number[]): Set<number> {
  const tails: number[] = []
  const previous: number[] = []
  sequence.forEach((value, index) => {
    let low = 0
    let high = tails.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (sequence[tails[middle]!]! < value) low = middle + 1
      else high = middle
    }
    previous[index] = low > 0 ? tails[low - 1]! : -1
    tails[low] = index
  })
  const kept = new Set<number>()
  for (let index = tails.length > 0 ? tails[tails.length - 1]! : -1; index >= 0; index = previous[index]!) kept.add(index)
  return kept
}

function titleOf(json: Json, fallback: string): string {
  return isText(json.title) ? textIn(json.title, 'fr') || fallback : fallback
}

function describe(element: OutlineElement): DiffElement {
  return { name: element.name, type: element.type, title: titleOf(element.json, element.name), page: element.page, panel: element.panel }
}

function place(element: OutlineElement): ElementPlace {
  return { page: element.page, panel: element.panel }
}

function recordChanges(diff: QuestionnaireDiff, target: { name: string; type: string; title: string }, changes: Changes): void {
  if (changes.wording.length > 0) diff.reworded.push({ ...target, changes: changes.wording })
  if (changes.rules.length > 0) diff.rulesChanged.push({ ...target, changes: changes.rules })
}

/**
 * The readable difference between two versions of a questionnaire (or the questionnaires of two
 * waves). Pages and elements are matched by name (a renamed question is one removed and one
 * added: names are the keys of the answers). Lists pages added and removed; elements added,
 * removed and moved — to another page or panel, or out of the order of the elements both share
 * (those outside one longest common order: moving one question reports that one, not all that
 * follow); texts reworded, field by field and per language (`title`, `description`, choice,
 * validator and error texts, labels, HTML content — old → new); and every other change as a
 * rule change: type and `inputType`, `isRequired`, choice values added, removed or reordered,
 * validators, bounds, `visibleIf`/`enableIf`/`requiredIf` and other expressions, display
 * settings. The questionnaire's own properties appear under type `survey`, a page's under type
 * `page`. Pure: reads the JSON only.
 */
export function diffQuestionnaires(before: unknown, after: unknown): QuestionnaireDiff {
  const diff: QuestionnaireDiff = { pagesAdded: [], pagesRemoved: [], added: [], removed: [], moved: [], reworded: [], rulesChanged: [] }
  const old = outlineQuestionnaire(before)
  const next = outlineQuestionnaire(after)

  const rootChanges: Changes = { wording: [], rules: [] }
  compareProperties('', isObject(before) ? before : {}, isObject(after) ? after : {}, new Set(['pages']), rootChanges)
  recordChanges(diff, { name: '', type: 'survey', title: isObject(after) ? titleOf(after, '') : '' }, rootChanges)

  const oldPages = new Map(old.pages.map((page) => [page.name, page]))
  const newPages = new Map(next.pages.map((page) => [page.name, page]))
  for (const page of old.pages) if (!newPages.has(page.name)) diff.pagesRemoved.push({ name: page.name, title: titleOf(page.json, page.name) })
  for (const page of next.pages) {
    const previous = oldPages.get(page.name)
    if (!previous) {
      diff.pagesAdded.push({ name: page.name, title: titleOf(page.json, page.name) })
      continue
    }
    const changes: Changes = { wording: [], rules: [] }
    compareProperties('', previous.json, page.json, new Set(['elements']), changes)
    recordChanges(diff, { name: page.name, type: 'page', title: titleOf(page.json, page.name) }, changes)
  }

  const oldElements = new Map(old.elements.map((element, order) => [element.key, { element, order }]))
  const newKeys = new Set(next.elements.map((element) => element.key))
  for (const element of old.elements) if (!newKeys.has(element.key)) diff.removed.push(describe(element))

  // Elements in the same place in both: those out of their common order have moved.
  const stayed: { element: OutlineElement; oldOrder: number }[] = []
  for (const element of next.elements) {
    const previous = oldElements.get(element.key)
    if (!previous) {
      diff.added.push(describe(element))
      continue
    }
    const from = place(previous.element)
    const to = place(element)
    if (from.page !== to.page || from.panel !== to.panel) diff.moved.push({ ...describe(element), from, to })
    else stayed.push({ element, oldOrder: previous.order })
    const changes: Changes = { wording: [], rules: [] }
    compareProperties('', previous.element.json, element.json, new Set(['name', 'elements', 'templateElements']), changes)
    recordChanges(diff, { name: element.name, type: element.type, title: titleOf(element.json, element.name) }, changes)
  }
  const inOrder = longestIncreasing(stayed.map((entry) => entry.oldOrder))
  stayed.forEach(({ element }, index) => {
    if (!inOrder.has(index)) diff.moved.push({ ...describe(element), from: place(element), to: place(element) })
  })
  return diff
}

/** Whether only texts changed (titles, help texts, choice texts, validator and error messages, page titles, HTML content): the only changes an open wave accepts. */
export function isWordingOnly(diff: QuestionnaireDiff): boolean {
  return (
    diff.pagesAdded.length === 0 &&
    diff.pagesRemoved.length === 0 &&
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.moved.length === 0 &&
    diff.rulesChanged.length === 0
  )
}

/** How a sentence names an element of this type: as its subject, and after « de ». */
function kindOf(type: string): { noun: string; feminine: boolean; of: string } {
  if (type === 'panel' || type === 'paneldynamic') return { noun: 'Panneau', feminine: false, of: 'du panneau' }
  if (type === 'html') return { noun: 'Bloc de texte', feminine: false, of: 'du bloc de texte' }
  return { noun: 'Question', feminine: true, of: 'de la question' }
}

function where(at: ElementPlace): string {
  return at.panel ? `page ${at.page}, panneau ${at.panel}` : `page ${at.page}`
}

/**
 * The changes of structure of a diff (everything but wording), one French sentence each, in the
 * order a person reviews them: pages, elements added, removed, moved, then rules.
 */
export function describeStructuralChanges(diff: QuestionnaireDiff): string[] {
  const lines: string[] = []
  for (const page of diff.pagesAdded) lines.push(`Page ajoutée : ${page.name} (« ${page.title} »).`)
  for (const page of diff.pagesRemoved) lines.push(`Page retirée : ${page.name} (« ${page.title} »).`)
  const line = (element: DiffElement, verb: string, rest: string) => {
    const { noun, feminine } = kindOf(element.type)
    return `${noun} ${verb}${feminine ? 'e' : ''} : ${element.name} (« ${element.title} »)${rest}.`
  }
  for (const element of diff.added) lines.push(line(element, 'ajouté', `, ${where(element)}`))
  for (const element of diff.removed) lines.push(line(element, 'retiré', `, ${where(element)}`))
  for (const element of diff.moved) {
    const sameplace = element.from.page === element.to.page && element.from.panel === element.to.panel
    lines.push(line(element, 'déplacé', sameplace ? `, ordre changé (${where(element.to)})` : `, de la ${where(element.from)} à la ${where(element.to)}`))
  }
  for (const element of diff.rulesChanged) {
    const changes = element.changes.map((change) => `${change.field} : ${change.before ?? '(absent)'} → ${change.after ?? '(absent)'}`)
    const subject =
      element.type === 'survey' ? 'du questionnaire' : element.type === 'page' ? `de la page ${element.name}` : `${kindOf(element.type).of} ${element.name}`
    lines.push(`Règles modifiées ${subject} : ${changes.join(' ; ')}.`)
  }
  return lines
}
