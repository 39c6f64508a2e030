import type { ApiToken, ApiTokenList, User } from '@sonde/contracts'
import { useEffect, useRef, useState } from 'react'
import { requestJson } from '../../api/http'
import { useResource } from '../../api/use-api'
import { formatDateTime, t } from '../../i18n'
import { formatDate } from '../../i18n/format'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { Dialog } from '../ui/Dialog'
import { LoadingOr } from '../ui/LoadingOr'

/** An account's API tokens for an admin: when each ends, when it was last used, and "Révoquer". */
export function TokensDialog({ user, onClose }: { user: User; onClose(): void }) {
  const url = `/api/users/${encodeURIComponent(user.id)}/tokens`
  const tokens = useResource<ApiTokenList>(url)
  const [revoking, setRevoking] = useState<ApiToken | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const status = useRef<HTMLParagraphElement>(null)

  // The revoked token's button is gone: the focus goes to the line that says it was revoked.
  useEffect(() => {
    if (done && !revoking) status.current?.focus()
  }, [done, revoking])

  return (
    <Dialog title={t('admin.users.tokens.title', { email: user.email })} onClose={onClose} wide>
      <p className="muted">{t('admin.users.tokens.intro')}</p>
      <p role="status" className="save-note" ref={status} tabIndex={-1}>
        {done}
      </p>
      <LoadingOr loaded={tokens.loaded}>
        {(data) =>
          data.tokens.length === 0 ? (
            <p>{t('admin.users.tokens.none')}</p>
          ) : (
            <div className="table-wrapper">
              <table>
                <caption>{t('admin.users.tokens.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.users.tokens.col.name')}</th>
                    <th scope="col">{t('admin.users.tokens.col.created')}</th>
                    <th scope="col">{t('admin.users.tokens.col.expires')}</th>
                    <th scope="col">{t('admin.users.tokens.col.lastUsed')}</th>
                    <th scope="col">{t('admin.users.tokens.col.status')}</th>
                    <th scope="col">{t('admin.users.tokens.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.tokens.map((token) => (
                    <tr key={token.id}>
                      <th scope="row" className="cell-break">
                        {token.name}
                      </th>
                      <td>{formatDate(token.createdAt)}</td>
                      <td>{formatDate(token.expiresAt)}</td>
                      <td>{token.lastUsedAt ? formatDateTime(new Date(token.lastUsedAt)) : t('admin.users.tokens.neverUsed')}</td>
                      <td>
                        <span className={token.status === 'active' ? 'badge badge--open' : 'badge badge--archived'}>
                          {t(`admin.users.tokens.status.${token.status}`)}
                        </span>
                        {token.revokedReason ? <span className="cell-detail">{t(`admin.users.tokens.reason.${token.revokedReason}`)}</span> : null}
                      </td>
                      <td>
                        {token.status === 'active' ? (
                          <button
                            type="button"
                            className="button button--link"
                            aria-label={t('admin.users.tokens.revokeLabel', { name: token.name })}
                            onClick={() => {
                              setDone(null)
                              setRevoking(token)
                            }}
                          >
                            {t('admin.users.tokens.revoke')}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadingOr>
      {revoking ? (
        <ConfirmDialog
          title={t('admin.users.tokens.revokeTitle', { name: revoking.name })}
          confirmLabel={t('admin.users.tokens.revoke')}
          onConfirm={async () => {
            await requestJson<null>('DELETE', `${url}/${encodeURIComponent(revoking.id)}`)
            setDone(t('admin.users.tokens.revokedDone', { name: revoking.name }))
            tokens.reload()
          }}
          onClose={() => setRevoking(null)}
        >
          <p>{t('admin.users.tokens.revokeBody')}</p>
        </ConfirmDialog>
      ) : null}
    </Dialog>
  )
}
