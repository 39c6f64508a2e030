import { useEffect, useState } from 'react'
import { t } from '../../i18n'

/** The clipboard API needs a secure context; a page served over plain HTTP on a LAN falls back. */
async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text)
    return
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.append(area)
  area.select()
  const copied = document.execCommand('copy')
  area.remove()
  if (!copied) throw new Error('copy refused')
}

/** Copies a value (an invitation link) and says so where a screen reader hears it. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')

  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 4000)
    return () => clearTimeout(timer)
  }, [state])

  return (
    <span className="copy">
      <button
        type="button"
        className="button button--secondary button--small"
        aria-label={label}
        onClick={() =>
          void copyText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {t('admin.copy.button')}
      </button>
      <span role="status" className="copy__status">
        {state === 'copied' ? t('admin.copy.done') : state === 'failed' ? t('admin.copy.failed') : ''}
      </span>
    </span>
  )
}
