import type { Model } from 'survey-core'
import { cleanAttributes, elementFate, escapeHtml } from '@sonde/survey/html-policy'

export { escapeHtml }

/**
 * The questionnaire's HTML is cleaned on the server when it is saved; it is cleaned again here,
 * right before it reaches the page, with the same allow-list (`@sonde/survey/html-policy`;
 * docs/security.md, "Lessons from the field": SurveyJS itself inserts HTML questions, descriptions with markup and
 * `completedHtml` as they are, and answers piped into them with `{question}` too).
 */
function copyClean(source: Node, target: Node, doc: Document): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.appendChild(doc.createTextNode(child.textContent ?? ''))
      continue
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue // comments, processing instructions
    const element = child as Element
    let fate = elementFate(element.localName)
    if (fate === 'keep' && element.namespaceURI !== 'http://www.w3.org/1999/xhtml') fate = 'unwrap'
    if (fate === 'drop') continue
    if (fate === 'unwrap') {
      copyClean(element, target, doc)
      continue
    }
    const clean = doc.createElement(element.localName.toLowerCase())
    const { kept } = cleanAttributes(
      element.localName,
      Array.from(element.attributes, (a) => [a.name, a.value] as const),
    )
    for (const [name, value] of kept) clean.setAttribute(name, value)
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
