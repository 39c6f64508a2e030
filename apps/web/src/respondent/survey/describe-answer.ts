import { ItemValue, type Model, type Question } from 'survey-core'
import { t } from '../../i18n'
import { formatEntry, groupsThousands, type NumberBounds } from '../../survey/number-entry/entry-text'
import { htmlToText } from '../../survey/safe-html'

/**
 * The title a person sees for a question (its name when the questionnaire does not know it), as
 * plain text: SurveyJS may hold it as (sanitised) HTML, and Sonde's own notices show text.
 */
export function questionTitle(survey: Model, name: string): string {
  const question = survey.getQuestionByName(name) as Question | null
  if (!question) return name
  return htmlToText(question.locTitle.renderedHtml).trim() || question.name
}

/**
 * An answer as a person reads it: choice texts rather than codes, "Oui"/"Non" for booleans, a
 * number in the interface's format as it is stored ("1 607,5").
 */
export function describeAnswer(survey: Model, name: string, value: unknown): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return t('respondent.conflict.empty')
  }
  if (typeof value === 'boolean') return value ? t('respondent.conflict.yes') : t('respondent.conflict.no')
  const question = survey.getQuestionByName(name) as (Question & { choices?: ItemValue[] }) | null
  const choices = question?.choices
  if (Array.isArray(choices) && choices.length > 0) {
    const values = Array.isArray(value) ? value : [value]
    return values.map((item) => htmlToText(ItemValue.getTextOrHtmlByValue(choices, item) || String(item))).join(', ')
  }
  if (typeof value === 'number') return formatEntry(value, groupsThousands((question ?? {}) as NumberBounds))
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
