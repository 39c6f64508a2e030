import { cloneElement, createElement, type JSX, type ReactElement } from 'react'
import { ReactQuestionFactory, SurveyQuestionBooleanRadio } from 'survey-react-ui'

/**
 * SurveyJS draws a yes/no question as two radio buttons (on narrow screens, or when asked to) in
 * a `<fieldset role="presentation">`: the buttons "Oui" and "Non" then belong to no named group,
 * and a screen reader announces them without their question. The same rendering, with the fieldset
 * made the radio group named by the question's title (and described by its description or error).
 */
class AccessibleBooleanRadio extends SurveyQuestionBooleanRadio {
  protected override renderElement(): JSX.Element {
    const root = super.renderElement() as ReactElement<{ children?: ReactElement }>
    const fieldset = root.props.children
    if (!fieldset) return root
    const question = this.question
    return cloneElement(
      root,
      undefined,
      cloneElement(fieldset, {
        role: 'radiogroup',
        'aria-labelledby': question.hasTitle ? question.ariaTitleId : undefined,
        'aria-label': question.hasTitle ? undefined : question.processedTitle,
        'aria-describedby': question.a11y_input_ariaDescribedBy ?? undefined,
        'aria-required': question.isRequired ? 'true' : undefined,
        'aria-invalid': question.a11y_input_ariaInvalid ?? undefined,
        'aria-errormessage': question.a11y_input_ariaErrormessage ?? undefined,
      } as Record<string, unknown>),
    )
  }
}

/** Replaces SurveyJS's `sv-boolean-radio` renderer (once, for every survey on the page). */
export function registerAccessibleBooleanRadio(): void {
  ReactQuestionFactory.Instance.registerQuestion('sv-boolean-radio', (props) =>
    createElement(AccessibleBooleanRadio, props as unknown as Record<string, unknown>),
  )
}
