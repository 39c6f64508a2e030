import type { MemberReport as Report, ReportItem } from '@sonde/contracts'
import { LoadError } from '../../api/LoadError'
import { getLang, t } from '../../i18n'
import { formatCount, formatDate } from '../../i18n/format'
import { formatIndicatorValue } from '../../format/indicator-value'
import './report.css'
import { useReport } from './use-report'

const ALL = '_all'

interface MemberReportProps {
  /** The invitation token of the page (the credential of the respondent routes). */
  token: string
  /** The report as loaded by the caller; when absent the component loads it itself. */
  report?: Report
}

/**
 * An organisation's own report, shown through its invitation link once staff have published the
 * wave's results: its own values beside its family's median and quartiles (or share), and the
 * network's, from the release staff published — a family figure only where it passes disclosure
 * control; a hidden one shows the one mark of the whole application, never why. Every figure in the interface's format ("24,6 kg
 * CO2e", "1 569 521", "12,5 %"). Renders nothing while the results are not published, so that it
 * can be placed on the page unconditionally. Printable.
 */
export function MemberReport({ token, report }: MemberReportProps) {
  if (report) return <ReportView report={report} />
  return <LoadedReport token={token} />
}

function LoadedReport({ token }: { token: string }) {
  const loaded = useReport(token)
  if (loaded.kind === 'loading') return null
  if (loaded.kind === 'error') return loaded.code === 'RESULTS_NOT_PUBLISHED' ? null : <LoadError code={loaded.code} />
  return <ReportView report={loaded.data} />
}

function ReportView({ report }: { report: Report }) {
  const lang = getLang()
  const name = (item: { labelFr: string; labelEn: string }) => (lang === 'en' ? item.labelEn : item.labelFr)
  const groups = [...report.families.map((f) => ({ key: f.key, title: name(f) })), { key: ALL, title: t('research.family.all') }].filter((g) =>
    report.items.some((i) => i.family === g.key),
  )

  return (
    <section className="member-report" aria-labelledby="member-report-title">
      <div className="member-report__head">
        <h2 id="member-report-title">{t('research.report.title')}</h2>
        <button type="button" className="button button--secondary member-report__print" onClick={() => window.print()}>
          {t('research.report.print')}
        </button>
      </div>
      <p>
        <strong>{report.organisation.name}</strong> — {report.wave.title}
      </p>
      <p className="member-report__intro">{t('research.report.intro')}</p>
      <p>{t('respondent.report.release', { date: formatDate(report.release.publishedAt), number: String(report.release.number) })}</p>
      {report.submitted ? null : <p className="notice notice--warning">{t('research.report.notSubmitted')}</p>}
      {groups.length === 0 ? <p>{t('research.report.empty')}</p> : null}
      {groups.map((group) => (
        <ReportTable key={group.key} title={group.title} items={report.items.filter((i) => i.family === group.key)} />
      ))}
    </section>
  )
}

function ownText(item: ReportItem): string {
  if (item.own === null) return t('research.report.noAnswer')
  if (item.indicator.aggregation === 'share') return item.own === 1 ? t('research.report.yes') : t('research.report.no')
  return formatIndicatorValue(item.own, item.indicator)
}

function ReportTable({ title, items }: { title: string; items: ReportItem[] }) {
  const lang = getLang()
  return (
    <div className="member-report__group">
      <h3>{title}</h3>
      <div className="table-wrapper" role="region" aria-label={title} tabIndex={0}>
        <table>
          <caption className="member-report__hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('research.report.indicator')}</th>
              <th scope="col">{t('research.report.own')}</th>
              <th scope="col">{t('research.report.median')}</th>
              <th scope="col">{t('research.report.quartiles')}</th>
              <th scope="col">n</th>
              <th scope="col" className="member-report__chart-column">
                <span className="member-report__hidden">{t('research.report.group')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const label = lang === 'en' ? item.indicator.labelEn : item.indicator.labelFr
              const share = item.indicator.aggregation === 'share'
              const hidden = item.suppressed || item.value === null
              return (
                <tr key={`${item.indicator.id}:${item.family}`}>
                  <th scope="row">{label}</th>
                  <td>{ownText(item)}</td>
                  <td>
                    {hidden
                      ? t('research.secret.mark')
                      : share
                        ? `${formatIndicatorValue(item.value, { unit: 'proportion' })} (${t('research.report.share').toLowerCase()})`
                        : formatIndicatorValue(item.value, item.indicator)}
                  </td>
                  <td>
                    {!hidden && item.q1 !== null && item.q3 !== null
                      ? `${formatIndicatorValue(item.q1, item.indicator)} – ${formatIndicatorValue(item.q3, item.indicator)}`
                      : '—'}
                  </td>
                  <td>{formatCount(item.n)}</td>
                  <td className="member-report__chart-column">{hidden || share ? null : <Position item={item} label={label} />}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {items.some((item) => item.suppressed || item.value === null) ? (
        <p className="member-report__note">
          {t('research.secret.mark')}&nbsp;: {t('research.secret.note')}
        </p>
      ) : null}
    </div>
  )
}

/** The family's quartile box and median, and the organisation's own value as a diamond. */
function Position({ item, label }: { item: ReportItem; label: string }) {
  const values = [item.q1, item.q3, item.value, item.own].filter((v): v is number => v !== null)
  let low = Math.min(...values)
  let high = Math.max(...values)
  if (low === high) {
    low -= 1
    high += 1
  }
  const pad = (high - low) * 0.1
  low -= pad
  high += pad
  const x = (v: number) => 4 + ((v - low) / (high - low)) * 152
  const format = (v: number | null) => (v === null ? t('research.report.noAnswer') : formatIndicatorValue(v, item.indicator))
  return (
    <svg
      className="member-report__position"
      viewBox="0 0 160 24"
      role="img"
      aria-label={t('research.report.chartLabel', {
        indicator: label,
        own: format(item.own),
        median: format(item.value),
        q1: format(item.q1),
        q3: format(item.q3),
      })}
    >
      <line x1={4} x2={156} y1={12} y2={12} className="member-report__axis" />
      {item.q1 !== null && item.q3 !== null ? (
        <rect x={x(item.q1)} y={6} width={Math.max(1, x(item.q3) - x(item.q1))} height={12} className="member-report__box" />
      ) : null}
      <line x1={x(item.value!)} x2={x(item.value!)} y1={4} y2={20} className="member-report__median" />
      {item.own !== null ? <path d={`M ${x(item.own)} 5 l 6 7 l -6 7 l -6 -7 z`} className="member-report__own" /> : null}
    </svg>
  )
}
