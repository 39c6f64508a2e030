import type { OrganisationList, ResponseStatus, SendInvitationsResult, Wave, WaveOrganisation } from '@sonde/contracts'
import { useId, useMemo, useRef, useState } from 'react'
import { t } from '../../i18n'
import { formatCount } from '../../i18n/format'
import { SendOutcome } from '../invitations/SendOutcome'
import { sendMessages } from '../invitations/send-messages'
import { usePageHeading } from '../routing/page-heading'
import { describeError } from '../ui/describe-error'
import { LoadingOr } from '../ui/LoadingOr'
import { useResource } from '../../api/use-api'
import { ClaimsReview } from './ClaimsReview'
import { ImportMembers } from './ImportMembers'
import { MemberTable } from './MemberTable'
import { OrganisationDialog } from './OrganisationDialog'

/** Membres: the wave's organisations with their link and progress, the CSV import, the exports. */
export function MembersPanel({ wave }: { wave: Wave }) {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, `${t('admin.tab.members')} — ${wave.title}`)
  const members = useResource<OrganisationList>(`/api/waves/${encodeURIComponent(wave.id)}/organisations`)
  const [adding, setAdding] = useState(false)
  const base = `/api/waves/${encodeURIComponent(wave.id)}`

  function upsert(organisation: WaveOrganisation) {
    if (members.loaded.kind !== 'ready') return members.reload()
    const list = members.loaded.data.organisations
    const known = list.some((candidate) => candidate.id === organisation.id)
    members.replace({
      organisations: known ? list.map((candidate) => (candidate.id === organisation.id ? organisation : candidate)) : [...list, organisation],
    })
  }

  function remove(organisationId: string) {
    if (members.loaded.kind !== 'ready') return members.reload()
    members.replace({ organisations: members.loaded.data.organisations.filter((candidate) => candidate.id !== organisationId) })
  }

  return (
    <section aria-labelledby="members-title" className="tab-panel">
      <h2 id="members-title" ref={heading} tabIndex={-1}>
        {t('admin.tab.members')}
      </h2>
      <div className="toolbar">
        <button type="button" className="button" onClick={() => setAdding(true)}>
          {t('admin.members.add')}
        </button>
        <ul className="download-list" aria-label={t('admin.members.downloads')}>
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
            <a href={`${base}/organisations.csv`} download>
              {t('admin.members.exportRegistry')}
            </a>{' '}
            (
            <a href={`${base}/organisations.csv?dialect=excel-fr`} download aria-label={t('admin.members.exportRegistryExcel')}>
              {t('admin.members.excel')}
            </a>
            )
          </li>
        </ul>
      </div>
      <ClaimsReview wave={wave} onDecided={members.reload} />
      <LoadingOr loaded={members.loaded}>
        {(data) => <MembersView wave={wave} organisations={data.organisations} onChanged={upsert} onErased={remove} />}
      </LoadingOr>
      <ImportMembers wave={wave} memberCount={members.loaded.kind === 'ready' ? members.loaded.data.organisations.length : null} onImported={members.reload} />
      {adding ? (
        <OrganisationDialog
          wave={wave}
          onClose={() => setAdding(false)}
          onSaved={(organisation) => {
            setAdding(false)
            upsert(organisation)
          }}
        />
      ) : null}
    </section>
  )
}

function MembersView({
  wave,
  organisations,
  onChanged,
  onErased,
}: {
  wave: Wave
  organisations: WaveOrganisation[]
  onChanged(organisation: WaveOrganisation): void
  onErased(organisationId: string): void
}) {
  const id = useId()
  const [query, setQuery] = useState('')
  const [status, setStatus] = useState<ResponseStatus | ''>('')
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [sending, setSending] = useState(false)
  const [sent, setSent] = useState<SendInvitationsResult | null>(null)
  const [sendError, setSendError] = useState<string | null>(null)
  const outcome = useRef<HTMLDivElement>(null)

  const visible = useMemo(() => {
    const words = query.trim().toLocaleLowerCase('fr')
    return organisations.filter(
      (organisation) =>
        (status === '' || organisation.response.status === status) &&
        (words === '' || organisation.name.toLocaleLowerCase('fr').includes(words) || (organisation.email ?? '').toLocaleLowerCase('fr').includes(words)),
    )
  }, [organisations, query, status])
  const selectedIds = organisations.filter((organisation) => selected.has(organisation.id)).map((organisation) => organisation.id)

  async function remind() {
    setSending(true)
    setSent(null)
    setSendError(null)
    try {
      setSent(await sendMessages(wave.id, 'reminder', selectedIds))
      setSelected(new Set())
    } catch (failure) {
      setSendError(describeError(failure))
    }
    setSending(false)
    requestAnimationFrame(() => outcome.current?.focus())
  }

  if (organisations.length === 0) return <p className="notice">{t('admin.members.empty')}</p>

  return (
    <>
      <div className="filters" role="search" aria-label={t('admin.members.filters')}>
        <div className="field">
          <label htmlFor={`${id}-query`}>{t('admin.members.search')}</label>
          <input id={`${id}-query`} type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('admin.members.statusFilter')}</label>
          <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value as ResponseStatus | '')}>
            <option value="">{t('admin.members.statusAll')}</option>
            <option value="not_started">{t('admin.response.not_started')}</option>
            <option value="in_progress">{t('admin.response.in_progress')}</option>
            <option value="submitted">{t('admin.response.submitted')}</option>
          </select>
        </div>
        <p role="status" className="filters__count">
          {t('admin.members.count', { shown: formatCount(visible.length), total: formatCount(organisations.length) })}
        </p>
      </div>
      <div className="toolbar">
        <button type="button" className="button button--secondary" disabled={selectedIds.length === 0 || sending} onClick={() => void remind()}>
          {t('admin.members.remindSelected', { count: selectedIds.length })}
        </button>
      </div>
      <div ref={outcome} tabIndex={-1} className="send-outcome">
        {sent ? <SendOutcome kind="reminder" result={sent} /> : null}
        {sendError ? (
          <p className="notice notice--error" role="alert">
            {sendError}
          </p>
        ) : null}
      </div>
      <MemberTable wave={wave} organisations={visible} selected={selected} onSelect={setSelected} onChanged={onChanged} onErased={onErased} />
    </>
  )
}
