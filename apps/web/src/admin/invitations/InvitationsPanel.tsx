import type { MessageKind, Outbox, OutboxMessage, SendInvitationsResult, Wave } from '@sonde/contracts'
import { useEffect, useRef, useState } from 'react'
import { t, type MessageKey } from '../../i18n'
import { formatCount, formatDateTime } from '../../i18n/format'
import { Link } from '../routing/Link'
import { usePageHeading } from '../routing/page-heading'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { LoadingOr } from '../ui/LoadingOr'
import { useResource } from '../../api/use-api'
import { SendOutcome } from './SendOutcome'
import { sendMessages } from './send-messages'

type OutboxStatus = OutboxMessage['status']

/** While messages wait for the e-mail worker, the list follows their delivery by itself. */
const REFRESH_MS = 5000

const kindLabels: Record<OutboxMessage['kind'], MessageKey> = {
  invitation: 'admin.outbox.kind.invitation',
  reminder: 'admin.outbox.kind.reminder',
  password_reset: 'admin.outbox.kind.password_reset',
}

const statusLabels: Record<OutboxStatus, MessageKey> = {
  pending: 'admin.outbox.status.pending',
  sending: 'admin.outbox.status.sending',
  sent: 'admin.outbox.status.sent',
  failed: 'admin.outbox.status.failed',
}

/** Invitations: send the invitations and the reminders, and follow each e-mail in the outbox. */
export function InvitationsPanel({ wave }: { wave: Wave }) {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, `${t('admin.tab.invitations')} — ${wave.title}`)
  const outbox = useResource<Outbox>(`/api/waves/${encodeURIComponent(wave.id)}/outbox`)
  const [asking, setAsking] = useState<MessageKind | null>(null)
  const [sent, setSent] = useState<{ kind: MessageKind; result: SendInvitationsResult } | null>(null)
  const outcome = useRef<HTMLDivElement>(null)
  const { reload } = outbox
  const waiting =
    outbox.loaded.kind === 'ready' &&
    outbox.loaded.data.smtpConfigured &&
    outbox.loaded.data.messages.some((message) => message.status === 'pending' || message.status === 'sending')

  useEffect(() => {
    if (!waiting) return
    const timer = setInterval(reload, REFRESH_MS)
    return () => clearInterval(timer)
  }, [waiting, reload])

  async function send(kind: MessageKind) {
    const result = await sendMessages(wave.id, kind)
    setSent({ kind, result })
    reload()
    requestAnimationFrame(() => outcome.current?.focus())
  }

  return (
    <section aria-labelledby="invitations-title" className="tab-panel">
      <h2 id="invitations-title" ref={heading} tabIndex={-1}>
        {t('admin.tab.invitations')}
      </h2>
      {outbox.loaded.kind === 'ready' && !outbox.loaded.data.smtpConfigured ? <NoSmtpNotice wave={wave} /> : null}
      {wave.status === 'draft' ? <p className="notice notice--warning">{t('admin.invitations.draft')}</p> : null}
      <div className="send-actions">
        <div className="panel">
          <h3>{t('admin.invitations.invite.title')}</h3>
          <p>{t('admin.invitations.invite.body')}</p>
          <button type="button" className="button" onClick={() => setAsking('invitation')}>
            {t('admin.invitations.invite.button')}
          </button>
        </div>
        <div className="panel">
          <h3>{t('admin.invitations.remind.title')}</h3>
          <p>{t('admin.invitations.remind.body')}</p>
          <button type="button" className="button button--secondary" onClick={() => setAsking('reminder')}>
            {t('admin.invitations.remind.button')}
          </button>
        </div>
      </div>
      <p className="muted">
        {t('admin.invitations.templatesHint')} <Link to={{ name: 'wave', waveId: wave.id, tab: 'settings' }}>{t('admin.invitations.templatesLink')}</Link>
      </p>
      <div ref={outcome} tabIndex={-1} className="send-outcome">
        {sent ? <SendOutcome kind={sent.kind} result={sent.result} /> : null}
      </div>
      <section aria-labelledby="outbox-title">
        <div className="section-heading">
          <h3 id="outbox-title">{t('admin.outbox.title')}</h3>
          <button type="button" className="button button--secondary button--small" onClick={reload}>
            {t('admin.outbox.refresh')}
          </button>
        </div>
        <LoadingOr loaded={outbox.loaded}>{(data) => <OutboxTable messages={data.messages} />}</LoadingOr>
      </section>
      {asking ? (
        <ConfirmDialog
          title={t(asking === 'invitation' ? 'admin.invitations.invite.confirmTitle' : 'admin.invitations.remind.confirmTitle')}
          confirmLabel={t(asking === 'invitation' ? 'admin.invitations.invite.button' : 'admin.invitations.remind.button')}
          onConfirm={() => send(asking)}
          onClose={() => setAsking(null)}
        >
          <p>{t(asking === 'invitation' ? 'admin.invitations.invite.confirmBody' : 'admin.invitations.remind.confirmBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

function NoSmtpNotice({ wave }: { wave: Wave }) {
  const base = `/api/waves/${encodeURIComponent(wave.id)}`
  return (
    <div className="notice notice--warning">
      <p>
        <strong>{t('admin.invitations.noSmtp.title')}</strong>
      </p>
      <p>{t('admin.invitations.noSmtp.body')}</p>
      <ul>
        <li>
          <a href={`${base}/invitations.csv`} download>
            {t('admin.members.exportLinks')}
          </a>{' '}
          (
          <a href={`${base}/invitations.csv?dialect=excel-fr`} download aria-label={t('admin.members.exportLinksExcel')}>
            {t('admin.members.excel')}
          </a>
          )
        </li>
        <li>
          <Link to={{ name: 'wave', waveId: wave.id, tab: 'members' }}>{t('admin.invitations.noSmtp.copy')}</Link>
        </li>
      </ul>
    </div>
  )
}

function OutboxTable({ messages }: { messages: OutboxMessage[] }) {
  if (messages.length === 0) return <p>{t('admin.outbox.empty')}</p>
  const counts = new Map<OutboxStatus, number>()
  for (const message of messages) counts.set(message.status, (counts.get(message.status) ?? 0) + 1)
  return (
    <>
      <p role="status">
        {(['sent', 'pending', 'sending', 'failed'] as const)
          .filter((status) => counts.get(status))
          .map((status) => t('admin.outbox.count', { status: t(statusLabels[status]), count: formatCount(counts.get(status) ?? 0) }))
          .join(' · ')}
      </p>
      <div className="table-wrapper">
        <table>
          <caption>{t('admin.outbox.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.outbox.col.to')}</th>
              <th scope="col">{t('admin.outbox.col.kind')}</th>
              <th scope="col">{t('admin.outbox.col.subject')}</th>
              <th scope="col">{t('admin.outbox.col.status')}</th>
              <th scope="col">{t('admin.outbox.col.attempts')}</th>
              <th scope="col">{t('admin.outbox.col.dates')}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((message) => (
              <tr key={message.id}>
                <th scope="row">
                  {message.organisationName ?? message.to}
                  {message.organisationName ? <span className="cell-detail cell-break">{message.to}</span> : null}
                </th>
                <td>{t(kindLabels[message.kind])}</td>
                <td>{message.subject}</td>
                <td>
                  <span className={`badge badge--outbox-${message.status}`}>{t(statusLabels[message.status])}</span>
                  {message.lastError ? <span className="cell-detail">{t('admin.outbox.lastError', { error: message.lastError })}</span> : null}
                </td>
                <td>{formatCount(message.attempts)}</td>
                <td>
                  <span className="cell-detail">{t('admin.outbox.created', { date: formatDateTime(new Date(message.createdAt)) })}</span>
                  {message.sentAt ? <span className="cell-detail">{t('admin.outbox.sent', { date: formatDateTime(new Date(message.sentAt)) })}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
