import type { ImportResult, Wave } from '@sonde/contracts'
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react'
import { t } from '../../i18n'
import { formatCount } from '../../i18n/format'
import { describeError } from '../ui/describe-error'
import { postMemberFile } from './post-csv'

type Step =
  | { kind: 'empty' }
  | { kind: 'reading'; fileName: string }
  | { kind: 'preview'; fileName: string; bytes: ArrayBuffer; result: ImportResult }
  | { kind: 'importing'; fileName: string; bytes: ArrayBuffer; result: ImportResult }
  | { kind: 'imported'; fileName: string; result: ImportResult }
  | { kind: 'failed'; fileName: string; message: string }

const PREVIEW_ROWS = 50

/**
 * The member file: chosen, previewed by the server (a dry run: per-line errors, what would be
 * created or updated), imported only when no line is wrong — all or nothing.
 * `memberCount` is the length of the member list above: it grows after an import, and the
 * import's message is brought back into view once it has.
 */
export function ImportMembers({ wave, memberCount, onImported }: { wave: Wave; memberCount: number | null; onImported(): void }) {
  const id = useId()
  const [step, setStep] = useState<Step>({ kind: 'empty' })
  const outcome = useRef<HTMLDivElement>(null)
  const done = useRef<HTMLParagraphElement>(null)
  const familyKeys = wave.families.map((family) => family.key).join(' | ')

  // The preview the person was reading is gone and the table above has grown: the news goes
  // where they look, at the top of this section, and the focus with it (announced by the live region).
  useEffect(() => {
    if (step.kind !== 'imported') return
    done.current?.focus({ preventScroll: true })
    done.current?.scrollIntoView({ block: 'center' })
  }, [step.kind, memberCount])

  function focusOutcome() {
    requestAnimationFrame(() => outcome.current?.focus())
  }

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    // Cleared, so that choosing the same file again (once corrected) is seen as a new choice.
    event.target.value = ''
    if (!file) return
    setStep({ kind: 'reading', fileName: file.name })
    try {
      const bytes = await file.arrayBuffer()
      const result = await postMemberFile(wave.id, bytes, true)
      setStep({ kind: 'preview', fileName: file.name, bytes, result })
    } catch (failure) {
      setStep({ kind: 'failed', fileName: file.name, message: describeError(failure) })
    }
    focusOutcome()
  }

  async function importFile() {
    if (step.kind !== 'preview') return
    setStep({ ...step, kind: 'importing' })
    try {
      const result = await postMemberFile(wave.id, step.bytes, false)
      if (result.written) {
        setStep({ kind: 'imported', fileName: step.fileName, result })
        onImported()
        return
      }
      // The file changed meaning between preview and import (someone else imported meanwhile).
      setStep({ kind: 'preview', fileName: step.fileName, bytes: step.bytes, result })
    } catch (failure) {
      setStep({ kind: 'failed', fileName: step.fileName, message: describeError(failure) })
    }
    focusOutcome()
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.import.title')}</h3>
      {/* Always present, so that screen readers announce the message when it appears. */}
      <div role="status" className="import-status">
        {step.kind === 'imported' ? (
          <p ref={done} tabIndex={-1} className="notice notice--success import-outcome">
            {t('admin.import.done', {
              file: step.fileName,
              created: formatCount(step.result.created),
              updated: formatCount(step.result.updated),
            })}
          </p>
        ) : null}
      </div>
      <p>{t('admin.import.intro')}</p>
      <ul className="muted">
        <li>{t('admin.import.columns')}</li>
        <li>{t('admin.import.families', { keys: familyKeys })}</li>
        <li>{t('admin.import.update')}</li>
      </ul>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('admin.import.file')}</label>
        <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(event) => void choose(event)} />
      </div>
      <div ref={outcome} tabIndex={-1} role="region" aria-label={t('admin.import.outcome')} className="import-outcome">
        {step.kind === 'reading' ? <p>{t('admin.import.reading', { file: step.fileName })}</p> : null}
        {step.kind === 'failed' ? (
          <div className="notice notice--error">
            <p>
              <strong>{t('admin.import.failed', { file: step.fileName })}</strong>
            </p>
            <p>{step.message}</p>
            <p>{t('admin.import.nothingWritten')}</p>
          </div>
        ) : null}
        {step.kind === 'preview' || step.kind === 'importing' ? (
          <ImportPreview id={id} result={step.result} fileName={step.fileName} pending={step.kind === 'importing'} onImport={() => void importFile()} />
        ) : null}
      </div>
    </section>
  )
}

function ImportPreview({
  id,
  result,
  fileName,
  pending,
  onImport,
}: {
  id: string
  result: ImportResult
  fileName: string
  pending: boolean
  onImport(): void
}) {
  const blocked = result.errors.length > 0
  const empty = result.rows.length === 0 && !blocked
  return (
    <>
      <h4>{t('admin.import.previewTitle', { file: fileName })}</h4>
      <p>
        {t('admin.import.counts', {
          lines: formatCount(result.rows.length + result.errors.length),
          created: formatCount(result.created),
          updated: formatCount(result.updated),
        })}
      </p>
      {blocked ? (
        <div className="notice notice--error">
          <p>
            <strong>{t('admin.import.blocked', { count: result.errors.length })}</strong>
          </p>
          <div className="table-wrapper">
            <table>
              <caption>{t('admin.import.errorsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.import.col.line')}</th>
                  <th scope="col">{t('admin.import.col.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((error, index) => (
                  <tr key={`${error.line}-${index}`}>
                    <th scope="row" className="nowrap">
                      {t('admin.import.line', { line: error.line })}
                    </th>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      {empty ? <p className="notice notice--warning">{t('admin.import.empty')}</p> : null}
      {result.rows.length > 0 ? (
        <div className="table-wrapper">
          <table>
            <caption>
              {result.rows.length > PREVIEW_ROWS
                ? t('admin.import.rowsCaptionFirst', { shown: PREVIEW_ROWS, count: formatCount(result.rows.length) })
                : t('admin.import.rowsCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.import.col.line')}</th>
                <th scope="col">{t('admin.import.col.action')}</th>
                <th scope="col">{t('admin.members.col.name')}</th>
                <th scope="col">{t('admin.members.col.email')}</th>
                <th scope="col">{t('admin.members.col.families')}</th>
                <th scope="col">{t('admin.members.col.siren')}</th>
                <th scope="col">{t('admin.members.col.region')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.slice(0, PREVIEW_ROWS).map((row) => (
                <tr key={row.line}>
                  <td>{row.line}</td>
                  <td>{t(row.action === 'create' ? 'admin.import.action.create' : 'admin.import.action.update')}</td>
                  <th scope="row">{row.name}</th>
                  <td>{row.email}</td>
                  <td>{row.familyKeys.join(', ')}</td>
                  <td>{row.siren}</td>
                  <td>{row.region}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" disabled={blocked || empty || pending} aria-describedby={`${id}-import-hint`} onClick={onImport}>
          {t('admin.import.submit')}
        </button>
        <p id={`${id}-import-hint`} className="field__hint">
          {blocked ? t('admin.import.fixFirst') : t('admin.import.allOrNothing')}
        </p>
      </div>
    </>
  )
}
