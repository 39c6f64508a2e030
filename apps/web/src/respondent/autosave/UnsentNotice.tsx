import { t } from '../../i18n'
import { tCount } from '../../i18n/count'
import type { SyncSnapshot } from './answer-sync'

/**
 * Says plainly where unsent answers are when the connection (or the server) fails: in this
 * browser, kept across a reload or a restart, and sent by themselves when it comes back. Also says
 * so once after a visit that had left some answers unsent.
 */
export function UnsentNotice({ snapshot }: { snapshot: SyncSnapshot }) {
  // A refusal (the status line names it) will not go away when the connection comes back.
  const stuck = snapshot.state.kind === 'offline' || snapshot.state.kind === 'retrying'
  if (stuck && snapshot.pendingCount > 0) {
    return (
      <div className="notice notice--warning">
        <p>
          <strong>{tCount({ one: 'respondent.unsent.title.one', other: 'respondent.unsent.title.other' }, snapshot.pendingCount)}</strong>
        </p>
        <p>{t('respondent.unsent.body')}</p>
      </div>
    )
  }
  if (snapshot.restoredCount > 0) {
    return (
      <div className="notice">
        <p>
          {snapshot.pendingCount > 0
            ? tCount({ one: 'respondent.unsent.restoredSending.one', other: 'respondent.unsent.restoredSending.other' }, snapshot.restoredCount)
            : tCount({ one: 'respondent.unsent.restoredSent.one', other: 'respondent.unsent.restoredSent.other' }, snapshot.restoredCount)}
        </p>
      </div>
    )
  }
  return null
}
