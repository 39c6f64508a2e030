import { Parser } from 'htmlparser2'
import { cleanAttributes, elementFate, VOID_ELEMENTS } from './html-policy'

export interface SanitizedHtml {
  html: string
  /** What was taken out, in French, each once: `<script>`, `attribut onerror`, `commentaire`… */
  removed: string[]
  /** Whether the text held any markup at all (an element, a comment…), or only text. */
  markup: boolean
}

const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
const escapeAttribute = (text: string) => escapeText(text).replaceAll('"', '&quot;')

/**
 * Rebuilds `html` from the allow-list of `html-policy`: kept elements with their cleaned
 * attributes, other elements unwrapped (their text kept) or dropped with their content (scripts,
 * frames, forms, media…), comments and processing instructions removed. Every text is written
 * back escaped, so nothing but the allowed elements can come out of it; `{question}` piping stays
 * as it is. Parsed with htmlparser2, which decodes character references first (`jav&#x61;script:`
 * is seen as `javascript:`).
 */
export function sanitizeHtml(html: string): SanitizedHtml {
  let out = ''
  const removed = new Set<string>()
  // The fate of each open element, innermost last; inside a dropped one, nothing is written.
  const open: { tag: string; kept: boolean; dropped: boolean }[] = []
  let droppedDepth = 0
  let markup = false
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        markup = true
        const fate = droppedDepth > 0 ? 'drop' : elementFate(tag)
        if (droppedDepth === 0 && fate !== 'keep') removed.add(`<${tag}>`)
        if (fate === 'drop') droppedDepth++
        open.push({ tag, kept: fate === 'keep', dropped: fate === 'drop' })
        if (fate !== 'keep') return
        const { kept, dropped } = cleanAttributes(tag, Object.entries(attributes))
        for (const name of dropped) removed.add(/^on/.test(name) ? `attribut ${name}` : `attribut ${name} de <${tag}>`)
        out += `<${tag}${kept.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('')}>`
      },
      onclosetag() {
        // htmlparser2 closes its elements in order, implied ones included: the innermost open one.
        const element = open.pop()
        if (!element) return
        if (element.dropped) droppedDepth--
        else if (element.kept && !VOID_ELEMENTS.has(element.tag)) out += `</${element.tag}>`
      },
      ontext(text) {
        if (droppedDepth === 0) out += escapeText(text)
      },
      oncomment() {
        markup = true
        removed.add('commentaire')
      },
      onprocessinginstruction(name) {
        markup = true
        removed.add(`<${name}>`)
      },
      oncdatastart() {
        markup = true
        removed.add('CDATA')
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeCDATA: false },
  )
  parser.write(html)
  parser.end()
  return { html: out, removed: [...removed], markup }
}
