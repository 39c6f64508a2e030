import { DefaultTheme, Model } from 'survey-core'
import 'survey-core/i18n/french'
import { getLang } from '../../i18n'

// No web font: SurveyJS's default theme asks for "Open Sans", which we neither ship nor fetch.
const SYSTEM_FONTS =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif'
const SYSTEM_MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace'

// Survey-level properties that would make SurveyJS talk to a third party (its hosted service) or
// leave the page; the questionnaire is ours, but the browser never needs them.
const REMOTE_PROPERTIES = ['surveyId', 'surveyPostId', 'clientId', 'cookieName', 'navigateToUrl', 'navigateToUrlOnCondition']

/** The SurveyJS model of a questionnaire, in the interface language, with Sonde's settings. */
export function createSurvey(questionnaire: Record<string, unknown>): Model {
  const json: Record<string, unknown> = { ...questionnaire }
  for (const property of REMOTE_PROPERTIES) delete json[property]
  const survey = new Model(json)
  survey.locale = getLang()
  survey.applyTheme(
    {
      cssVariables: {
        '--sjs2-typography-font-family-text': SYSTEM_FONTS,
        '--sjs2-typography-font-family-code': SYSTEM_MONO,
      },
    },
    DefaultTheme,
  )
  // Several colleagues fill the questionnaire over several days, page by page in any order:
  // check required answers when they finish, not at every "Suivant".
  if (!('checkErrorsMode' in json)) survey.checkErrorsMode = 'onComplete'
  // Save as people type, so that closing the tab in the middle of a sentence loses nothing.
  if (!('textUpdateMode' in json)) survey.textUpdateMode = 'onTyping'
  // Sonde shows its own confirmation page with the date of the submission.
  survey.showCompletePage = false
  return survey
}
