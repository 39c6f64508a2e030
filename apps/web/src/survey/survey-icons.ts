import { SvgRegistry } from 'survey-core'

/**
 * SurveyJS puts every icon it knows into the page as one SVG sprite (63 symbols, 145 elements:
 * more than a third of the first questionnaire page's DOM), where a page draws three or four of
 * them. Sonde keeps them aside and puts into the sprite only the icons the page draws: each
 * `<use href="#icon-…">` SurveyJS renders is read as it appears, and its symbol added in the same
 * task, before the browser paints. A question type or feature never seen before still gets its
 * icons, the moment it is shown.
 */

const ICON_PREFIX = 'icon-'

/** Every icon SurveyJS registered, by id; the registry keeps only those in use. */
const library: Record<string, string> = {}
let observing = false

/** The ids of the icons drawn under `root` (itself included) that the sprite lacks. */
function missingIcons(root: Element, into: Set<string>): void {
  const uses = root.localName === 'use' ? [root] : [...root.getElementsByTagName('use')]
  for (const use of uses) {
    const href = use.getAttribute('href') ?? use.getAttribute('xlink:href') ?? ''
    if (!href.startsWith(`#${ICON_PREFIX}`)) continue
    const id = href.slice(1 + ICON_PREFIX.length)
    if (library[id] !== undefined && SvgRegistry.icons[id] === undefined) into.add(id)
  }
}

function addIcons(ids: Set<string>): void {
  if (ids.size === 0) return
  for (const id of ids) SvgRegistry.icons[id] = library[id]!
  SvgRegistry.updateMarkup()
}

/** Empties SurveyJS's sprite and fills it with the icons the page draws, as it draws them (once per page; later calls do nothing). */
export function serveSurveyIconsOnDemand(): void {
  if (observing || typeof MutationObserver === 'undefined') return
  observing = true
  for (const [id, svg] of Object.entries(SvgRegistry.icons)) {
    library[id] = svg
    delete SvgRegistry.icons[id]
  }
  SvgRegistry.updateMarkup()
  const observer = new MutationObserver((records) => {
    const needed = new Set<string>()
    for (const record of records) {
      if (record.type === 'attributes') missingIcons(record.target as Element, needed)
      for (const node of record.addedNodes) if (node instanceof Element) missingIcons(node, needed)
    }
    addIcons(needed)
  })
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'xlink:href'] })
  const present = new Set<string>()
  missingIcons(document.documentElement, present)
  addIcons(present)
}
