import { Children, cloneElement, createElement, isValidElement, type ReactElement, type ReactNode, type RefObject } from 'react'
import { Popup, ReactElementFactory, ReactQuestionFactory, SurveyQuestionDropdown } from 'survey-react-ui'

/**
 * SurveyJS renders the list of every drop-down question with the page — hidden, nine elements
 * each, empty until it opens. The same pop-up, drawn the first time it opens: until then only its
 * (empty) anchor, which SurveyJS positions it from.
 */
class LazyPopup extends Popup {
  private opened = false

  /** SurveyJS's own anchor (private in its typings): the element it positions the list from. */
  private get anchor(): RefObject<HTMLDivElement | null> {
    return (this as unknown as { containerRef: RefObject<HTMLDivElement | null> }).containerRef
  }

  override shouldComponentUpdate(nextProps: Readonly<{ model: Popup['model'] }>, nextState: unknown): boolean {
    const update = super.shouldComponentUpdate(nextProps, nextState)
    return update || (!this.opened && this.model.isVisible)
  }

  override render() {
    if (!this.opened && !this.model.isVisible) return createElement('div', { ref: this.anchor })
    this.opened = true
    return super.render()
  }
}

/** `node` with SurveyJS's pop-up swapped for the lazy one. */
function withLazyPopup(node: ReactNode): ReactNode {
  if (!isValidElement(node)) return node
  const element = node as ReactElement<{ children?: ReactNode }>
  if (element.type === Popup) return createElement(LazyPopup, { ...(element.props as object), key: element.key } as never)
  if (element.props.children === undefined) return element
  const children = Children.toArray(element.props.children).map(withLazyPopup)
  return cloneElement(element, undefined, ...children)
}

/** SurveyJS's drop-down question, its list drawn when it first opens. */
class LazyDropdown extends SurveyQuestionDropdown {
  protected override renderSelect(cssClasses: unknown) {
    return withLazyPopup(super.renderSelect(cssClasses)) as ReturnType<SurveyQuestionDropdown['renderSelect']>
  }
}

/** Replaces SurveyJS's drop-down question and `sv-popup` renderers (once, for every survey on the page). */
export function registerLazyPopups(): void {
  ReactQuestionFactory.Instance.registerQuestion('dropdown', (props) => createElement(LazyDropdown, props as never))
  ReactElementFactory.Instance.registerElement('sv-popup', (props) => createElement(LazyPopup, props as never))
}
