import type { MessageKind, SendInvitationsResult } from '@sonde/contracts'
import { t, type MessageKey } from '../../i18n'

type SkipReason = SendInvitationsResult['skipped'][number]['reason']

const reasons: Record<SkipReason, MessageKey> = {
  no_email: 'admin.send.skipped.no_email',
  already_invited: 'admin.send.skipped.already_invited',
  submitted: 'admin.send.skipped.submitted',
  revoked: 'admin.send.skipped.revoked',
}

/** How many messages went to the outbox, and who was left out and why. */
export function SendOutcome({ kind, result }: { kind: MessageKind; result: SendInvitationsResult }) {
  const byReason = new Map<SkipReason, string[]>()
  for (const skipped of result.skipped) byReason.set(skipped.reason, [...(byReason.get(skipped.reason) ?? []), skipped.name])
  return (
    <div className={result.queued > 0 ? 'notice notice--success' : 'notice'}>
      <p>{t(kind === 'invitation' ? 'admin.send.queued.invitation' : 'admin.send.queued.reminder', { count: result.queued })}</p>
      {result.skipped.length > 0 ? (
        <details>
          <summary>{t('admin.send.skipped', { count: result.skipped.length })}</summary>
          <ul>
            {[...byReason].map(([reason, names]) => (
              <li key={reason}>{t(reasons[reason], { names: names.join(', ') })}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  )
}
