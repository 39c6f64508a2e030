import type { MessageKind, SendInvitationsBody, SendInvitationsResult } from '@sonde/contracts'
import { requestJson } from '../../api/http'

/**
 * Puts invitations or reminders in the outbox (`POST /api/waves/{id}/invitations`): to everyone
 * concerned, or only to the organisations given. The server decides who is skipped and why.
 */
export function sendMessages(waveId: string, kind: MessageKind, organisationIds?: string[]): Promise<SendInvitationsResult> {
  const body: SendInvitationsBody = organisationIds ? { kind, organisationIds } : { kind }
  return requestJson<SendInvitationsResult>('POST', `/api/waves/${encodeURIComponent(waveId)}/invitations`, { body })
}
