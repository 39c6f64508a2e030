// Plain lists, without zod: the console imports them, and a module with zod schemas would pull
// zod into its page (see the chunking notes of apps/web/vite.config.ts).

/** The kinds of event the audit log is filtered by, in the order the console offers them. */
export const AUDIT_KINDS = ['waves', 'questionnaire', 'members', 'responses', 'publications', 'accounts', 'openLink', 'privacy'] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]

/**
 * Every action Sonde writes to the audit log, with its kind. `recordAudit` accepts only these
 * codes, so a new action cannot be written without being named here (and so described in the console).
 */
export const AUDIT_ACTIONS = {
  'wave.create': 'waves',
  'wave.update': 'waves',
  'wave.copy': 'waves',
  'bundle.import': 'waves',
  'wave.open': 'waves',
  'wave.close': 'waves',
  'wave.archive': 'waves',
  'wave.open_scheduled': 'waves',
  'wave.open_blocked': 'waves',
  'wave.close_scheduled': 'waves',
  'questionnaire.save': 'questionnaire',
  'indicators.save': 'questionnaire',
  'indicators.reset': 'questionnaire',
  'organisations.import': 'members',
  'organisation.create': 'members',
  'organisation.update': 'members',
  'invitation.revoke': 'members',
  'invitation.regenerate': 'members',
  'invitations.send': 'members',
  'reminders.send': 'members',
  'reminders.scheduled': 'members',
  'response.submitted': 'responses',
  'response.reopened': 'responses',
  'release.published': 'publications',
  'public_page.published': 'publications',
  'public_page.unpublished': 'publications',
  'export.responses': 'publications',
  'user.create': 'accounts',
  'user.update': 'accounts',
  'user.password_reset': 'accounts',
  'user.microdata_granted': 'accounts',
  'user.microdata_revoked': 'accounts',
  'api_token.create': 'accounts',
  'api_token.revoke': 'accounts',
  'open_link.registered': 'openLink',
  'open_link.known_organisation': 'openLink',
  'open_link.claim_received': 'openLink',
  'open_link.claim_accepted': 'openLink',
  'open_link.claim_rejected': 'openLink',
  'organisation.access_export': 'privacy',
  'organisation.erased': 'privacy',
  'retention.applied': 'privacy',
} as const satisfies Record<string, AuditKind>

export type AuditAction = keyof typeof AUDIT_ACTIONS

/** The action codes of one kind of event. */
export function auditActionsOfKind(kind: AuditKind): AuditAction[] {
  return (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter((action) => AUDIT_ACTIONS[action] === kind)
}
