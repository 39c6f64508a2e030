import { AUDIT_ACTIONS, type AuditAction, type AuditEvent } from '@sonde/contracts'
import { t, type MessageKey } from '../../i18n'
import { formatDecimal, NO_VALUE } from '../../i18n/format'

/** One field of an audit event's details, as a person reads it. */
export interface DetailEntry {
  key: string
  value: string
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return NO_VALUE
  if (typeof value === 'number') return formatDecimal(value)
  if (typeof value === 'boolean') return t(value ? 'admin.audit.yes' : 'admin.audit.no')
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(describe).join(', ')
  return JSON.stringify(value)
}

/**
 * The details of an audit event, one field a line: nested fields by their path
 * (`settings.minCellSize`), numbers in the interface's format ("1 234", "0,5"), lists joined,
 * yes/no in words. The keys stay as the API records them: they are what a filter or a script finds.
 */
export function detailEntries(details: Record<string, unknown>, prefix = ''): DetailEntry[] {
  return Object.entries(details).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? detailEntries(value as Record<string, unknown>, `${prefix}${key}.`)
      : [{ key: `${prefix}${key}`, value: describe(value) }],
  )
}

/** The sentence of each action the API writes: a key per code, so a new code fails the type check. */
const sentenceKeys: Record<AuditAction, MessageKey> = {
  'wave.create': 'admin.audit.event.wave.create',
  'wave.update': 'admin.audit.event.wave.update',
  'wave.copy': 'admin.audit.event.wave.copy',
  'bundle.import': 'admin.audit.event.bundle.import',
  'wave.open': 'admin.audit.event.wave.open',
  'wave.close': 'admin.audit.event.wave.close',
  'wave.archive': 'admin.audit.event.wave.archive',
  'wave.open_scheduled': 'admin.audit.event.wave.open_scheduled',
  'wave.open_blocked': 'admin.audit.event.wave.open_blocked',
  'wave.close_scheduled': 'admin.audit.event.wave.close_scheduled',
  'questionnaire.save': 'admin.audit.event.questionnaire.save',
  'indicators.save': 'admin.audit.event.indicators.save',
  'indicators.reset': 'admin.audit.event.indicators.reset',
  'organisations.import': 'admin.audit.event.organisations.import',
  'organisation.create': 'admin.audit.event.organisation.create',
  'organisation.update': 'admin.audit.event.organisation.update',
  'invitation.revoke': 'admin.audit.event.invitation.revoke',
  'invitation.regenerate': 'admin.audit.event.invitation.regenerate',
  'invitations.send': 'admin.audit.event.invitations.send',
  'reminders.send': 'admin.audit.event.reminders.send',
  'reminders.scheduled': 'admin.audit.event.reminders.scheduled',
  'response.submitted': 'admin.audit.event.response.submitted',
  'response.reopened': 'admin.audit.event.response.reopened',
  'release.published': 'admin.audit.event.release.published',
  'public_page.published': 'admin.audit.event.public_page.published',
  'public_page.unpublished': 'admin.audit.event.public_page.unpublished',
  'export.responses': 'admin.audit.event.export.responses',
  'user.create': 'admin.audit.event.user.create',
  'user.update': 'admin.audit.event.user.update',
  'user.password_reset': 'admin.audit.event.user.password_reset',
  'user.microdata_granted': 'admin.audit.event.user.microdata_granted',
  'user.microdata_revoked': 'admin.audit.event.user.microdata_revoked',
  'api_token.create': 'admin.audit.event.api_token.create',
  'api_token.revoke': 'admin.audit.event.api_token.revoke',
  'open_link.registered': 'admin.audit.event.open_link.registered',
  'open_link.known_organisation': 'admin.audit.event.open_link.known_organisation',
  'open_link.claim_received': 'admin.audit.event.open_link.claim_received',
  'open_link.claim_accepted': 'admin.audit.event.open_link.claim_accepted',
  'open_link.claim_rejected': 'admin.audit.event.open_link.claim_rejected',
  'organisation.access_export': 'admin.audit.event.organisation.access_export',
  'organisation.erased': 'admin.audit.event.organisation.erased',
  'retention.applied': 'admin.audit.event.retention.applied',
}

function isKnownAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, action)
}

/** Who did it, as the sentence names them: the account's e-mail, the organisation, or Sonde itself. */
function actorName(event: AuditEvent): string {
  if (event.actorType === 'system') return t('admin.audit.actor.system')
  if (event.actorType === 'respondent') return event.organisationName ?? t('admin.audit.someOrganisation')
  return event.actorEmail ?? t('admin.audit.someAccount')
}

/** The details as sentence parameters: numbers stay numbers (written in the interface's format). */
function detailParams(details: Record<string, unknown>): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [key, typeof value === 'number' ? value : typeof value === 'string' ? value : describe(value)]),
  )
}

/**
 * An audit event as one sentence in the interface's language: "Atelier X a envoyé ses réponses
 * (révision 12)." An action this version does not know (written by a newer one) shows its code.
 */
export function auditSentence(event: AuditEvent): string {
  if (!isKnownAction(event.action)) return event.action
  // An opening the scheduler could not make says why (the default sentence: no questionnaire).
  const key =
    event.action === 'wave.open_blocked' && event.details.reason === 'closing_passed'
      ? 'admin.audit.event.wave.open_blocked.closing_passed'
      : sentenceKeys[event.action]
  const sentence = t(key, {
    ...detailParams(event.details),
    actor: actorName(event),
    organisation: event.organisationName ?? t('admin.audit.someOrganisation'),
  })
  // Unknown details stay visible rather than leaving a placeholder in the sentence.
  const filled = sentence.replace(/\{\w+\}/g, NO_VALUE)
  // "Un compte a…", but an e-mail address or a name stays as it is written.
  const startsWithData = [event.actorEmail, event.organisationName].some((name) => name && filled.startsWith(name))
  return startsWithData ? filled : filled.charAt(0).toLocaleUpperCase() + filled.slice(1)
}
