import type { Erasure, Wave, WaveOrganisation } from '@sonde/contracts'
import { useState } from 'react'
import { requestJson } from '../../api/http'
import { t } from '../../i18n'
import { familyLabel } from '../../waves/family-label'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { CopyButton } from '../ui/CopyButton'
import { OrganisationDialog } from './OrganisationDialog'
import { describeProgress } from './response-status'

interface MemberTableProps {
  wave: Wave
  organisations: WaveOrganisation[]
  selected: ReadonlySet<string>
  onSelect(selected: ReadonlySet<string>): void
  onChanged(organisation: WaveOrganisation): void
  /** The organisation's data in this wave were erased: it leaves the list. */
  onErased(organisationId: string): void
}

type Pending = { kind: 'edit' | 'revoke' | 'regenerate' | 'erase'; organisation: WaveOrganisation } | null

/** One line per organisation: who, which families, how far, its link; a box to pick it for a reminder. */
export function MemberTable({ wave, organisations, selected, onSelect, onChanged, onErased }: MemberTableProps) {
  const [pending, setPending] = useState<Pending>(null)
  const families = new Map(wave.families.map((family) => [family.key, familyLabel(family)]))
  const allSelected = organisations.length > 0 && organisations.every((organisation) => selected.has(organisation.id))

  function toggle(ids: string[], on: boolean) {
    const next = new Set(selected)
    for (const id of ids) {
      if (on) next.add(id)
      else next.delete(id)
    }
    onSelect(next)
  }

  async function linkAction(kind: 'revoke' | 'regenerate', organisation: WaveOrganisation) {
    const updated = await requestJson<WaveOrganisation>(
      'POST',
      `/api/waves/${encodeURIComponent(wave.id)}/organisations/${encodeURIComponent(organisation.id)}/invitation/${kind}`,
    )
    onChanged(updated)
  }

  async function erase(organisation: WaveOrganisation) {
    await requestJson<Erasure>('POST', `/api/waves/${encodeURIComponent(wave.id)}/organisations/${encodeURIComponent(organisation.id)}/erase`)
    onErased(organisation.id)
  }

  const shownName = (organisation: WaveOrganisation) => organisation.name || t('admin.members.anonymised')

  return (
    <>
      <div className="table-wrapper">
        <table className="member-table">
          <caption>{t('admin.members.caption', { wave: wave.title })}</caption>
          <thead>
            <tr>
              <td className="member-table__select">
                <input
                  type="checkbox"
                  aria-label={t('admin.members.selectAll')}
                  checked={allSelected}
                  onChange={(event) =>
                    toggle(
                      organisations.map((organisation) => organisation.id),
                      event.target.checked,
                    )
                  }
                />
              </td>
              <th scope="col">{t('admin.members.col.name')}</th>
              <th scope="col">{t('admin.members.col.email')}</th>
              <th scope="col">{t('admin.members.col.families')}</th>
              <th scope="col">{t('admin.members.col.status')}</th>
              <th scope="col">{t('admin.members.col.link')}</th>
              <th scope="col">{t('admin.members.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((organisation) => (
              <tr key={organisation.id}>
                <td className="member-table__select">
                  <input
                    type="checkbox"
                    aria-label={t('admin.members.select', { name: shownName(organisation) })}
                    checked={selected.has(organisation.id)}
                    onChange={(event) => toggle([organisation.id], event.target.checked)}
                  />
                </td>
                <th scope="row">
                  {organisation.name || <span className="muted">{t('admin.members.anonymised')}</span>}
                  {organisation.siren ? <span className="cell-detail">{t('admin.members.sirenValue', { siren: organisation.siren })}</span> : null}
                  {organisation.region ? <span className="cell-detail">{organisation.region}</span> : null}
                </th>
                <td className="cell-break">{organisation.email ?? <span className="muted">{t('admin.members.noEmail')}</span>}</td>
                <td>
                  <ul className="plain-list">
                    {organisation.familyKeys.map((key) => (
                      <li key={key}>{families.get(key) ?? key}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <span className={`response response--${organisation.response.status}`}>{describeProgress(organisation)}</span>
                </td>
                <td>
                  {organisation.invitation.revoked ? (
                    <span className="badge badge--revoked">{t('admin.members.revoked')}</span>
                  ) : (
                    <div className="link-cell">
                      <code className="link-cell__text">{organisation.invitation.link}</code>
                      <CopyButton text={organisation.invitation.link} label={t('admin.members.copyLink', { name: shownName(organisation) })} />
                    </div>
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={t('admin.members.editLabel', { name: shownName(organisation) })}
                      onClick={() => setPending({ kind: 'edit', organisation })}
                    >
                      {t('admin.members.edit')}
                    </button>
                    {organisation.invitation.revoked ? null : (
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={t('admin.members.revokeLabel', { name: shownName(organisation) })}
                        onClick={() => setPending({ kind: 'revoke', organisation })}
                      >
                        {t('admin.members.revoke')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={t('admin.members.regenerateLabel', { name: shownName(organisation) })}
                      onClick={() => setPending({ kind: 'regenerate', organisation })}
                    >
                      {t('admin.members.regenerate')}
                    </button>
                    <a
                      className="button button--link"
                      href={`/api/waves/${encodeURIComponent(wave.id)}/organisations/${encodeURIComponent(organisation.id)}/personal-data`}
                      download
                      aria-label={t('admin.members.personalDataLabel', { name: shownName(organisation) })}
                    >
                      {t('admin.members.personalData')}
                    </a>
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={t('admin.members.eraseLabel', { name: shownName(organisation) })}
                      onClick={() => setPending({ kind: 'erase', organisation })}
                    >
                      {t('admin.members.erase')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {organisations.length === 0 ? <p>{t('admin.members.noMatch')}</p> : null}
      {pending?.kind === 'edit' ? (
        <OrganisationDialog
          wave={wave}
          organisation={pending.organisation}
          onClose={() => setPending(null)}
          onSaved={(organisation) => {
            setPending(null)
            onChanged(organisation)
          }}
        />
      ) : null}
      {pending?.kind === 'erase' ? (
        <ConfirmDialog
          title={t('admin.members.eraseTitle', { name: shownName(pending.organisation) })}
          confirmLabel={t('admin.members.eraseConfirm')}
          onConfirm={() => erase(pending.organisation)}
          onClose={() => setPending(null)}
        >
          <p>{t('admin.members.eraseBody', { wave: wave.title })}</p>
          <p>{t('admin.members.eraseKept')}</p>
        </ConfirmDialog>
      ) : null}
      {pending?.kind === 'revoke' || pending?.kind === 'regenerate' ? (
        <ConfirmDialog
          title={t(pending.kind === 'revoke' ? 'admin.members.revokeTitle' : 'admin.members.regenerateTitle', { name: shownName(pending.organisation) })}
          confirmLabel={t(pending.kind === 'revoke' ? 'admin.members.revoke' : 'admin.members.regenerate')}
          onConfirm={() => linkAction(pending.kind as 'revoke' | 'regenerate', pending.organisation)}
          onClose={() => setPending(null)}
        >
          <p>{t(pending.kind === 'revoke' ? 'admin.members.revokeBody' : 'admin.members.regenerateBody')}</p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}
