/**
 * The allow-list for questionnaire HTML (docs/security.md, "Lessons from the field": SurveyJS inserts HTML questions,
 * descriptions with markup and `completedHtml` as they are). One policy, applied by two cleaners:
 * the server's on save (`sanitizeQuestionnaireHtml`, parsed with htmlparser2) and the browser's
 * right before display (DOMParser, apps/web). This module has no dependency, so that the browser
 * bundle takes the policy without the server's parser.
 */

const KEPT = new Set([
  'p',
  'br',
  'strong',
  'em',
  'b',
  'i',
  'ul',
  'ol',
  'li',
  'a',
  'h2',
  'h3',
  'h4',
  'span',
  'div',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
])

/** Elements without content or closing tag. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set(['br'])

const ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  a: new Set(['href', 'title']),
  ol: new Set(['start']),
  th: new Set(['scope', 'colspan', 'rowspan']),
  td: new Set(['colspan', 'rowspan']),
}

// Removed with everything inside them; any other element outside the allow-list is replaced by
// its (cleaned) content, so that the text of an `<h1>` or a `<section>` is not lost.
const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'template',
  'noscript',
  'svg',
  'math',
  'img',
  'picture',
  'video',
  'audio',
  'source',
  'track',
  'canvas',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'link',
  'meta',
  'base',
  'title',
  'head',
  'xmp',
  'noembed',
  'noframes',
  'plaintext',
])

/** What becomes of an element: kept (with its cleaned attributes), unwrapped (its content kept), or dropped whole. */
export type ElementFate = 'keep' | 'unwrap' | 'drop'

export function elementFate(tagName: string): ElementFate {
  const tag = tagName.toLowerCase()
  if (DROPPED_WITH_CONTENT.has(tag)) return 'drop'
  return KEPT.has(tag) ? 'keep' : 'unwrap'
}

/** An http(s) or mailto address as written back, or `null` for anything else (`javascript:`, `data:`, relative…). */
export function safeHref(value: string): string | null {
  // Browsers ignore blanks and control characters inside a URL scheme: judge the URL without them.
  const compact = value.replace(/[\s\p{Cc}]+/gu, '')
  if (!/^(?:https?|mailto):/i.test(compact)) return null
  try {
    const url = new URL(compact)
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null
  } catch {
    return null
  }
}

/**
 * The attributes a kept element keeps: `href` (http, https, mailto only) and `title` on links,
 * `start` on lists, `scope`, `colspan` and `rowspan` on table cells (numbers of 1 to 3 digits,
 * `scope` among its four keywords) — no `on…`, `style`, `class` or `id`. Links get
 * `rel="noopener noreferrer"` (whatever `rel` they had). Returns the kept pairs and the names of the dropped ones.
 */
export function cleanAttributes(tagName: string, attributes: Iterable<readonly [string, string]>): { kept: [string, string][]; dropped: string[] } {
  const tag = tagName.toLowerCase()
  const allowed = ATTRIBUTES[tag]
  const kept: [string, string][] = []
  const dropped: string[] = []
  for (const [rawName, value] of attributes) {
    const name = rawName.toLowerCase()
    if (tag === 'a' && name === 'rel') continue // replaced by Sonde's own below
    const clean = allowed?.has(name) ? cleanValue(name, value) : null
    if (clean === null) dropped.push(name)
    else kept.push([name, clean])
  }
  if (tag === 'a' && kept.some(([name]) => name === 'href')) kept.push(['rel', 'noopener noreferrer'])
  return { kept, dropped }
}

function cleanValue(name: string, value: string): string | null {
  switch (name) {
    case 'href':
      return safeHref(value)
    case 'title':
      return value
    case 'scope':
      return /^(?:row|col|rowgroup|colgroup)$/i.test(value) ? value.toLowerCase() : null
    default:
      return /^\d{1,3}$/.test(value) ? value : null
  }
}

/** Text made safe to insert into HTML; braces too, so that an answer cannot pipe another one. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'{}]/g, (char) => `&#${char.charCodeAt(0)};`)
}
