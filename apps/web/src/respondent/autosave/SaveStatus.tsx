import { formatTime, t } from '../../i18n'
import type { SaveState } from './answer-sync'

function statusText(state: SaveState, submitting: boolean, hasConflicts: boolean): string {
  if (submitting) return t('respondent.status.submitting')
  if (hasConflicts && (state.kind === 'idle' || state.kind === 'saved')) return t('respondent.status.conflict')
  switch (state.kind) {
    case 'idle':
      return t('respondent.status.idle')
    case 'saving':
      return t('respondent.status.saving')
    case 'saved':
      return t('respondent.status.saved', { time: formatTime(state.at) })
    case 'offline':
      return t('respondent.status.offline')
    case 'retrying':
      return t('respondent.status.retrying')
    case 'rejected':
      return t('respondent.status.rejected', { code: state.code })
    case 'readonly':
      return t('respondent.status.readonly')
  }
}

interface SaveStatusProps {
  state: SaveState
  submitting: boolean
  hasConflicts: boolean
}

/** The always-visible line that says where the answers are: saving, saved at 14:32, kept offline. */
export function SaveStatus({ state, submitting, hasConflicts }: SaveStatusProps) {
  const warn = state.kind === 'offline' || state.kind === 'retrying' || state.kind === 'rejected' || hasConflicts
  return (
    <p role="status" className={`save-status${warn ? ' save-status--warn' : ''}`} data-state={submitting ? 'submitting' : state.kind}>
      {statusText(state, submitting, hasConflicts)}
    </p>
  )
}
