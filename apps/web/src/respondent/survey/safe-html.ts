import type { Model } from 'survey-core'

/**
 * The questionnaire's HTML is checked on the server when it is saved; it is cleaned again here,
 * right before it reaches the page, with an allow-list (domain/security.md: SurveyJS itself
 * inserts HTML questions, descriptions with markup and `completedHtml` as they are, and answers
 * piped into them with `{question}` too).
 */
const ALLOWED_ELEMENTS = new Set([
  'p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'span', 'div',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
])

const ALLOWED_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  a: new Set(['href', 'title']),
  ol: new Set(['start']),
  th: new Set(['scope', 'colspan', 'rowspan']),
  td: new Set(['colspan', 'rowspan']),
}

// Removed with everything inside them; any other element outside the allow-list is replaced by
// its (cleaned) content, so that the text of an `<h1>` or a `<section>` is not lost.
const DROPPED_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'template', 'noscript', 'svg', 'math',
  'img', 'picture', 'video', 'audio', 'source', 'track', 'canvas', 'form', 'input', 'button', 'select', 'option',
  'textarea', 'link', 'meta', 'base', 'title', 'head',
])

const SAFE_URL = /^(?:https?|mailto):/i

function safeHref(value: string): string | null {
  // Browsers ignore blanks and control characters inside a URL scheme: judge the URL without them.
  const compact = value.replace(/[\s\p{Cc}]+/gu, '')
  if (!SAFE_URL.test(compact)) return null
  try {
    const url = new URL(compact)
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null
  } catch {
    return null
  }
}

function copyClean(source: Node, target: Node, doc: Document): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.appendChild(doc.createTextNode(child.textContent ?? ''))
      continue
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue // comments, processing instructions
    const element = child as Element
    const tag = element.localName.toLowerCase()
    if (DROPPED_WITH_CONTENT.has(tag)) continue
    if (!ALLOWED_ELEMENTS.has(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') {
      copyClean(element, target, doc)
      continue
    }
    const clean = doc.createElement(tag)
    const allowed = ALLOWED_ATTRIBUTES[tag]
    for (const attribute of Array.from(element.attributes)) {
      if (!allowed?.has(attribute.name)) continue
      if (attribute.name === 'href') {
        const href = safeHref(attribute.value)
        if (href) clean.setAttribute('href', href)
      } else if (/^\d{1,3}$/.test(attribute.value) || attribute.name === 'title' || attribute.name === 'scope') {
        clean.setAttribute(attribute.name, attribute.value)
      }
    }
    if (tag === 'a' && clean.hasAttribute('href')) clean.setAttribute('rel', 'noopener noreferrer')
    target.appendChild(clean)
    copyClean(element, clean, doc)
  }
}

/**
 * The markup `html` keeps only the allow-listed elements and attributes: links only to
 * http(s) or mailto addresses (with `rel="noopener noreferrer"`), no `on…` attribute, no style,
 * no script, frame, image or form. Parsed with DOMParser: the parsed document is inert (its
 * scripts never run and its images never load), and the result is rebuilt node by node.
 */
export function sanitizeHtml(html: string): string {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html')
  const out = document.implementation.createHTMLDocument('')
  const container = out.createElement('div')
  copyClean(parsed.body, container, out)
  return container.innerHTML
}

/** Text made safe to insert into HTML; braces too, so that an answer cannot pipe another one. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'{}]/g, (char) => `&#${char.charCodeAt(0)};`)
}

/** The text a person reads in a piece of (sanitised) HTML, for places that show plain text. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html
  return new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body.textContent ?? ''
}

function escapePiped(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value)
  if (Array.isArray(value)) return value.map(escapePiped)
  if (value !== null && typeof value === 'object') return escapeHtml(JSON.stringify(value))
  return value
}

/**
 * Wires the sanitiser into the survey:
 * - every answer piped into a text (`{question}`) is escaped (`onProcessDynamicText`), so that it
 *   is shown as text wherever SurveyJS treats the text as HTML;
 * - a text that contains markup or an entity (titles, descriptions, choices — and any piped answer,
 *   now escaped) is rendered as cleaned HTML (`onTextMarkdown`); plain text stays plain text;
 * - HTML questions and `completedHtml` are cleaned before display (`onProcessHtml`).
 * The piping happens before `onTextMarkdown`/`onProcessHtml` see the text, which is why the
 * values are escaped at the source rather than recognised afterwards.
 */
export function installHtmlSafety(survey: Model): void {
  survey.onProcessDynamicText.add((_, options) => {
    options.value = escapePiped(options.value)
  })
  survey.onTextMarkdown.add((_, options) => {
    if (/[<&]/.test(options.text)) options.html = sanitizeHtml(options.text)
  })
  survey.onProcessHtml.add((_, options) => {
    options.html = sanitizeHtml(options.html)
  })
}
