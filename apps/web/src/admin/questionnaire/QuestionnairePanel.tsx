import type { LintProblem, LintResult, Questionnaire, Wave } from '@sonde/contracts'
import { lazy, Suspense, useEffect, useId, useRef, useState, type ChangeEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { t } from '../../i18n'
import { formatCount } from '../../i18n/format'
import { usePageHeading } from '../routing/page-heading'
import { describeError } from '../ui/describe-error'
import { LoadingOr } from '../ui/LoadingOr'
import { useResource } from '../../api/use-api'
import { parseDefinition, type Parsed } from './parse-definition'
import { PreviewBoundary } from './PreviewBoundary'
import { ProblemList } from './ProblemList'

const QuestionnairePreview = lazy(() => import('./QuestionnairePreview'))

/** How long the text must rest before the preview follows it. */
const PREVIEW_DELAY_MS = 600

type Outcome =
  | { kind: 'none' }
  | { kind: 'checking' | 'saving' }
  | { kind: 'notJson'; parsed: Exclude<Parsed, { ok: true }> }
  | { kind: 'checked'; errors: LintProblem[]; warnings: LintProblem[] }
  | { kind: 'saved'; version: number; warnings: LintProblem[] }
  | { kind: 'rejected'; errors: LintProblem[]; warnings: LintProblem[] }
  | { kind: 'frozen' }
  | { kind: 'failed'; message: string }

/** Questionnaire: the SurveyJS JSON, checked by the server's lint, saved as a new version, previewed live. */
export function QuestionnairePanel({ wave }: { wave: Wave }) {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, `${t('admin.tab.questionnaire')} — ${wave.title}`)
  const questionnaire = useResource<Questionnaire>(`/api/waves/${encodeURIComponent(wave.id)}/questionnaire`)
  return (
    <section aria-labelledby="questionnaire-title" className="tab-panel">
      <h2 id="questionnaire-title" ref={heading} tabIndex={-1}>
        {t('admin.tab.questionnaire')}
      </h2>
      <LoadingOr loaded={questionnaire.loaded}>{(data) => <QuestionnaireEditor waveId={wave.id} slug={wave.slug} initial={data} />}</LoadingOr>
    </section>
  )
}

function QuestionnaireEditor({ waveId, slug, initial }: { waveId: string; slug: string; initial: Questionnaire }) {
  const id = useId()
  const [text, setText] = useState(() => JSON.stringify(initial.definition, null, 2))
  const [savedText, setSavedText] = useState(text)
  const [version, setVersion] = useState(initial.version)
  const [frozen, setFrozen] = useState(initial.frozen)
  const [outcome, setOutcome] = useState<Outcome>(() =>
    initial.warnings.length > 0 ? { kind: 'checked', errors: [], warnings: initial.warnings } : { kind: 'none' },
  )
  const [preview, setPreview] = useState<{ definition: Record<string, unknown>; version: number }>(() => ({
    definition: initial.definition,
    version: 0,
  }))
  const results = useRef<HTMLDivElement>(null)
  const dirty = text !== savedText

  const previewedText = useRef(text)

  // The preview follows the text once it is valid JSON again; until then it shows the last good one.
  useEffect(() => {
    if (text === previewedText.current) return
    const timer = setTimeout(() => {
      const parsed = parseDefinition(text)
      if (!parsed.ok) return
      previewedText.current = text
      setPreview((current) => ({ definition: parsed.definition, version: current.version + 1 }))
    }, PREVIEW_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text])

  function showResults(next: Outcome) {
    setOutcome(next)
    // Like a form's error summary: the outcome takes the focus and is read out.
    requestAnimationFrame(() => results.current?.focus())
  }

  async function check() {
    const parsed = parseDefinition(text)
    if (!parsed.ok) return showResults({ kind: 'notJson', parsed })
    setOutcome({ kind: 'checking' })
    try {
      const lint = await requestJson<LintResult>('POST', '/api/questionnaires/lint', { body: parsed.definition })
      showResults({ kind: 'checked', ...lint })
    } catch (failure) {
      showResults({ kind: 'failed', message: describeError(failure) })
    }
  }

  async function save() {
    const parsed = parseDefinition(text)
    if (!parsed.ok) return showResults({ kind: 'notJson', parsed })
    setOutcome({ kind: 'saving' })
    try {
      const saved = await requestJson<Questionnaire>('PUT', `/api/waves/${encodeURIComponent(waveId)}/questionnaire`, {
        body: parsed.definition,
      })
      setVersion(saved.version)
      // The server removes HTML off its allow-list on save: show what it stored (the warnings say what went).
      const stored = JSON.stringify(saved.definition) === JSON.stringify(parsed.definition) ? text : JSON.stringify(saved.definition, null, 2)
      setText(stored)
      setSavedText(stored)
      showResults({ kind: 'saved', version: saved.version, warnings: saved.warnings })
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'QUESTIONNAIRE_INVALID') {
        const details = failure.details as Partial<LintResult> | undefined
        showResults({ kind: 'rejected', errors: details?.errors ?? [], warnings: details?.warnings ?? [] })
      } else if (failure instanceof ApiError && failure.code === 'QUESTIONNAIRE_FROZEN') {
        setFrozen(true)
        showResults({ kind: 'frozen' })
      } else {
        showResults({ kind: 'failed', message: describeError(failure) })
      }
    }
  }

  async function loadFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    setText(await file.text())
    setOutcome({ kind: 'none' })
  }

  const busy = outcome.kind === 'checking' || outcome.kind === 'saving'

  return (
    <div className="questionnaire">
      <div className="questionnaire__editor">
        {frozen ? <p className="notice notice--info">{t('admin.questionnaire.frozen')}</p> : <p className="muted">{t('admin.questionnaire.intro')}</p>}
        <p className="muted" role="status">
          {version > 0 ? t('admin.questionnaire.version', { version: formatCount(version) }) : t('admin.questionnaire.noVersion')}
          {!frozen && dirty ? ` — ${t('admin.questionnaire.unsaved')}` : ''}
        </p>
        <div className="field">
          <label htmlFor={`${id}-json`}>{t('admin.questionnaire.json')}</label>
          <textarea
            id={`${id}-json`}
            className="code-editor"
            rows={28}
            spellCheck={false}
            autoCapitalize="none"
            autoCorrect="off"
            readOnly={frozen}
            aria-describedby={`${id}-json-hint`}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
          <p id={`${id}-json-hint`} className="field__hint">
            {t('admin.questionnaire.jsonHint')}
          </p>
        </div>
        {frozen ? (
          // Nothing left to edit: taking the questionnaire away (for the next wave) is this tab's action.
          <div className="form-actions">
            <a className="button" href={`data:application/json;charset=utf-8,${encodeURIComponent(text)}`} download={`${slug}-questionnaire.json`}>
              {t('admin.questionnaire.download')}
            </a>
          </div>
        ) : (
          <div className="form-actions">
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => void check()}>
              {t('admin.questionnaire.check')}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void save()}>
              {t('admin.questionnaire.save')}
            </button>
            <label className="button button--secondary file-button">
              {t('admin.questionnaire.loadFile')}
              <input type="file" accept=".json,application/json" className="visually-hidden" onChange={(event) => void loadFile(event)} />
            </label>
          </div>
        )}
        <div ref={results} tabIndex={-1} role="region" aria-label={t('admin.questionnaire.results')} className="questionnaire__results">
          <OutcomeView outcome={outcome} />
        </div>
      </div>
      <section className="questionnaire__preview" aria-labelledby={`${id}-preview`}>
        <h3 id={`${id}-preview`}>{t('admin.questionnaire.preview')}</h3>
        <p className="muted">{t('admin.questionnaire.previewHint')}</p>
        <PreviewBoundary key={preview.version} fallback={<p className="notice notice--warning">{t('admin.questionnaire.previewFailed')}</p>}>
          <Suspense fallback={<p role="status">{t('admin.questionnaire.previewLoading')}</p>}>
            <QuestionnairePreview definition={preview.definition} />
          </Suspense>
        </PreviewBoundary>
      </section>
    </div>
  )
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'none':
      return null
    case 'checking':
      return <p>{t('admin.questionnaire.checking')}</p>
    case 'saving':
      return <p>{t('admin.questionnaire.saving')}</p>
    case 'notJson':
      return (
        <div className="notice notice--error">
          <p>
            <strong>{t('admin.questionnaire.notJson')}</strong>
          </p>
          {outcome.parsed.reason === 'syntax' ? (
            <>
              <p>{t('admin.questionnaire.notJsonAt', { line: outcome.parsed.line, column: outcome.parsed.column })}</p>
              <p className="muted">{outcome.parsed.message}</p>
            </>
          ) : (
            <p>{t('admin.questionnaire.notObject')}</p>
          )}
          <p>{t('admin.questionnaire.nothingSaved')}</p>
        </div>
      )
    case 'checked':
      return (
        <>
          {outcome.errors.length === 0 ? (
            <p className="notice notice--success">{outcome.warnings.length === 0 ? t('admin.questionnaire.clean') : t('admin.questionnaire.noErrors')}</p>
          ) : null}
          <ProblemList kind="error" problems={outcome.errors} />
          <ProblemList kind="warning" problems={outcome.warnings} />
        </>
      )
    case 'saved':
      return (
        <>
          <p className="notice notice--success">{t('admin.questionnaire.saved', { version: formatCount(outcome.version) })}</p>
          <ProblemList kind="warning" problems={outcome.warnings} />
        </>
      )
    case 'rejected':
      return (
        <>
          <p className="notice notice--error">
            <strong>{t('admin.questionnaire.rejected')}</strong>
          </p>
          <ProblemList kind="error" problems={outcome.errors} />
          <ProblemList kind="warning" problems={outcome.warnings} />
        </>
      )
    case 'frozen':
      return <p className="notice notice--error">{t('admin.error.QUESTIONNAIRE_FROZEN')}</p>
    case 'failed':
      return <p className="notice notice--error">{outcome.message}</p>
  }
}
