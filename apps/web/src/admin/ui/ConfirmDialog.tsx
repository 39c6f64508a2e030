import { useState, type ReactNode } from 'react'
import { t } from '../../i18n'
import { describeError } from './describe-error'
import { Dialog } from './Dialog'

interface ConfirmDialogProps {
  title: string
  children: ReactNode
  confirmLabel: string
  /** Resolves when done (the dialog then closes); a rejection is shown in the dialog. */
  onConfirm(): Promise<void>
  onClose(): void
}

/** "Are you sure?" before a step that changes what respondents see. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function confirm() {
    setPending(true)
    setError(null)
    try {
      await onConfirm()
      onClose()
    } catch (failure) {
      setError(describeError(failure))
      setPending(false)
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="button" disabled={pending} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose} data-autofocus>
          {t('admin.dialog.cancel')}
        </button>
      </div>
    </Dialog>
  )
}
