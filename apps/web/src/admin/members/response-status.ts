import type { ResponseStatus, WaveOrganisation } from '@sonde/contracts'
import { t } from '../../i18n'
import { formatDate } from '../../i18n/format'

export function responseStatusLabel(status: ResponseStatus): string {
  return t(`admin.response.${status}`)
}

/** "envoyé le 3 mars 2026", "en cours", "lien ouvert le …", "pas commencé". */
export function describeProgress(organisation: WaveOrganisation): string {
  const { response, invitation } = organisation
  if (response.status === 'submitted') return t('admin.response.submittedOn', { date: formatDate(response.submittedAt) })
  if (response.status === 'in_progress') return t('admin.response.in_progress')
  if (invitation.openedAt) return t('admin.response.openedOn', { date: formatDate(invitation.openedAt) })
  return t('admin.response.not_started')
}
