import { proposeName } from './names'
import { textIn, withText } from './texts'

/** Where a list keeps each item's code and its text: choices, matrix rows and columns (`value`, `text`), fields of a multiple text (`name`, `title`). */
export interface ItemKeys {
  value: 'value' | 'name'
  text: 'text' | 'title'
  /** A bare string is a valid item (choices, rows, columns; not the fields of a multiple text). */
  bare: boolean
}

export const CHOICE_KEYS: ItemKeys = { value: 'value', text: 'text', bare: true }
export const FIELD_KEYS: ItemKeys = { value: 'name', text: 'title', bare: false }

type Item = string | Record<string, unknown>

function parts(item: unknown, keys: ItemKeys): { value: string; fr: string; en: string } {
  if (item !== null && typeof item === 'object') {
    const record = item as Record<string, unknown>
    return { value: String(record[keys.value] ?? ''), fr: textIn(record[keys.text], 'fr'), en: textIn(record[keys.text], 'en') }
  }
  return { value: String(item), fr: '', en: '' }
}

/** The list as staff edit it: one item a line, `code;texte français;English text` (texts left out when there are none). */
export function itemsToLines(items: readonly unknown[], keys: ItemKeys = CHOICE_KEYS): string {
  return items
    .map((item) => {
      const { value, fr, en } = parts(item, keys)
      if (en !== '') return `${value};${fr};${en}`
      return fr === '' || fr === value ? value : `${value};${fr}`
    })
    .join('\n')
}

/**
 * A pasted or typed list, one item a line: `code;texte` or `code;texte;English text`, or just the
 * text (its code is then proposed as names are: « Demande en cours » → `demande_cours`; a line that
 * already reads as a code is its own code). Items of `previous` keep what the designer does not
 * edit (an item's own `visibleIf`…). Empty lines are skipped.
 */
export function linesToItems(text: string, previous: readonly unknown[] = [], keys: ItemKeys = CHOICE_KEYS): Item[] {
  const before = new Map(previous.map((item) => [parts(item, keys).value, item]))
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const taken = new Set<string>()
  for (const line of lines) if (line.includes(';')) taken.add(line.split(';')[0]!.trim())
  return lines.map((line) => {
    const fields = line.split(';').map((field) => field.trim())
    let value: string
    let fr: string
    let en = ''
    if (fields.length === 1) {
      fr = fields[0]!
      value = /^[a-z][a-z0-9_]*$/.test(fr) && !taken.has(fr) ? fr : proposeName(fr, taken, 'choix')
      if (value === fr) fr = ''
      taken.add(value)
    } else {
      value = fields[0]!
      fr = fields[1]!
      en = fields.slice(2).join(';')
    }
    const old = before.get(value)
    const kept = old !== null && typeof old === 'object' ? (old as Record<string, unknown>) : {}
    const label = withText(withText(kept[keys.text], 'fr', fr === value && en === '' ? '' : fr), 'en', en)
    if (keys.bare && label === undefined && Object.keys(kept).every((key) => key === keys.value || key === keys.text)) return value
    const item: Record<string, unknown> = { ...kept, [keys.value]: value }
    if (label === undefined) delete item[keys.text]
    else item[keys.text] = label
    return item
  })
}
