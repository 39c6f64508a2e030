import { requestJson } from '../../api/http'

export type MessageKind = 'invitation' | 'reminder'
export type SkipReason = 'no_email' | 'already_invited' | 'submitted' | 'revoked'

export interface SendResult {
  queued: number
  skipped: { organisationId: string; name: string; reason: SkipReason }[]
}

/**
 * Puts invitations or reminders in the outbox (`POST /api/waves/{id}/invitations`): to everyone
 * concerned, or only to the organisations given. The server decides who is skipped and why.
 */
export function sendMessages(waveId: string, kind: MessageKind, organisationIds?: string[]): Promise<SendResult> {
  return requestJson<SendResult>('POST', `/api/waves/${encodeURIComponent(waveId)}/invitations`, {
    body: organisationIds ? { kind, organisationIds } : { kind },
  })
}
