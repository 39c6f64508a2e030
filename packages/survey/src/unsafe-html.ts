/** Entities that browsers decode inside attributes, used to hide `javascript:` from naive checks. */
const NAMED_ENTITIES: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', lpar: '(', rpar: ')' }

function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));?/gi, (match, hex?: string, decimal?: string, named?: string) => {
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16) % 0x110000)
    if (decimal !== undefined) return String.fromCodePoint(Number.parseInt(decimal, 10) % 0x110000)
    return NAMED_ENTITIES[(named ?? '').toLowerCase()] ?? match
  })
}

const TAG_RULES: Array<[RegExp, string]> = [
  [/<\s*script\b/i, 'balise <script>'],
  [/<\s*(?:iframe|object|embed)\b/i, 'contenu embarqué (<iframe>, <object> ou <embed>)'],
  [/<[a-z][^>]*[\s"'/]on[a-z]+\s*=/i, 'attribut de gestion d’événement (on…=)'],
]

// Checked inside tags and Markdown link targets only (French puts a space before a colon in
// prose: « JavaScript : … » is text). Browsers ignore blanks and control characters inside a URL
// scheme, so these are tested with them removed.
const URL_RULES: Array<[RegExp, string]> = [
  [/(?:java|vb)script:/i, 'adresse javascript:'],
  [/data:text\/html/i, 'adresse data:text/html'],
]

/**
 * Names the first active content found in a text shown as HTML to respondents, or returns `null`:
 * `<script>`, embedded frames and objects, `on…=` event attributes, `javascript:`/`vbscript:` and
 * `data:text/html` URLs in a tag or a Markdown link. Character references are decoded and the
 * blanks browsers ignore inside a URL scheme removed first, so `jav&#x61;script:` is caught too. A questionnaire is data uploaded by
 * staff and rendered in respondents' browsers: it must not carry code.
 */
export function findUnsafeHtml(text: string): string | null {
  const decoded = decodeEntities(text)
  for (const [pattern, label] of TAG_RULES) if (pattern.test(decoded)) return label
  const places = [...decoded.matchAll(/<[a-z][^>]*>?|\]\([^)]*\)?/gi)].map(([place]) => place.replace(/[\s\p{Cc}]+/gu, ''))
  for (const [pattern, label] of URL_RULES) if (places.some((place) => pattern.test(place))) return label
  return null
}
