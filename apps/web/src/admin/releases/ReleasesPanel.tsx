import type { PublicLicence, PublicPageState, ReleaseDifference, ReleaseList, ReleaseRefusedDetails, ReleaseSummary, Wave } from '@sonde/contracts'
import { useId, useRef, useState, type FormEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { useResource } from '../../api/use-api'
import { formatDateTime, formatNumber, t } from '../../i18n'
import { tCount } from '../../i18n/count'
import { familyLabel } from '../../waves/family-label'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { describeError } from '../ui/describe-error'
import { LoadingOr } from '../ui/LoadingOr'

type Outcome =
  { kind: 'published'; release: ReleaseSummary } | { kind: 'refused'; total: number; differences: ReleaseDifference[] } | { kind: 'error'; message: string }

/** How many refused cells the table lists (the total is always said). */
const LISTED = 50

/**
 * Résultats: the wave's releases — the only results researchers, API tokens, members and every
 * export read — and the form that publishes a new one. The live computation, provisional, is one
 * link away in the research portal. A refused release lists the cells an earlier release would
 * give away by difference, and offers to publish with those cells hidden.
 */
export function ReleasesPanel({ wave, onWaveChange }: { wave: Wave; onWaveChange(wave: Wave): void }) {
  const id = useId()
  const releases = useResource<ReleaseList>(`/api/waves/${encodeURIComponent(wave.id)}/releases`)
  const [note, setNote] = useState('')
  const [showMembers, setShowMembers] = useState(wave.settings.resultsPublished)
  const [pending, setPending] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const news = useRef<HTMLDivElement>(null)

  async function publish(hideDifferences: boolean) {
    setPending(true)
    setOutcome(null)
    try {
      const release = await requestJson<ReleaseSummary>('POST', `/api/waves/${encodeURIComponent(wave.id)}/releases`, {
        body: { note: note.trim() || undefined, hideDifferences, showMembers },
      })
      setOutcome({ kind: 'published', release })
      setNote('')
      releases.reload()
      if (showMembers !== wave.settings.resultsPublished) {
        onWaveChange({ ...wave, settings: { ...wave.settings, resultsPublished: showMembers } })
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'RELEASE_REFUSED') {
        const details = error.details as Partial<ReleaseRefusedDetails> | undefined
        setOutcome({ kind: 'refused', total: details?.total ?? 0, differences: details?.differences ?? [] })
      } else if (error instanceof ApiError && error.code === 'RELEASE_BUSY') {
        setOutcome({ kind: 'error', message: t('admin.releases.busy') })
      } else {
        setOutcome({ kind: 'error', message: describeError(error) })
      }
    } finally {
      setPending(false)
      // The news replaces the form's place in the reading order: announce it where the person is.
      requestAnimationFrame(() => news.current?.focus())
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    void publish(false)
  }

  return (
    <section className="panel-stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.releases.title')}</h2>
      <p>{t('admin.releases.intro')}</p>
      <p>
        <a href={`/research/${encodeURIComponent(wave.id)}?release=live`}>{t('admin.releases.live')}</a>
      </p>

      <form className="panel form-grid" onSubmit={submit} aria-labelledby={`${id}-publish`}>
        <h3 id={`${id}-publish`}>{t('admin.releases.publish.title')}</h3>
        <p className="field__hint">
          {t('admin.releases.publish.hint', { minCellSize: formatNumber(wave.settings.minCellSize), p: formatNumber(wave.settings.pPercent) })}
        </p>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('admin.releases.note')}</label>
          <textarea id={`${id}-note`} rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
        </div>
        <div className="field field--check">
          <input
            id={`${id}-members`}
            type="checkbox"
            checked={showMembers}
            onChange={(event) => setShowMembers(event.target.checked)}
            aria-describedby={`${id}-members-hint`}
          />
          <label htmlFor={`${id}-members`}>{t('admin.releases.showMembers')}</label>
          <p id={`${id}-members-hint`} className="field__hint">
            {t('admin.releases.showMembers.hint')}
          </p>
        </div>
        <div className="button-row">
          <button type="submit" className="button" disabled={pending}>
            {pending ? t('admin.releases.publishing') : t('admin.releases.publish')}
          </button>
        </div>
      </form>

      <div ref={news} tabIndex={-1} aria-live="polite" className="releases__news">
        {outcome?.kind === 'published' ? (
          <p className="notice notice--success">
            {tCount({ one: 'admin.releases.published.one', other: 'admin.releases.published' }, outcome.release.responses, {
              number: formatNumber(outcome.release.number),
              responses: formatNumber(outcome.release.responses),
            })}
          </p>
        ) : null}
        {outcome?.kind === 'error' ? (
          <p className="notice notice--error" role="alert">
            {outcome.message}
          </p>
        ) : null}
        {outcome?.kind === 'refused' ? (
          <RefusedRelease wave={wave} total={outcome.total} differences={outcome.differences} pending={pending} onHide={() => void publish(true)} />
        ) : null}
      </div>

      <h3>{t('admin.releases.list.title')}</h3>
      <LoadingOr loaded={releases.loaded}>
        {(data) =>
          data.releases.length === 0 ? (
            <p>{t('admin.releases.none')}</p>
          ) : (
            <div className="table-wrapper" role="region" aria-label={t('admin.releases.list.title')} tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.releases.col.number')}</th>
                    <th scope="col">{t('admin.releases.col.date')}</th>
                    <th scope="col" className="number">
                      {t('admin.releases.col.responses')}
                    </th>
                    <th scope="col">{t('admin.releases.col.rules')}</th>
                    <th scope="col">{t('admin.releases.col.note')}</th>
                    <th scope="col">{t('admin.releases.col.read')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.releases.map((release) => (
                    <tr key={release.id}>
                      <td>{formatNumber(release.number)}</td>
                      <td>{formatDateTime(new Date(release.publishedAt))}</td>
                      <td className="number">{formatNumber(release.responses)}</td>
                      <td>{t('admin.releases.rules', { minCellSize: formatNumber(release.minCellSize), p: formatNumber(release.pPercent) })}</td>
                      <td>{release.note}</td>
                      <td>
                        <a href={`/research/${encodeURIComponent(wave.id)}?release=${encodeURIComponent(release.id)}`}>
                          {t('admin.releases.open', { number: formatNumber(release.number) })}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadingOr>

      <PublicPageSection wave={wave} releases={releases.loaded.kind === 'ready' ? releases.loaded.data.releases : []} />
    </section>
  )
}

const LICENCES: readonly PublicLicence[] = ['etalab-2.0', 'cc-by-4.0']

/**
 * « Page publique »: whether the wave's results are on the public observatory (`/resultats/<slug>`,
 * no login), which release it shows and under which open licence; staff publish it, move it to
 * another release or licence, or take it down (confirmed). Every button is secondary: the tab's
 * one filled button is the release form's.
 */
function PublicPageSection({ wave, releases }: { wave: Wave; releases: readonly ReleaseSummary[] }) {
  const id = useId()
  const url = `/api/waves/${encodeURIComponent(wave.id)}/public-page`
  const state = useResource<PublicPageState>(url)
  const [licence, setLicence] = useState<PublicLicence | null>(null)
  const [releaseId, setReleaseId] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null)

  async function save(current: PublicPageState) {
    setPending(true)
    setMessage(null)
    try {
      const chosen = releaseId ?? (current.published ? current.releaseId : null) ?? releases[0]?.id
      const next = await requestJson<PublicPageState>('PUT', url, {
        body: { licence: licence ?? current.licence ?? 'etalab-2.0', ...(chosen ? { releaseId: chosen } : {}) },
      })
      state.replace(next)
      setReleaseId(null)
      setLicence(null)
      setMessage({ kind: 'success', text: t('admin.publicPage.saved', { number: formatNumber(next.releaseNumber ?? 0) }) })
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(error) })
    } finally {
      setPending(false)
    }
  }

  async function unpublish() {
    await requestJson<null>('DELETE', url)
    state.reload()
    setMessage({ kind: 'success', text: t('admin.publicPage.removed') })
  }

  return (
    <section className="panel form-grid" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.publicPage.title')}</h3>
      <p className="field__hint">{t('admin.publicPage.intro')}</p>
      <LoadingOr loaded={state.loaded}>
        {(current) => {
          const shownRelease = releaseId ?? (current.published ? current.releaseId : null) ?? releases[0]?.id ?? ''
          const shownLicence = licence ?? current.licence ?? 'etalab-2.0'
          return (
            <>
              <p>
                {current.published
                  ? t('admin.publicPage.state.published', {
                      number: formatNumber(current.releaseNumber ?? 0),
                      licence: t(`admin.publicPage.licence.${current.licence ?? 'etalab-2.0'}`),
                      date: current.publishedAt ? formatDateTime(new Date(current.publishedAt)) : '',
                    })
                  : t('admin.publicPage.state.unpublished')}{' '}
                {current.published ? <a href={current.path}>{t('admin.publicPage.open')}</a> : null}
              </p>
              {current.published && current.newerRelease ? <p className="notice notice--warning">{t('admin.publicPage.newer')}</p> : null}
              {releases.length === 0 ? (
                <p>{t('admin.publicPage.noRelease')}</p>
              ) : (
                <>
                  <div className="field">
                    <label htmlFor={`${id}-release`}>{t('admin.publicPage.release')}</label>
                    <select id={`${id}-release`} value={shownRelease} onChange={(event) => setReleaseId(event.target.value)}>
                      {releases.map((release) => (
                        <option key={release.id} value={release.id}>
                          {t('admin.publicPage.releaseOption', {
                            number: formatNumber(release.number),
                            date: formatDateTime(new Date(release.publishedAt)),
                          })}
                        </option>
                      ))}
                    </select>
                  </div>
                  <fieldset className="indicator-form__group">
                    <legend>{t('admin.publicPage.licence')}</legend>
                    {LICENCES.map((key) => (
                      <div key={key} className="field field--check">
                        <input
                          id={`${id}-licence-${key}`}
                          type="radio"
                          name={`${id}-licence`}
                          checked={shownLicence === key}
                          onChange={() => setLicence(key)}
                        />
                        <label htmlFor={`${id}-licence-${key}`}>{t(`admin.publicPage.licence.${key}`)}</label>
                      </div>
                    ))}
                  </fieldset>
                  <div className="button-row">
                    <button type="button" className="button button--secondary" disabled={pending} onClick={() => void save(current)}>
                      {current.published ? t('admin.publicPage.update') : t('admin.publicPage.publish')}
                    </button>
                    {current.published ? (
                      <button type="button" className="button button--secondary" disabled={pending} onClick={() => setConfirming(true)}>
                        {t('admin.publicPage.remove')}
                      </button>
                    ) : null}
                  </div>
                </>
              )}
            </>
          )
        }}
      </LoadingOr>
      <div aria-live="polite">
        {message ? (
          <p className={`notice notice--${message.kind}`} role={message.kind === 'error' ? 'alert' : undefined}>
            {message.text}
          </p>
        ) : null}
      </div>
      {confirming ? (
        <ConfirmDialog
          title={t('admin.publicPage.remove.title')}
          confirmLabel={t('admin.publicPage.remove')}
          onConfirm={unpublish}
          onClose={() => setConfirming(false)}
        >
          <p>{t('admin.publicPage.remove.body')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}

function RefusedRelease({
  wave,
  total,
  differences,
  pending,
  onHide,
}: {
  wave: Wave
  total: number
  differences: ReleaseDifference[]
  pending: boolean
  onHide(): void
}) {
  const family = (key: string) => {
    if (key === '_all') return t('admin.releases.family.all')
    const found = wave.families.find((f) => f.key === key)
    return found ? familyLabel(found) : key
  }
  return (
    <div className="notice notice--warning" role="alert">
      <p>{t('admin.releases.refused', { count: formatNumber(total), minCellSize: formatNumber(wave.settings.minCellSize) })}</p>
      <div className="table-wrapper" role="region" aria-label={t('admin.releases.refused.table')} tabIndex={0}>
        <table>
          <caption>{t('admin.releases.refused.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.releases.col.indicator')}</th>
              <th scope="col">{t('admin.releases.col.family')}</th>
              <th scope="col">{t('admin.releases.col.crossing')}</th>
              <th scope="col" className="number">
                {t('admin.releases.col.before')}
              </th>
              <th scope="col" className="number">
                {t('admin.releases.col.after')}
              </th>
              <th scope="col" className="number">
                {t('admin.releases.col.changed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {differences.slice(0, LISTED).map((d) => (
              <tr key={`${d.releaseNumber}|${d.indicator}|${d.family}|${d.dimension}|${d.dimensionValue}|${d.category}`}>
                <td>
                  {d.indicator}
                  {d.category ? ` — ${d.category}` : ''}
                </td>
                <td>{family(d.family)}</td>
                <td>{d.dimension ? `${d.dimension} = ${d.dimensionValue}` : '—'}</td>
                <td className="number">{t('admin.releases.before', { n: formatNumber(d.nBefore), number: formatNumber(d.releaseNumber) })}</td>
                <td className="number">{formatNumber(d.nAfter)}</td>
                <td className="number">{formatNumber(d.changed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > LISTED ? <p>{t('admin.releases.refused.more', { count: formatNumber(total - LISTED) })}</p> : null}
      <p>{t('admin.releases.refused.choice')}</p>
      <div className="button-row">
        <button type="button" className="button button--secondary" disabled={pending} onClick={onHide}>
          {t('admin.releases.hideAndPublish')}
        </button>
      </div>
    </div>
  )
}
