import { AUDIT_KINDS, type AuditEvent, type AuditKind, type AuditList } from '@sonde/contracts'
import { useEffect, useEffectEvent, useId, useRef, useState, type FormEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { t } from '../../i18n'
import { formatCount, formatDateTime } from '../../i18n/format'
import { useWaves } from '../../waves/use-waves'
import { usePageHeading } from '../routing/page-heading'
import { describeError } from '../ui/describe-error'
import { auditSentence, detailEntries } from './audit-details'

const PAGE_SIZE = 200

interface Filters {
  waveId: string
  /** One kind of event, or every kind when empty. */
  kind: AuditKind | ''
}

/** Days (YYYY-MM-DD), both included, applied to the events loaded: the API filters by wave and kind only. */
interface Days {
  from: string
  to: string
}

type State = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; events: AuditEvent[]; more: boolean } | { kind: 'failed'; message: string }

function query(filters: Filters, before?: string): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) })
  if (filters.waveId) params.set('waveId', filters.waveId)
  if (filters.kind) params.set('kind', filters.kind)
  if (before) params.set('before', before)
  return `/api/audit?${params.toString()}`
}

/** The local calendar day of a timestamp, as YYYY-MM-DD. */
function localDay(iso: string): string {
  const date = new Date(iso)
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}

function withinDays(event: AuditEvent, days: Days): boolean {
  const day = localDay(event.at)
  return (!days.from || day >= days.from) && (!days.to || day <= days.to)
}

/** Journal: who did what, when, on which wave — read only, newest first, filtered on the server. */
export function AuditLog() {
  const id = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, t('admin.audit.title'))
  const waves = useWaves()
  const [filters, setFilters] = useState<Filters>({ waveId: '', kind: '' })
  const [days, setDays] = useState<Days>({ from: '', to: '' })
  const [state, setState] = useState<State>({ kind: 'idle' })
  const [applied, setApplied] = useState<Filters | null>(null)

  async function load(next: Filters, append: boolean) {
    const previous = state.kind === 'ready' && append ? state.events : []
    if (!append) setState({ kind: 'loading' })
    try {
      const { events } = await requestJson<AuditList>('GET', query(next, append ? previous.at(-1)?.id : undefined))
      setState({ kind: 'ready', events: [...previous, ...events], more: events.length === PAGE_SIZE })
      setApplied(next)
    } catch (failure) {
      setState({ kind: 'failed', message: failure instanceof ApiError && failure.status === 404 ? t('admin.audit.unavailable') : describeError(failure) })
    }
  }

  // The newest events at once, like a log should open; once, not each time load() is redefined.
  const loadNewest = useEffectEvent(() => void load({ waveId: '', kind: '' }, false))
  useEffect(() => {
    loadNewest()
  }, [])

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void load(filters, false)
  }

  const shown = state.kind === 'ready' ? state.events.filter((event) => withinDays(event, days)) : []
  const waveTitles = new Map(waves.kind === 'ready' ? waves.data.map((wave) => [wave.id, wave.title]) : [])

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title" ref={heading} tabIndex={-1}>
        {t('admin.audit.title')}
      </h1>
      <p className="muted">{t('admin.audit.intro')}</p>
      <form className="filters panel" role="search" aria-label={t('admin.audit.filters')} onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-wave`}>{t('admin.audit.wave')}</label>
          <select id={`${id}-wave`} value={filters.waveId} onChange={(event) => setFilters({ ...filters, waveId: event.target.value })}>
            <option value="">{t('admin.audit.allWaves')}</option>
            {waves.kind === 'ready'
              ? waves.data.map((wave) => (
                  <option key={wave.id} value={wave.id}>
                    {wave.title}
                  </option>
                ))
              : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('admin.audit.kind')}</label>
          <select id={`${id}-kind`} value={filters.kind} onChange={(event) => setFilters({ ...filters, kind: event.target.value as Filters['kind'] })}>
            <option value="">{t('admin.audit.allKinds')}</option>
            {AUDIT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`admin.audit.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('admin.audit.from')}</label>
          <input id={`${id}-from`} type="date" value={days.from} onChange={(event) => setDays({ ...days, from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('admin.audit.to')}</label>
          <input id={`${id}-to`} type="date" value={days.to} onChange={(event) => setDays({ ...days, to: event.target.value })} />
        </div>
        <div className="filters__submit">
          <button type="submit" className="button">
            {t('admin.audit.apply')}
          </button>
        </div>
      </form>
      {state.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {state.kind === 'failed' ? (
        <p className="notice notice--error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.kind === 'ready' ? (
        <>
          <p role="status">{t('admin.audit.count', { count: formatCount(shown.length) })}</p>
          {shown.length > 0 ? (
            <div className="table-wrapper">
              <table>
                <caption>{t('admin.audit.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.audit.col.at')}</th>
                    <th scope="col">{t('admin.audit.col.event')}</th>
                    <th scope="col">{t('admin.audit.col.organisation')}</th>
                    <th scope="col">{t('admin.audit.col.wave')}</th>
                    <th scope="col">{t('admin.audit.col.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((event) => (
                    <tr key={event.id}>
                      <th scope="row">
                        <time dateTime={event.at}>{formatDateTime(new Date(event.at))}</time>
                      </th>
                      <td>{auditSentence(event)}</td>
                      <td>{event.organisationName ?? ''}</td>
                      <td>{event.waveId ? (waveTitles.get(event.waveId) ?? event.waveId) : ''}</td>
                      <td>
                        <details className="audit-details">
                          <summary>{t('admin.audit.showDetails')}</summary>
                          <p className="muted">{t('admin.audit.code', { code: event.action })}</p>
                          {Object.keys(event.details).length > 0 ? (
                            <dl>
                              {detailEntries(event.details).map(({ key, value }) => (
                                <div key={key}>
                                  <dt>
                                    <code>{key}</code>
                                  </dt>
                                  <dd>{value}</dd>
                                </div>
                              ))}
                            </dl>
                          ) : null}
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {state.more && applied ? (
            <>
              {days.from ? <p className="field__hint">{t('admin.audit.moreHint')}</p> : null}
              <button type="button" className="button button--secondary" onClick={() => void load(applied, true)}>
                {t('admin.audit.more')}
              </button>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  )
}
