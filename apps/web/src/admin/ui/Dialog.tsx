import { useEffect, useId, useRef, type ReactNode } from 'react'
import { t } from '../../i18n'

interface DialogProps {
  title: string
  onClose(): void
  children: ReactNode
  wide?: boolean
}

/**
 * A modal dialog (the browser's own `<dialog>`: focus kept inside, Escape closes, the rest of the
 * page inert). Render it to open it, stop rendering it to close it; the focus then goes back to
 * the button that opened it. Mark the element to focus first with `data-autofocus`.
 */
export function Dialog({ title, onClose, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    // Where to start: the element marked for it (the safe choice of a confirmation), else the
    // first field of a form, rather than the "Fermer" button the browser would pick.
    const start =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('form input:not([type="hidden"]), form select, form textarea')
    start?.focus()
    return () => {
      if (dialog.open) dialog.close()
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: React decides, so that the dialog and the state never disagree.
        event.preventDefault()
        onClose()
      }}
    >
      <div className="dialog__header">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="button button--link" onClick={onClose}>
          {t('admin.dialog.close')}
        </button>
      </div>
      {children}
    </dialog>
  )
}
