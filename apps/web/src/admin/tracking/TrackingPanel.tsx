import type { Progress, SendInvitationsResult, Wave } from '@sonde/contracts'
import { useRef, useState } from 'react'
import { t } from '../../i18n'
import { formatCount, formatDate } from '../../i18n/format'
import { familyLabel } from '../../waves/family-label'
import { SendOutcome } from '../invitations/SendOutcome'
import { sendMessages } from '../invitations/send-messages'
import { usePageHeading } from '../routing/page-heading'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { LoadingOr } from '../ui/LoadingOr'
import { useResource } from '../../api/use-api'
import { fillDays, formatPercent, type Counts } from './progress'
import { SubmissionsChart } from './SubmissionsChart'

/** Suivi: who was invited, opened, started, submitted — per family — and what is left to chase. */
export function TrackingPanel({ wave }: { wave: Wave }) {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, `${t('admin.tab.tracking')} — ${wave.title}`)
  const progress = useResource<Progress>(`/api/waves/${encodeURIComponent(wave.id)}/progress`)
  return (
    <section aria-labelledby="tracking-title" className="tab-panel">
      <div className="section-heading">
        <h2 id="tracking-title" ref={heading} tabIndex={-1}>
          {t('admin.tab.tracking')}
        </h2>
        <button type="button" className="button button--secondary button--small" onClick={progress.reload}>
          {t('admin.tracking.refresh')}
        </button>
      </div>
      <LoadingOr loaded={progress.loaded}>
        {(data) => (
          <>
            <RatesTable progress={data} />
            <SubmissionsPerDay days={data.submissionsPerDay} />
            <NotStarted wave={wave} organisations={data.notStarted} onSent={progress.reload} />
            <ItemNonResponse items={data.itemNonResponse} />
          </>
        )}
      </LoadingOr>
    </section>
  )
}

function CountCells({ counts }: { counts: Counts }) {
  return (
    <>
      <td className="number">{formatCount(counts.invited)}</td>
      <td className="number">{formatCount(counts.opened)}</td>
      <td className="number">{formatCount(counts.started)}</td>
      <td className="number">{formatCount(counts.submitted)}</td>
      <td className="number">{formatPercent(counts.rr1)}</td>
      <td className="number">{formatPercent(counts.rr2)}</td>
    </>
  )
}

function RatesTable({ progress }: { progress: Progress }) {
  return (
    <section aria-labelledby="rates-title">
      <h3 id="rates-title">{t('admin.tracking.rates.title')}</h3>
      <div className="table-wrapper">
        <table className="numbers-table">
          <caption>{t('admin.tracking.rates.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.tracking.col.family')}</th>
              <th scope="col">{t('admin.tracking.col.invited')}</th>
              <th scope="col">{t('admin.tracking.col.opened')}</th>
              <th scope="col">{t('admin.tracking.col.started')}</th>
              <th scope="col">{t('admin.tracking.col.submitted')}</th>
              <th scope="col">
                <abbr title={t('admin.tracking.rr1.name')}>RR1</abbr>
              </th>
              <th scope="col">
                <abbr title={t('admin.tracking.rr2.name')}>RR2</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {progress.families.map((family) => (
              <tr key={family.key}>
                <th scope="row">{familyLabel(family)}</th>
                <CountCells counts={family} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('admin.tracking.total')}</th>
              <CountCells counts={progress.totals} />
            </tr>
          </tfoot>
        </table>
      </div>
      <dl className="definitions">
        <div>
          <dt>{t('admin.tracking.rr1.name')} (RR1)</dt>
          <dd>{t('admin.tracking.rr1.definition')}</dd>
        </div>
        <div>
          <dt>{t('admin.tracking.rr2.name')} (RR2)</dt>
          <dd>{t('admin.tracking.rr2.definition')}</dd>
        </div>
        <div>
          <dt>{t('admin.tracking.families.name')}</dt>
          <dd>{t('admin.tracking.families.definition')}</dd>
        </div>
      </dl>
    </section>
  )
}

function SubmissionsPerDay({ days }: { days: Progress['submissionsPerDay'] }) {
  const filled = fillDays(days)
  return (
    <section aria-labelledby="per-day-title">
      <h3 id="per-day-title">{t('admin.tracking.perDay.title')}</h3>
      {filled.length === 0 ? (
        <p>{t('admin.tracking.perDay.empty')}</p>
      ) : (
        <div className="chart-with-table">
          <figure className="chart">
            <SubmissionsChart days={filled} />
            <figcaption className="muted">{t('admin.tracking.perDay.figcaption')}</figcaption>
          </figure>
          <div className="table-wrapper chart-table">
            <table className="numbers-table">
              <caption>{t('admin.tracking.perDay.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.tracking.col.day')}</th>
                  <th scope="col">{t('admin.tracking.col.submissions')}</th>
                </tr>
              </thead>
              <tbody>
                {filled.map((day) => (
                  <tr key={day.date}>
                    <th scope="row">{formatDate(day.date)}</th>
                    <td className="number">{formatCount(day.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  )
}

function ItemNonResponse({ items }: { items: Progress['itemNonResponse'] }) {
  return (
    <section aria-labelledby="non-response-title">
      <h3 id="non-response-title">{t('admin.tracking.items.title')}</h3>
      <p className="muted">{t('admin.tracking.items.definition')}</p>
      {items.length === 0 ? (
        <p>{t('admin.tracking.items.empty')}</p>
      ) : (
        <div className="table-wrapper">
          <table className="numbers-table">
            <caption>{t('admin.tracking.items.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.tracking.col.question')}</th>
                <th scope="col">{t('admin.tracking.col.eligible')}</th>
                <th scope="col">{t('admin.tracking.col.answered')}</th>
                <th scope="col">{t('admin.tracking.col.nonResponse')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.name}>
                  <th scope="row">
                    {item.title || item.name}
                    <code className="cell-detail">{item.name}</code>
                  </th>
                  <td className="number">{formatCount(item.eligible)}</td>
                  <td className="number">{formatCount(item.answered)}</td>
                  {/* From the counts themselves: unambiguous whatever `rate` measures. */}
                  <td className="number">{formatPercent(item.eligible > 0 ? (item.eligible - item.answered) / item.eligible : null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function NotStarted({ wave, organisations, onSent }: { wave: Wave; organisations: Progress['notStarted']; onSent(): void }) {
  const [asking, setAsking] = useState(false)
  const [sent, setSent] = useState<SendInvitationsResult | null>(null)
  const outcome = useRef<HTMLDivElement>(null)

  async function remind() {
    const result = await sendMessages(
      wave.id,
      'reminder',
      organisations.map((organisation) => organisation.id),
    )
    setSent(result)
    onSent()
    requestAnimationFrame(() => outcome.current?.focus())
  }

  return (
    <section aria-labelledby="not-started-title">
      <h3 id="not-started-title">{t('admin.tracking.notStarted.title', { count: formatCount(organisations.length) })}</h3>
      <div ref={outcome} tabIndex={-1} className="send-outcome">
        {sent ? <SendOutcome kind="reminder" result={sent} /> : null}
      </div>
      {organisations.length === 0 ? (
        <p>{t('admin.tracking.notStarted.none')}</p>
      ) : (
        <>
          <button type="button" className="button" onClick={() => setAsking(true)}>
            {t('admin.tracking.notStarted.remind', { count: formatCount(organisations.length) })}
          </button>
          <div className="table-wrapper">
            <table>
              <caption>{t('admin.tracking.notStarted.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.members.col.name')}</th>
                  <th scope="col">{t('admin.members.col.email')}</th>
                </tr>
              </thead>
              <tbody>
                {organisations.map((organisation) => (
                  <tr key={organisation.id}>
                    <th scope="row">{organisation.name}</th>
                    <td className="cell-break">{organisation.email ?? <span className="muted">{t('admin.members.noEmail')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {asking ? (
        <ConfirmDialog
          title={t('admin.tracking.notStarted.confirmTitle')}
          confirmLabel={t('admin.invitations.remind.button')}
          onConfirm={remind}
          onClose={() => setAsking(false)}
        >
          <p>{t('admin.tracking.notStarted.confirmBody', { count: formatCount(organisations.length) })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  )
}
