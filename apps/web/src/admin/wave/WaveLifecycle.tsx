import type { Wave } from '@sonde/contracts'
import { useEffect, useRef, useState } from 'react'
import { requestJson } from '../../api/http'
import { t, type MessageKey } from '../../i18n'
import { formatParisDateTime } from '../../i18n/format'
import { ConfirmDialog } from '../ui/ConfirmDialog'

type Transition = 'open' | 'close' | 'reopen' | 'archive'

const available: Record<Wave['status'], Transition[]> = {
  draft: ['open'],
  open: ['close'],
  closed: ['reopen', 'archive'],
  archived: [],
}

const texts: Record<Transition, { button: MessageKey; title: MessageKey; body: MessageKey; path: 'open' | 'close' | 'archive' }> = {
  open: { button: 'admin.lifecycle.open', title: 'admin.lifecycle.open.title', body: 'admin.lifecycle.open.body', path: 'open' },
  close: { button: 'admin.lifecycle.close', title: 'admin.lifecycle.close.title', body: 'admin.lifecycle.close.body', path: 'close' },
  reopen: { button: 'admin.lifecycle.reopen', title: 'admin.lifecycle.reopen.title', body: 'admin.lifecycle.reopen.body', path: 'open' },
  archive: {
    button: 'admin.lifecycle.archive',
    title: 'admin.lifecycle.archive.title',
    body: 'admin.lifecycle.archive.body',
    path: 'archive',
  },
}

/** Ouvrir, Clôturer, Rouvrir, Archiver: secondary buttons, each after a confirmation that says what it changes. */
export function WaveLifecycle({ wave, onChange }: { wave: Wave; onChange(wave: Wave): void }) {
  const [asking, setAsking] = useState<Transition | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const status = useRef<HTMLParagraphElement>(null)
  const moves = available[wave.status]

  // The button that opened the dialog is gone (the wave moved on): the focus goes to the news.
  useEffect(() => {
    if (done) status.current?.focus()
  }, [done])

  async function apply(transition: Transition) {
    const updated = await requestJson<Wave>('POST', `/api/waves/${encodeURIComponent(wave.id)}/${texts[transition].path}`)
    setDone(t('admin.lifecycle.done', { status: t(`wave.status.${updated.status}`) }))
    onChange(updated)
  }

  return (
    <div className="wave-lifecycle">
      {moves.length > 0 ? (
        <div className="button-row">
          {moves.map((move) => (
            <button
              key={move}
              type="button"
              // Moves of the whole wave, some final: never the filled button, which belongs to each tab's own action.
              className="button button--secondary"
              onClick={() => {
                setDone(null)
                setAsking(move)
              }}
            >
              {t(texts[move].button)}
            </button>
          ))}
        </div>
      ) : null}
      {/* What the scheduler will do by itself (Paramètres › Calendrier). */}
      {wave.status === 'draft' && wave.opensAt ? (
        <p className="muted">{t('admin.lifecycle.plannedOpen', { date: formatParisDateTime(wave.opensAt) })}</p>
      ) : null}
      {(wave.status === 'draft' || wave.status === 'open') && wave.closesAt ? (
        <p className="muted">{t('admin.lifecycle.plannedClose', { date: formatParisDateTime(wave.closesAt) })}</p>
      ) : null}
      <p ref={status} role="status" tabIndex={-1} className="wave-lifecycle__status">
        {done}
      </p>
      {asking ? (
        <ConfirmDialog
          title={t(texts[asking].title, { wave: wave.title })}
          confirmLabel={t(texts[asking].button)}
          onConfirm={() => apply(asking)}
          onClose={() => setAsking(null)}
        >
          <p>{t(texts[asking].body)}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}
