import type { RetentionPreview as RetentionPreviewBody, Wave } from '@sonde/contracts'
import { useResource } from '../../api/use-api'
import { t, type MessageKey } from '../../i18n'
import { formatCount, formatDate, formatDateTime } from '../../i18n/format'
import { LoadingOr } from '../ui/LoadingOr'

const ROWS: [keyof RetentionPreviewBody['removes'], MessageKey][] = [
  ['organisations', 'admin.retention.row.organisations'],
  ['responses', 'admin.retention.row.responses'],
  ['submissions', 'admin.retention.row.submissions'],
  ['links', 'admin.retention.row.links'],
  ['messages', 'admin.retention.row.messages'],
  ['auditEntries', 'admin.retention.row.auditEntries'],
  ['claims', 'admin.retention.row.claims'],
]

/**
 * What the retention job will do to this wave, and when: after the retention date (end of that
 * day, Paris time, at the hourly pass) the registry's names, e-mails and SIREN, the identifying and
 * free-text answers, the links, the e-mails and the review requests go, and the audit log keeps
 * pseudonyms; releases and the anonymised answers stay. The settings mount it again when the date changes.
 */
export function RetentionPreview({ wave }: { wave: Wave }) {
  const preview = useResource<RetentionPreviewBody>(`/api/waves/${encodeURIComponent(wave.id)}/retention`)

  return (
    <section className="panel" aria-labelledby="retention-title">
      <h3 id="retention-title">{t('admin.retention.title')}</h3>
      <LoadingOr loaded={preview.loaded}>
        {(data) => (
          <>
            <p>{when(data)}</p>
            {data.retentionUntil ? (
              <>
                <div className="table-wrapper">
                  <table className="numbers-table">
                    <caption>{t(data.due ? 'admin.retention.captionLeft' : 'admin.retention.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.retention.col.what')}</th>
                        <th scope="col">{t('admin.retention.col.count')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ROWS.map(([key, label]) => (
                        <tr key={key}>
                          <th scope="row">{t(label)}</th>
                          <td className="number">{formatCount(data.removes[key])}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {data.questions.length > 0 ? (
                  <p>{t('admin.retention.questions', { questions: data.questions.map((q) => `« ${q.label} » (${q.name})`).join(', ') })}</p>
                ) : null}
                {data.removes.organisationsKept > 0 ? <p>{t('admin.retention.kept', { count: formatCount(data.removes.organisationsKept) })}</p> : null}
              </>
            ) : null}
            <p>{t('admin.retention.stays', { releases: formatCount(data.keeps.releases), responses: formatCount(data.keeps.submittedResponses) })}</p>
          </>
        )}
      </LoadingOr>
    </section>
  )
}

function when(data: RetentionPreviewBody): string {
  if (!data.retentionUntil || !data.endsAt) return t('admin.retention.noDate')
  const date = formatDate(data.retentionUntil)
  if (!data.due) return t('admin.retention.upcoming', { date, endsAt: formatDateTime(new Date(data.endsAt)) })
  return t('admin.retention.passed', {
    date,
    last: data.lastPassAt ? formatDateTime(new Date(data.lastPassAt)) : t('admin.retention.never'),
  })
}
