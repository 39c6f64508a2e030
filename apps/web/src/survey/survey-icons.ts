import { SvgRegistry } from 'survey-core'

/**
 * SurveyJS puts every icon it knows into the page as one SVG sprite (63 symbols, 145 elements: more
 * than a third of the first page's DOM). Most belong to question types and features a Sonde
 * questionnaire rarely uses. A group is left out only when none of its keywords appears anywhere in
 * the questionnaire's JSON, so a questionnaire that does use ratings or files still gets their icons.
 */
const OPTIONAL_ICON_GROUPS: { keywords: string[]; icons: RegExp }[] = [
  { keywords: ['rating'], icons: /^(rating-star|smiley-rate)/ },
  { keywords: ['file', 'signaturepad', 'camera'], icons: /^(camera-|file-72|folder-|flip-)/ },
  { keywords: ['image', 'file', 'logo'], icons: /^(image-48|noimage-48)/ },
  {
    keywords: ['ranking', 'matrixdynamic', 'paneldynamic', 'DragAndDrop', 'Reorder'],
    icons: /^(drag-|draghorizontal-|reorder-|rankingundefined-)/,
  },
  {
    keywords: ['matrixdynamic', 'matrixdropdown', 'paneldynamic', 'detailPanel'],
    icons: /^(add-24|delete-|plus-32|minus-32|collapsedetails-|expanddetails-|editsmall-)/,
  },
  { keywords: ['collapsed', 'expanded'], icons: /^(collapse-16|expand-16)/ },
  { keywords: ['timer', 'timeLimit'], icons: /^timercircle/ },
  { keywords: ['progress', 'toc', 'TOC'], icons: /^(progressbutton|navmenu-)/ },
  { keywords: ['choicesByUrl'], icons: /^loading-/ },
  // The "modern" theme's icons and the pop-up survey window: never used by Sonde's pages.
  { keywords: [], icons: /^(modernbooleancheckind|moderncheck|modernradio|maximize-|minimize-|restoredown-|fullsize-)/ },
]

// Icons taken out, kept to be put back for a later questionnaire that needs them (the staff
// preview shows several questionnaires on one page).
const removed: Record<string, string> = {}

/** Keeps in SurveyJS's sprite only the icons `questionnaire` can need. */
export function trimSurveyIcons(questionnaire: Record<string, unknown>): void {
  const json = JSON.stringify(questionnaire)
  const unused = OPTIONAL_ICON_GROUPS.filter((group) => !group.keywords.some((keyword) => json.includes(keyword)))
  const isUnused = (id: string) => unused.some((group) => group.icons.test(id))
  let changed = false
  for (const [id, svg] of Object.entries(removed)) {
    if (isUnused(id)) continue
    SvgRegistry.icons[id] = svg
    delete removed[id]
    changed = true
  }
  for (const [id, svg] of Object.entries(SvgRegistry.icons)) {
    if (!isUnused(id)) continue
    removed[id] = svg
    delete SvgRegistry.icons[id]
    changed = true
  }
  if (changed) SvgRegistry.updateMarkup()
}
