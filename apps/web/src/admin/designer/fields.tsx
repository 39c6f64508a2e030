import { useEffect, useId, useState, type ReactNode } from 'react'
import { t } from '../../i18n'
import { entryProblem, formatEntry } from '../../survey/number-entry/entry-text'
import { parseNumber } from '../../survey/number-entry/parse-number'
import { itemsToLines, linesToItems, type ItemKeys } from './model/choices'
import { textIn, withText, type Localised } from './model/texts'

/**
 * One questionnaire text in French and English side by side. Each box is named by the field and
 * its language (« Titre, français »), for screen readers and for tests alike.
 */
export function TextPair({
  label,
  value,
  onChange,
  multiline = false,
  hint,
}: {
  label: string
  value: unknown
  onChange(value: Localised | undefined): void
  multiline?: boolean
  hint?: string
}) {
  const id = useId()
  const box = (lang: 'fr' | 'en') => {
    const props = {
      id: `${id}-${lang}`,
      value: textIn(value, lang),
      lang,
      'aria-describedby': hint ? `${id}-hint` : undefined,
      onChange: (event: { target: { value: string } }) => onChange(withText(value, lang, event.target.value)),
    }
    return (
      <div className="field designer-pair__box">
        <label htmlFor={`${id}-${lang}`}>
          <span className="visually-hidden">{label}, </span>
          {t(lang === 'fr' ? 'admin.designer.lang.fr' : 'admin.designer.lang.en')}
        </label>
        {multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
      </div>
    )
  }
  return (
    <fieldset className="designer-pair">
      <legend>{label}</legend>
      <div className="designer-pair__boxes">
        {box('fr')}
        {box('en')}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
    </fieldset>
  )
}

/** What a number box holds: the number typed, `null` for an empty box, `undefined` while it is not a number (the indicator editor's reading). */
function readNumber(text: string): number | null | undefined {
  const reading = parseNumber(text)
  return reading.kind === 'number' ? reading.value : reading.kind === 'empty' ? null : undefined
}

/** A stored number without groups ("1607", "0,5"), given one more decimal when it would read two ways ("1,6070" for 1.607). */
function writeNumber(value: number | null): string {
  if (value === null) return ''
  const text = formatEntry(value, false)
  return readNumber(text) === value ? text : `${text}0`
}

/** A number box that keeps what is typed while it is not a number yet, and says so. */
export function NumberField({ label, value, onChange, hint }: { label: string; value: number | null; onChange(value: number | null): void; hint?: string }) {
  const id = useId()
  const [text, setText] = useState(writeNumber(value))
  useEffect(() => {
    setText((current) => (readNumber(current) === value ? current : writeNumber(value)))
  }, [value])
  const problem = entryProblem(text)
  const invalid = problem !== null
  return (
    <div className="field designer-number">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        className="input--short"
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={[hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].join(' ').trim() || undefined}
        onChange={(event) => {
          setText(event.target.value)
          const parsed = readNumber(event.target.value)
          if (parsed !== undefined) onChange(parsed)
        }}
      />
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {invalid ? (
        <p id={`${id}-error`} className="field__error">
          {problem}
        </p>
      ) : null}
    </div>
  )
}

/**
 * A list of choices (or rows, columns, fields) as lines of text, `code;texte;English`: staff paste
 * a list from anywhere. Applied as typed; when only texts may change (an opened wave), a change of
 * codes is refused and said.
 */
export function ItemsField({
  label,
  items,
  keys,
  onChange,
  codesLocked,
}: {
  label: string
  items: readonly unknown[]
  keys: ItemKeys
  onChange(items: unknown[]): void
  codesLocked: boolean
}) {
  const id = useId()
  const [text, setText] = useState(() => itemsToLines(items, keys))
  const [refused, setRefused] = useState(false)
  const [last, setLast] = useState(items)
  if (items !== last) {
    // Changed from elsewhere (the JSON view, an undo): show it, unless it is what was typed here.
    setLast(items)
    if (JSON.stringify(linesToItems(text, items, keys)) !== JSON.stringify(items)) setText(itemsToLines(items, keys))
  }
  const codes = (list: readonly unknown[]) =>
    list.map((item) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[keys.value] : item))
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={Math.min(12, Math.max(3, items.length + 1))}
        value={text}
        spellCheck={false}
        aria-invalid={refused || undefined}
        aria-describedby={`${id}-hint${refused ? ` ${id}-error` : ''}`}
        onChange={(event) => {
          setText(event.target.value)
          const next = linesToItems(event.target.value, items, keys)
          if (codesLocked && JSON.stringify(codes(next)) !== JSON.stringify(codes(items))) {
            setRefused(true)
            return
          }
          setRefused(false)
          setLast(next)
          onChange(next)
        }}
      />
      <p id={`${id}-hint`} className="field__hint">
        {t('admin.designer.items.hint')}
      </p>
      {refused ? (
        <p id={`${id}-error`} className="field__error">
          {t('admin.designer.items.codesLocked')}
        </p>
      ) : null}
    </div>
  )
}

/** A check box with its label and an optional hint. */
export function CheckField({
  label,
  checked,
  onChange,
  hint,
  disabled,
}: {
  label: string
  checked: boolean
  onChange(checked: boolean): void
  hint?: ReactNode
  disabled?: boolean
}) {
  const id = useId()
  return (
    <div className="field field--check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  )
}
