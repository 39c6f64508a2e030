import { createElement } from 'react'
import { LocalizableString } from 'survey-core'
import { ReactElementFactory, SurveyLocStringViewer } from 'survey-react-ui'

/** The texts drawn without a `<span>` of their own: titles and descriptions of questions, panels and pages. */
const PLAIN_NAMES = new Set(['title', 'description'])

interface Owner {
  isQuestion?: boolean
  isPanel?: boolean
  isPage?: boolean
}

function drawnPlain(locStr: LocalizableString, style: unknown, textClass: unknown): boolean {
  if (style || textClass !== undefined || locStr.hasHtml || !PLAIN_NAMES.has(locStr.name ?? '')) return false
  const owner = locStr.owner as Owner | undefined
  if (!owner || !(owner.isQuestion || owner.isPanel || owner.isPage)) return false
  const text = locStr.renderedHtml
  // An empty title keeps SurveyJS's span (it gives it a height); a line break needs its white-space rule.
  return text !== '' && !text.includes('\n')
}

/**
 * SurveyJS wraps every text in a `<span class="sv-string-viewer">`. A title or a description of
 * one line, without HTML, is the same on screen and to a screen reader as the bare text in its
 * heading or paragraph: one element fewer for each (about fifteen on a page of the questionnaire).
 * Anything else — HTML, line breaks, an empty title, choices and buttons that SurveyJS styles
 * through the span — keeps SurveyJS's own rendering.
 */
class PlainStringViewer extends SurveyLocStringViewer {
  protected override renderString() {
    const { model, style, textClass } = this.props as { model: LocalizableString; style?: unknown; textClass?: unknown }
    // React draws a string returned by a component as a text node.
    if (drawnPlain(model, style, textClass)) return model.renderedHtml as unknown as ReturnType<SurveyLocStringViewer['renderString']>
    return super.renderString()
  }
}

/** Replaces SurveyJS's text renderer (once, for every survey on the page). */
export function registerPlainStrings(): void {
  ReactElementFactory.Instance.registerElement(LocalizableString.defaultRenderer, (props) => createElement(PlainStringViewer, props as never))
}
