import { createElement, useState, type ChangeEvent, type JSX } from 'react'
import type { QuestionTextModel } from 'survey-core'
import { ReactQuestionFactory, SurveyQuestionText } from 'survey-react-ui'
import { formatEntry, groupsThousands } from './entry-text'
import { surveyDrafts } from './number-drafts'
import { parseNumber } from './parse-number'

function storedNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/**
 * Sonde's own field for a numeric question: `<input type="text" inputmode="decimal">` rather than
 * `<input type="number">`, whose reading depends on the browser's language (in an English
 * Chromium, "21,5" was stored as 215). The text is read by `parseNumber`, the same in every
 * browser: a number is stored as it is typed (autosave as today), anything else clears the answer
 * and stays in the field as a draft (`NumberDrafts`), with its message at the field once the person
 * leaves it. Left, the field shows the number as it is stored, in the interface's format
 * ("1 607,5"; a year without groups); while edited, without groups, so that an English "1,607" is
 * never edited into "1,6078". The question keeps `inputType: "number"`, so its numeric rules (min,
 * max, step, validators) and the server's are unchanged.
 */
function NumberField({ question }: { question: QuestionTextModel }) {
  const drafts = surveyDrafts.of(question)
  const grouped = groupsThousands(question)
  const shownAs = (value: number | undefined, editing: boolean) => (value === undefined ? '' : formatEntry(value, grouped && !editing))
  const value = storedNumber(question.value)
  const [focused, setFocused] = useState(false)
  const [state, setState] = useState(() => ({ text: drafts?.get(question)?.text ?? shownAs(value, false), value }))

  let text = state.text
  if (state.value !== value) {
    // The answer changed without this field (a colleague's answer, a choice between two answers,
    // answers restored after a reload): show it, and forget a draft it replaces.
    const draft = value === undefined ? drafts?.get(question) : undefined
    if (value !== undefined) drafts?.clear(question)
    text = draft?.text ?? shownAs(value, focused)
    setState({ text, value })
  }

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const typed = event.target.value
    const reading = parseNumber(typed)
    const next = reading.kind === 'number' ? reading.value : undefined
    if (reading.kind === 'number' || reading.kind === 'empty') drafts?.clear(question)
    else drafts?.set(question, typed)
    setState({ text: typed, value: next })
    if (storedNumber(question.value) !== next) question.value = next
    // A message already shown follows the text: gone once it is a number, updated otherwise.
    if (question.errors.length > 0) question.validate(true, false, true)
  }

  const onFocus = () => {
    setFocused(true)
    if (!drafts?.get(question) && value !== undefined) setState({ text: shownAs(value, true), value })
  }

  const onBlur = () => {
    setFocused(false)
    if (drafts?.get(question)) {
      drafts.show(question)
      question.validate(true, false, true)
    } else {
      setState({ text: shownAs(value, false), value })
    }
  }

  const blocking = question.errors.some((error) => error.visible && error.isError)
  return (
    <input
      id={question.inputId}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      className={question.getControlClass()}
      style={question.inputStyle}
      size={question.inputSize}
      placeholder={question.renderedPlaceholder}
      disabled={question.isDisabledAttr}
      readOnly={question.isReadOnlyAttr}
      value={text}
      onChange={onChange}
      onFocus={onFocus}
      onBlur={onBlur}
      aria-required={question.a11y_input_ariaRequired}
      aria-label={question.a11y_input_ariaLabel ?? undefined}
      aria-labelledby={question.a11y_input_ariaLabelledBy ?? undefined}
      aria-describedby={question.a11y_input_ariaDescribedBy ?? undefined}
      // A warning is not an error: only a blocking message makes the field invalid.
      aria-invalid={blocking ? 'true' : 'false'}
    />
  )
}

/** SurveyJS's text question, with `NumberField` for the numeric ones. */
class SondeQuestionText extends SurveyQuestionText {
  protected override renderInput(): JSX.Element {
    if (this.question.inputType !== 'number') return super.renderInput()
    return <NumberField question={this.question} />
  }
}

/** Replaces SurveyJS's `text` renderer (once, for every survey on the page). */
export function registerNumberInput(): void {
  ReactQuestionFactory.Instance.registerQuestion('text', (props) => createElement(SondeQuestionText, props as unknown as Record<string, unknown>))
}
