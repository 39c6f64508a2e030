import type { ImportProblem, Questionnaire, Wave } from '@sonde/contracts'
import { useId, useState, type FormEvent } from 'react'
import { requestJson } from '../../api/http'
import { t } from '../../i18n'
import { describeError } from '../ui/describe-error'
import { ImportRefusal, importProblemsOf } from '../waves/ImportProblems'

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

type Outcome = { kind: 'idle' } | { kind: 'saved'; version: number } | { kind: 'failed'; message: string; problems: ImportProblem[] }

/**
 * The wave's questionnaire as an XLSForm spreadsheet: download it (XLSX, or CSV in pyxform's
 * layout), edit it in any spreadsheet, and bring it back as a new version of a draft wave's
 * questionnaire. A refused file comes back with each problem at its sheet and line; nothing is saved.
 */
export function SpreadsheetTransfer({ wave, onImported }: { wave: Wave; onImported?(questionnaire: Questionnaire): void }) {
  const id = useId()
  const [file, setFile] = useState<File | null>(null)
  const [note, setNote] = useState('')
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' })
  const [pending, setPending] = useState(false)
  const base = `/api/waves/${encodeURIComponent(wave.id)}`
  const draft = wave.status === 'draft'

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!file) {
      setOutcome({ kind: 'failed', message: t('admin.transfer.noFile'), problems: [] })
      return
    }
    setPending(true)
    setOutcome({ kind: 'idle' })
    const isCsv = file.name.toLowerCase().endsWith('.csv') || file.type === 'text/csv'
    try {
      const query = note.trim() ? `?${new URLSearchParams({ note: note.trim() })}` : ''
      const saved = await requestJson<Questionnaire>('POST', `${base}/questionnaire/xlsform${query}`, {
        raw: { contentType: isCsv ? 'text/csv' : XLSX_MEDIA_TYPE, data: await file.arrayBuffer() },
      })
      setOutcome({ kind: 'saved', version: saved.version })
      onImported?.(saved)
    } catch (failure) {
      setOutcome({ kind: 'failed', message: describeError(failure), problems: importProblemsOf(failure) })
    }
    setPending(false)
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.transfer.title')}</h3>
      <p className="muted">{t('admin.transfer.intro')}</p>
      <ul className="plain-list">
        <li>
          <a href={`${base}/questionnaire.xlsx`} download>
            {t('admin.transfer.downloadXlsx')}
          </a>
        </li>
        <li>
          <a href={`${base}/questionnaire.xlsform.csv`} download>
            {t('admin.transfer.downloadCsv')}
          </a>
        </li>
      </ul>
      {draft ? (
        <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('admin.transfer.file')}</label>
            <input
              id={`${id}-file`}
              type="file"
              accept={`.xlsx,.csv,${XLSX_MEDIA_TYPE},text/csv`}
              aria-describedby={`${id}-file-hint`}
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
            <p id={`${id}-file-hint`} className="field__hint">
              {t('admin.transfer.fileHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('admin.transfer.note')}</label>
            <input id={`${id}-note`} type="text" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
          <div>
            <button type="submit" className="button button--secondary" disabled={pending}>
              {t('admin.transfer.submit')}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">{t('admin.transfer.frozen')}</p>
      )}
      {/* Always present, so that screen readers announce the outcome when it appears. */}
      <div role="status">
        {outcome.kind === 'saved' ? <p className="notice notice--success">{t('admin.transfer.saved', { version: outcome.version })}</p> : null}
        {outcome.kind === 'failed' ? <ImportRefusal message={outcome.message} problems={outcome.problems} /> : null}
      </div>
    </section>
  )
}
