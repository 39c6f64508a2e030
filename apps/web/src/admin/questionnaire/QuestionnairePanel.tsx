import type { LintProblem, LintResult, Questionnaire, Wave } from '@sonde/contracts'
import { FAMILIES_QUESTION } from '@sonde/contracts/rules'
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { t } from '../../i18n'
import { formatCount } from '../../i18n/format'
import { usePageHeading } from '../routing/page-heading'
import { describeError } from '../ui/describe-error'
import { LoadingOr } from '../ui/LoadingOr'
import { useResource } from '../../api/use-api'
import { Designer } from '../designer/Designer'
import { pagesOf, problemsByNode, takenNames, type Definition, type NodePath } from '../designer/model/tree'
import { sessionStore } from '../../layout/browser-storage'
import { parseDefinition, type Parsed } from './parse-definition'
import { PreviewBoundary } from './PreviewBoundary'
import { ProblemList } from './ProblemList'
import { SpreadsheetTransfer } from './SpreadsheetTransfer'
import { VersionHistory } from './VersionHistory'

const QuestionnairePreview = lazy(() => import('./QuestionnairePreview'))

/** How long the text must rest before the preview follows it. */
const PREVIEW_DELAY_MS = 600

/** How long edits must rest before the server's lint checks them. */
const LINT_DELAY_MS = 800

type Mode = 'designer' | 'json'

/** The mode staff last chose: kept when the tab starts afresh (a new wave status), for this visit. */
let lastMode: Mode = 'designer'

/** The server's lint of a definition, with the wave's indicators checked against it too. */
function lintDefinition(waveId: string, definition: Record<string, unknown>, signal?: AbortSignal): Promise<LintResult> {
  return requestJson<LintResult>('POST', `/api/questionnaires/lint?waveId=${encodeURIComponent(waveId)}`, { body: definition, signal })
}

type Outcome =
  | { kind: 'none' }
  | { kind: 'checking' | 'saving' }
  | { kind: 'notJson'; parsed: Exclude<Parsed, { ok: true }> }
  | { kind: 'checked'; errors: LintProblem[]; warnings: LintProblem[] }
  | { kind: 'saved'; version: number; warnings: LintProblem[] }
  | { kind: 'rejected'; errors: LintProblem[]; warnings: LintProblem[] }
  | { kind: 'frozen' }
  | { kind: 'changed' }
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
      <LoadingOr loaded={questionnaire.loaded}>{(data) => <QuestionnaireEditor wave={wave} initial={data} />}</LoadingOr>
    </section>
  )
}

function QuestionnaireEditor({ wave, initial }: { wave: Wave; initial: Questionnaire }) {
  const { id: waveId, slug } = wave
  const opened = wave.status !== 'draft'
  const id = useId()
  // Unsaved work outlives a visit to another tab or a reload: kept in this browser tab until saved.
  const [restored] = useState(() => readUnsaved(waveId, initial.version))
  const [text, setText] = useState(() => restored?.text ?? JSON.stringify(initial.definition, null, 2))
  const [definition, setDefinition] = useState<Definition>(() => restored?.definition ?? initial.definition)
  const [savedText, setSavedText] = useState(() => JSON.stringify(initial.definition, null, 2))
  const [savedDefinition, setSavedDefinition] = useState<Definition>(initial.definition)
  const [version, setVersion] = useState(initial.version)
  // An opened wave keeps its structure: only texts may still be corrected (in the designer).
  const [frozen, setFrozen] = useState(initial.frozen || opened)
  const [mode, setModeState] = useState<Mode>(lastMode)
  const [selected, setSelected] = useState<NodePath>([])
  const [note, setNote] = useState('')
  const [previewScope, setPreviewScope] = useState<'survey' | 'page'>('survey')
  const [lint, setLint] = useState<{ text: string; errors: LintProblem[]; warnings: LintProblem[] } | null>(null)
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

  useEffect(() => keepUnsaved(waveId, version, dirty ? text : null), [waveId, version, dirty, text])

  const setMode = (next: Mode) => {
    lastMode = next
    setModeState(next)
  }

  // A name that exists in the saved questionnaire of an opened wave is the key of answers already given.
  const savedNames = useMemo(() => takenNames(savedDefinition).elements, [savedDefinition])
  // Results per family are counted by the answer to this question: without it a questionnaire gives no result at all.
  const lacksFamilies = useMemo(() => pagesOf(definition).length > 0 && !takenNames(definition).elements.has(FAMILIES_QUESTION), [definition])
  const lockedNames = useMemo(() => (opened ? savedNames : new Set<string>()), [opened, savedNames])

  const changeFromDesigner = (next: Definition) => {
    setDefinition(next)
    setText(JSON.stringify(next, null, 2))
  }

  const changeFromJson = (next: string) => {
    setText(next)
    const parsed = parseDefinition(next)
    if (parsed.ok) setDefinition(parsed.definition)
  }

  // The server's lint follows the edits, so that its findings show at each question as staff work.
  useEffect(() => {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      const parsed = parseDefinition(text)
      if (!parsed.ok) return
      lintDefinition(waveId, parsed.definition, controller.signal).then(
        (result) => setLint({ text, ...result }),
        () => undefined,
      )
    }, LINT_DELAY_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [text, waveId])

  const problems = lint !== null && lint.text === text ? problemsByNode(lint) : null

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

  const previewPage = Math.min(selected[0] ?? 0, Math.max(0, pagesOf(preview.definition).length - 1))
  const previewed = useMemo(() => {
    if (previewScope === 'survey') return preview.definition
    const page = pagesOf(preview.definition)[previewPage]
    // One page on its own: shown even when it depends on answers given elsewhere.
    return { ...preview.definition, pages: page ? [{ ...page, visibleIf: undefined }] : [] }
  }, [preview.definition, previewScope, previewPage])

  async function check() {
    const parsed = parseDefinition(text)
    if (!parsed.ok) return showResults({ kind: 'notJson', parsed })
    setOutcome({ kind: 'checking' })
    try {
      // The same check as the live one: a question an indicator uses is reported here too.
      showResults({ kind: 'checked', ...(await lintDefinition(waveId, parsed.definition)) })
    } catch (failure) {
      showResults({ kind: 'failed', message: describeError(failure) })
    }
  }

  async function save() {
    const parsed = parseDefinition(text)
    if (!parsed.ok) return showResults({ kind: 'notJson', parsed })
    setOutcome({ kind: 'saving' })
    try {
      const query = new URLSearchParams({ baseVersion: String(version) })
      if (note.trim() !== '') query.set('note', note.trim())
      const saved = await requestJson<Questionnaire>('PUT', `/api/waves/${encodeURIComponent(waveId)}/questionnaire?${query.toString()}`, {
        body: parsed.definition,
      })
      setNote('')
      // The server removes HTML off its allow-list on save: show what it stored (the warnings say what went).
      adopt(saved, JSON.stringify(saved.definition) === JSON.stringify(parsed.definition) ? text : JSON.stringify(saved.definition, null, 2))
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'QUESTIONNAIRE_INVALID') {
        const details = failure.details as Partial<LintResult> | undefined
        showResults({ kind: 'rejected', errors: details?.errors ?? [], warnings: details?.warnings ?? [] })
      } else if (failure instanceof ApiError && failure.code === 'QUESTIONNAIRE_FROZEN') {
        setFrozen(true)
        showResults({ kind: 'frozen' })
      } else if (failure instanceof ApiError && failure.code === 'QUESTIONNAIRE_CHANGED') {
        showResults({ kind: 'changed' })
      } else {
        showResults({ kind: 'failed', message: describeError(failure) })
      }
    }
  }

  /** A version the server stored (a save, a spreadsheet import) becomes what the editor shows and compares with. */
  function adopt(saved: Questionnaire, stored = JSON.stringify(saved.definition, null, 2)) {
    setVersion(saved.version)
    setDefinition(saved.definition)
    setSavedDefinition(saved.definition)
    setText(stored)
    setSavedText(stored)
    showResults({ kind: 'saved', version: saved.version, warnings: saved.warnings })
  }

  async function loadFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file) return
    changeFromJson(await file.text())
    setOutcome({ kind: 'none' })
  }

  const busy = outcome.kind === 'checking' || outcome.kind === 'saving'

  const errorCount = problems ? (lint?.errors.length ?? 0) : 0
  const warningCount = problems ? (lint?.warnings.length ?? 0) : 0

  return (
    <div className={mode === 'designer' ? 'questionnaire questionnaire--designer' : 'questionnaire'}>
      <div className="questionnaire__editor">
        {frozen ? (
          <p className="notice notice--info">{t('admin.designer.textsOnly')}</p>
        ) : (
          <p className="muted">{t(mode === 'designer' ? 'admin.designer.intro' : 'admin.questionnaire.intro')}</p>
        )}
        {restored && dirty ? <p className="notice notice--info">{t('admin.designer.restoredUnsaved')}</p> : null}
        {lacksFamilies ? <p className="notice notice--warning">{t('admin.designer.noFamilies')}</p> : null}
        <p className="muted" role="status">
          {version > 0 ? t('admin.questionnaire.version', { version: formatCount(version) }) : t('admin.questionnaire.noVersion')}
          {dirty ? ` — ${t('admin.questionnaire.unsaved')}` : ''}
          {problems ? ` — ${t('admin.designer.lintSummary', { errors: errorCount, warnings: warningCount })}` : ''}
        </p>
        <div className="designer-modes" role="group" aria-label={t('admin.designer.mode.label')}>
          <button type="button" className="button button--secondary button--small" aria-pressed={mode === 'designer'} onClick={() => setMode('designer')}>
            {t('admin.designer.mode.designer')}
          </button>
          <button type="button" className="button button--secondary button--small" aria-pressed={mode === 'json'} onClick={() => setMode('json')}>
            {t('admin.designer.mode.json')}
          </button>
        </div>
        {mode === 'designer' ? (
          <Designer
            definition={definition}
            onChange={changeFromDesigner}
            selected={selected}
            onSelect={setSelected}
            textsOnly={frozen}
            lockedNames={lockedNames}
            savedNames={savedNames}
            problems={problems}
          />
        ) : (
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
              onChange={(event) => changeFromJson(event.target.value)}
            />
            <p id={`${id}-json-hint`} className="field__hint">
              {t(frozen ? 'admin.designer.jsonFrozenHint' : 'admin.questionnaire.jsonHint')}
            </p>
          </div>
        )}
        {frozen && mode === 'json' ? null : (
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('admin.designer.note')}</label>
            <input
              id={`${id}-note`}
              type="text"
              maxLength={500}
              value={note}
              aria-describedby={`${id}-note-hint`}
              onChange={(event) => setNote(event.target.value)}
            />
            <p id={`${id}-note-hint`} className="field__hint">
              {t('admin.designer.noteHint')}
            </p>
          </div>
        )}
        {frozen ? (
          // Taking the questionnaire away (for the next wave) stays this tab's main action; wording fixes are secondary.
          <div className="form-actions">
            {mode === 'designer' ? (
              <button type="button" className="button button--secondary" disabled={busy || !dirty} onClick={() => void save()}>
                {t('admin.designer.saveTexts')}
              </button>
            ) : null}
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
        <SpreadsheetTransfer wave={wave} onImported={(saved) => adopt(saved)} />
        <VersionHistory wave={wave} currentVersion={version} onRestore={(restored) => changeFromDesigner(restored)} />
      </div>
      <section className="questionnaire__preview" aria-labelledby={`${id}-preview`}>
        <h3 id={`${id}-preview`}>{t('admin.questionnaire.preview')}</h3>
        <p className="muted">{t('admin.questionnaire.previewHint')}</p>
        <div className="field">
          <label htmlFor={`${id}-scope`}>{t('admin.designer.preview.scope')}</label>
          <select id={`${id}-scope`} value={previewScope} onChange={(event) => setPreviewScope(event.target.value as 'survey' | 'page')}>
            <option value="survey">{t('admin.designer.preview.survey')}</option>
            <option value="page">{t('admin.designer.preview.page', { page: previewPage + 1 })}</option>
          </select>
        </div>
        <PreviewBoundary
          key={`${preview.version}-${previewScope}-${previewPage}`}
          fallback={<p className="notice notice--warning">{t('admin.questionnaire.previewFailed')}</p>}
        >
          <Suspense fallback={<p role="status">{t('admin.questionnaire.previewLoading')}</p>}>
            <QuestionnairePreview definition={previewed} />
          </Suspense>
        </PreviewBoundary>
      </section>
    </div>
  )
}

const unsavedKey = (waveId: string) => `sonde.questionnaire.unsaved.${waveId}`

/** The unsaved text of this wave's questionnaire, when it was started from the version still current. */
function readUnsaved(waveId: string, version: number): { text: string; definition: Definition } | null {
  const stored = sessionStore()?.getItem(unsavedKey(waveId))
  if (!stored) return null
  try {
    const kept = JSON.parse(stored) as { version: number; text: string }
    const parsed = parseDefinition(kept.text)
    // Started from an older version: someone saved since, and the save would be refused; the current one wins.
    if (kept.version !== version || !parsed.ok) return null
    return { text: kept.text, definition: parsed.definition }
  } catch {
    return null
  }
}

function keepUnsaved(waveId: string, version: number, text: string | null): void {
  try {
    if (text === null) sessionStore()?.removeItem(unsavedKey(waveId))
    else sessionStore()?.setItem(unsavedKey(waveId), JSON.stringify({ version, text }))
  } catch {
    // Storage full or refused: the work stays on screen, as before.
  }
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
    case 'changed':
      return <p className="notice notice--error">{t('admin.designer.changedMeanwhile')}</p>
    case 'failed':
      return <p className="notice notice--error">{outcome.message}</p>
  }
}
