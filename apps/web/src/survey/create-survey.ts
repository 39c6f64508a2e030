import { DefaultTheme, Model, surveyLocalization } from 'survey-core'
import 'survey-core/i18n/french'
import { getLang, type Lang } from '../i18n'
import { registerNumberInput } from './number-entry/NumberInput'
import { registerAccessibleBooleanRadio } from './BooleanRadio'
import { installHtmlSafety } from './safe-html'
import { serveSurveyIconsOnDemand } from './survey-icons'

// No web font: SurveyJS's default theme asks for "Open Sans", which we neither ship nor fetch.
const SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif'
const SYSTEM_MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace'

// Survey-level properties that would make SurveyJS talk to a third party (its hosted service) or
// leave the page; the questionnaire is ours, but the browser never needs them.
const REMOTE_PROPERTIES = ['surveyId', 'surveyPostId', 'clientId', 'cookieName', 'navigateToUrl', 'navigateToUrlOnCondition']

// A Sonde questionnaire is written in French: a text without a locale is French, and other
// languages are translations (`{ "default": "…", "en": "…" }`).
surveyLocalization.defaultLocale = 'fr'
registerAccessibleBooleanRadio()
// Numbers are read by Sonde, the same in every browser, rather than by `<input type="number">`.
registerNumberInput()

/**
 * The language the questionnaire is shown in: the interface language when the questionnaire has
 * texts in it, French (its own language) otherwise — rather than English buttons around French
 * questions.
 */
export function questionnaireLocale(survey: Model, lang: Lang = getLang()): Lang {
  return lang !== 'fr' && survey.getUsedLocales().includes(lang) ? lang : 'fr'
}

/** The SurveyJS model of a questionnaire, in the interface language when it has it, with Sonde's settings. */
export function createSurvey(questionnaire: Record<string, unknown>): Model {
  const json: Record<string, unknown> = { ...questionnaire }
  for (const property of REMOTE_PROPERTIES) delete json[property]
  serveSurveyIconsOnDemand()
  const survey = new Model(json)
  installHtmlSafety(survey)
  survey.locale = questionnaireLocale(survey)
  survey.applyTheme(
    {
      cssVariables: {
        '--sjs2-typography-font-family-text': SYSTEM_FONTS,
        '--sjs2-typography-font-family-code': SYSTEM_MONO,
        // SurveyJS's green (#19B394) gives its buttons 2.6:1 ("Terminer", white on green) and
        // 3.6:1 ("Suivant", green on white): below the 4.5:1 of WCAG 1.4.3. Sonde's blue gives
        // 7.5:1, and every shade SurveyJS derives from it is darker still.
        '--sjs2-color-project-brand-600': '#0b5a8a',
        '--sjs2-color-utility-surface-survey': 'transparent',
        // Descriptions and placeholders are drawn in a translucent grey (4.49:1 and less): solid
        // greys of 8:1 and 6:1 instead.
        '--sjs2-color-fg-basic-secondary': '#4a5159',
        '--sjs2-color-fg-basic-tertiary': '#5f6670',
      },
    },
    DefaultTheme,
  )
  // Headings that screen-reader users can jump between: the page's <h1> is the questionnaire's
  // title, each questionnaire page an <h2>, a panel an <h3>.
  survey.onGetTitleTagName.add((_, options) => {
    if (options.element.isPage) options.tagName = 'h2'
    else if (options.element.isPanel) options.tagName = 'h3'
  })
  // Several colleagues fill the questionnaire over several days, page by page in any order:
  // check required answers when they finish, not at every "Suivant" (Sonde says what is missing
  // when a page is left, without blocking).
  if (!('checkErrorsMode' in json)) survey.checkErrorsMode = 'onComplete'
  // Save as people type, so that closing the tab in the middle of a sentence loses nothing.
  if (!('textUpdateMode' in json)) survey.textUpdateMode = 'onTyping'
  // Sonde shows its own confirmation page with the date of the submission.
  survey.showCompletePage = false
  return survey
}
