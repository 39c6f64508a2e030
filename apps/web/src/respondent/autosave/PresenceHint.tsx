import type { Model } from 'survey-core'
import { t } from '../../i18n'
import { tCount } from '../../i18n/count'
import { pageTitle } from '../navigation/outline'
import type { Others } from './use-presence'

/**
 * "Someone else has this questionnaire open (page « Gouvernance »)": shown beside the save status
 * while colleagues work on the same response, so that two people do not fill the same page.
 */
export function PresenceHint({ others, survey }: { others: Others; survey: Model }) {
  if (others.length === 0) return null
  const pages = [...new Set(others.flatMap((other) => (other.page ? [other.page] : [])))]
    .map((name) => survey.getPageByName(name))
    .flatMap((page) => (page ? [pageTitle(page)] : []))
  const where = pages.length > 0 ? t('respondent.presence.pages', { pages: pages.map((title) => t('respondent.presence.page', { title })).join(', ') }) : ''
  return (
    <p className="presence-hint" data-others={others.length}>
      {tCount({ one: 'respondent.presence.one', other: 'respondent.presence.other' }, others.length, { where })}
    </p>
  )
}
