import type { AcceptClaimBody, AcceptClaimResult, OpenLinkClaim, OpenLinkClaimList, Wave } from '@sonde/contracts'
import { useRef, useState } from 'react'
import { requestJson } from '../../api/http'
import { useResource } from '../../api/use-api'
import { t, type MessageKey } from '../../i18n'
import { formatDateTime } from '../../i18n/format'
import { ConfirmDialog } from '../ui/ConfirmDialog'

/** Where the link goes (`AcceptClaimBody`), or no link at all. */
type Decision = AcceptClaimBody['sendTo'] | 'reject'
const TEXTS: Record<Decision, { label: MessageKey; aria: MessageKey; title: MessageKey; body: MessageKey }> = {
  on_file: { label: 'admin.claims.onFile', aria: 'admin.claims.onFileLabel', title: 'admin.claims.onFileTitle', body: 'admin.claims.onFileBody' },
  claimant: { label: 'admin.claims.claimant', aria: 'admin.claims.claimantLabel', title: 'admin.claims.claimantTitle', body: 'admin.claims.claimantBody' },
  reject: { label: 'admin.claims.reject', aria: 'admin.claims.rejectLabel', title: 'admin.claims.rejectTitle', body: 'admin.claims.rejectBody' },
}

/**
 * The open link's review list: someone gave a SIREN the registry holds under another address, so
 * nobody got a link. Staff decide — send the link to the address on file, or to the new address
 * (which then replaces it, and the old link stops), or refuse. Shown only while requests wait.
 */
export function ClaimsReview({ wave, onDecided }: { wave: Wave; onDecided(): void }) {
  const claims = useResource<OpenLinkClaimList>(`/api/waves/${encodeURIComponent(wave.id)}/open-link/claims`)
  const [pending, setPending] = useState<{ decision: Decision; claim: OpenLinkClaim } | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const status = useRef<HTMLParagraphElement>(null)

  async function decide(decision: Decision, claim: OpenLinkClaim) {
    const base = `/api/waves/${encodeURIComponent(wave.id)}/open-link/claims/${encodeURIComponent(claim.id)}`
    if (decision === 'reject') await requestJson<unknown>('POST', `${base}/reject`)
    else await requestJson<AcceptClaimResult>('POST', `${base}/accept`, { body: { sendTo: decision } satisfies AcceptClaimBody })
    setDone(
      decision === 'reject'
        ? t('admin.claims.rejected', { siren: claim.siren })
        : t('admin.claims.sent', { email: (decision === 'on_file' ? claim.organisation.email : claim.email) ?? '' }),
    )
    claims.reload()
    onDecided()
    requestAnimationFrame(() => status.current?.focus())
  }

  const list = claims.loaded.kind === 'ready' ? claims.loaded.data.claims : []
  if (list.length === 0 && !done) return null
  return (
    <section className="panel" aria-labelledby="claims-title">
      <h3 id="claims-title">{list.length > 0 ? t('admin.claims.title', { count: list.length }) : t('admin.claims.titleNone')}</h3>
      {list.length > 0 ? <p>{t('admin.claims.intro')}</p> : null}
      <p ref={status} tabIndex={-1} role="status" className="save-note">
        {done ?? ''}
      </p>
      {list.length > 0 ? (
        <div className="table-wrapper">
          <table>
            <caption>{t('admin.claims.caption', { wave: wave.title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.claims.col.siren')}</th>
                <th scope="col">{t('admin.claims.col.claimant')}</th>
                <th scope="col">{t('admin.claims.col.onFile')}</th>
                <th scope="col">{t('admin.claims.col.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((claim) => (
                <tr key={claim.id}>
                  <th scope="row">
                    {claim.siren}
                    <span className="cell-detail">{t('admin.claims.received', { date: formatDateTime(new Date(claim.createdAt)) })}</span>
                  </th>
                  <td className="cell-break">
                    {claim.name}
                    <span className="cell-detail">{claim.email}</span>
                  </td>
                  <td className="cell-break">
                    {claim.organisation.name || <span className="muted">{t('admin.members.anonymised')}</span>}
                    <span className="cell-detail">{claim.organisation.email ?? t('admin.members.noEmail')}</span>
                  </td>
                  <td>
                    <div className="row-actions">
                      {(['on_file', 'claimant', 'reject'] as const).map((decision) => (
                        <button
                          key={decision}
                          type="button"
                          className="button button--link"
                          disabled={decision === 'on_file' && !claim.organisation.email}
                          aria-label={t(TEXTS[decision].aria, { siren: claim.siren })}
                          onClick={() => setPending({ decision, claim })}
                        >
                          {t(TEXTS[decision].label)}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {pending ? (
        <ConfirmDialog
          title={t(TEXTS[pending.decision].title, { siren: pending.claim.siren })}
          confirmLabel={t(TEXTS[pending.decision].label)}
          onConfirm={() => decide(pending.decision, pending.claim)}
          onClose={() => setPending(null)}
        >
          <p>
            {t(TEXTS[pending.decision].body, {
              onFile: pending.claim.organisation.email ?? '',
              claimant: pending.claim.email ?? '',
              name: pending.claim.organisation.name,
            })}
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}
