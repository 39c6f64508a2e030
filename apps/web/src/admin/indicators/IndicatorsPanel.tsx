import { indicatorQuestions, type IndicatorDefinitionInput, type IndicatorDefinitionProblem, type IndicatorDefinitions, type Wave } from '@sonde/contracts'
import { useRef, useState } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { useResource } from '../../api/use-api'
import { t } from '../../i18n'
import { usePageHeading } from '../routing/page-heading'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { describeError } from '../ui/describe-error'
import { LoadingOr } from '../ui/LoadingOr'
import { emptyDraft, fieldOf, proposeId, toDraft, type Draft, type FieldProblems } from './indicator-draft'
import { aggregationLabels, IndicatorForm } from './IndicatorForm'

/** Indicators: the wave's indicator definitions, edited as a list and saved as a whole. */
export function IndicatorsPanel({ wave }: { wave: Wave }) {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, `${t('admin.tab.indicators')} — ${wave.title}`)
  const definitions = useResource<IndicatorDefinitions>(`/api/waves/${encodeURIComponent(wave.id)}/indicator-definitions`)
  return (
    <section aria-labelledby="indicators-title" className="tab-panel">
      <h2 id="indicators-title" ref={heading} tabIndex={-1}>
        {t('admin.tab.indicators')}
      </h2>
      <LoadingOr loaded={definitions.loaded}>{(data) => <IndicatorsEditor wave={wave} initial={data} />}</LoadingOr>
    </section>
  )
}

interface Row {
  /** Stable React key: the id itself is edited. */
  key: number
  definition: IndicatorDefinitionInput
}

type Editing = { index: number | null; draft: Draft; serverProblems: FieldProblems }

type Outcome =
  | { kind: 'none' }
  | { kind: 'saving' }
  | { kind: 'saved'; count: number }
  | { kind: 'reset'; count: number }
  | { kind: 'changed'; message: string }
  | { kind: 'rejected'; problems: { index: number; label: string; message: string }[] }
  | { kind: 'failed'; message: string }

const PATH = /^indicators\[(\d+)\]\.?(.*)$/

function IndicatorsEditor({ wave, initial }: { wave: Wave; initial: IndicatorDefinitions }) {
  const nextKey = useRef(0)
  const withKeys = (list: readonly IndicatorDefinitionInput[]) => list.map((definition) => ({ key: nextKey.current++, definition }))
  const [rows, setRows] = useState<Row[]>(() => withKeys(initial.indicators))
  const [saved, setSaved] = useState(() => JSON.stringify(initial.indicators))
  const [released, setReleased] = useState(() => new Set(initial.releasedIds))
  // Ids the wave opened with: they name the same figures from then on.
  const [openedIds] = useState(() => new Set(wave.status === 'draft' ? [] : initial.indicators.map((d) => d.id)))
  const [editing, setEditing] = useState<Editing | null>(null)
  const [problemsByRow, setProblemsByRow] = useState<Map<number, FieldProblems>>(new Map())
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' })
  const [confirmReset, setConfirmReset] = useState(false)
  const results = useRef<HTMLDivElement>(null)
  const questions = initial.questions
  const dirty = JSON.stringify(rows.map((r) => r.definition)) !== saved

  const focusLater = (selector: string) => requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus())

  function open(index: number | null, draft: Draft, serverProblems: FieldProblems = new Map()) {
    setEditing({ index, draft, serverProblems })
  }

  function add() {
    open(null, emptyDraft())
  }

  function apply(definition: IndicatorDefinitionInput) {
    if (!editing) return
    const index = editing.index
    if (index === null) {
      const row = { key: nextKey.current++, definition }
      setRows((current) => [...current, row])
      focusLater(`[data-row="${row.key}"] [data-action="edit"]`)
    } else {
      const key = rows[index]!.key
      setRows((current) => current.map((row, i) => (i === index ? { ...row, definition } : row)))
      setProblemsByRow((current) => new Map([...current].filter(([k]) => k !== key)))
      focusLater(`[data-row="${key}"] [data-action="edit"]`)
    }
    setEditing(null)
    setOutcome({ kind: 'changed', message: t(index === null ? 'admin.indicators.added' : 'admin.indicators.applied', { label: definition.labelFr }) })
  }

  function cancel() {
    const index = editing?.index
    setEditing(null)
    focusLater(index === null || index === undefined ? '#indicators-add' : `[data-row="${rows[index]?.key}"] [data-action="edit"]`)
  }

  function duplicate(index: number) {
    const source = rows[index]!.definition
    const taken = new Set(rows.map((r) => r.definition.id))
    const copy = { ...structuredClone(source), id: proposeId(`${source.id}_copie`, taken), labelFr: `${source.labelFr} (copie)` }
    const row = { key: nextKey.current++, definition: copy }
    setRows((current) => [...current.slice(0, index + 1), row, ...current.slice(index + 1)])
    setOutcome({ kind: 'changed', message: t('admin.indicators.duplicated', { label: source.labelFr }) })
    focusLater(`[data-row="${row.key}"] [data-action="edit"]`)
  }

  function remove(index: number) {
    const removed = rows[index]!
    setRows((current) => current.filter((_, i) => i !== index))
    setOutcome({ kind: 'changed', message: t('admin.indicators.removed', { label: removed.definition.labelFr }) })
    const next = rows[index + 1] ?? rows[index - 1]
    focusLater(next ? `[data-row="${next.key}"] [data-action="edit"]` : '#indicators-add')
  }

  function move(index: number, by: -1 | 1) {
    const target = index + by
    if (target < 0 || target >= rows.length) return
    const moved = rows[index]!
    setRows((current) => {
      const next = [...current]
      next.splice(index, 1)
      next.splice(target, 0, moved)
      return next
    })
    setOutcome({ kind: 'changed', message: t('admin.indicators.moved', { label: moved.definition.labelFr, position: target + 1, count: rows.length }) })
    // The same button of the moved line, or the other one when it reached an end.
    const action = (by === -1 && target === 0) || (by === 1 && target === rows.length - 1) ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'
    focusLater(`[data-row="${moved.key}"] [data-action="${action}"]`)
  }

  function showOutcome(next: Outcome) {
    setOutcome(next)
    requestAnimationFrame(() => results.current?.focus())
  }

  function accept(data: IndicatorDefinitions, next: Outcome) {
    setRows(withKeys(data.indicators))
    setSaved(JSON.stringify(data.indicators))
    setReleased(new Set(data.releasedIds))
    setProblemsByRow(new Map())
    setEditing(null)
    showOutcome(next)
  }

  async function save() {
    setOutcome({ kind: 'saving' })
    try {
      const data = await requestJson<IndicatorDefinitions>('PUT', `/api/waves/${encodeURIComponent(wave.id)}/indicator-definitions`, {
        body: { indicators: rows.map((r) => r.definition) },
      })
      accept(data, { kind: 'saved', count: data.indicators.length })
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'INDICATORS_INVALID') {
        const problems = ((failure.details as { problems?: IndicatorDefinitionProblem[] } | undefined)?.problems ?? []).flatMap((problem) => {
          const match = PATH.exec(problem.path)
          return match ? [{ index: Number(match[1]), field: fieldOf(match[2] ?? ''), message: problem.message }] : []
        })
        const byRow = new Map<number, FieldProblems>()
        for (const { index, field, message } of problems) {
          const key = rows[index]?.key
          if (key === undefined) continue
          const fields = byRow.get(key) ?? new Map<string, string[]>()
          fields.set(field, [...(fields.get(field) ?? []), message])
          byRow.set(key, fields)
        }
        setProblemsByRow(byRow)
        const listed = problems.map(({ index, message }) => ({ index, label: rows[index]?.definition.labelFr ?? '', message }))
        // The first indicator at fault opens, with each problem at its field.
        const first = problems[0]
        if (first && rows[first.index]) {
          setOutcome({ kind: 'rejected', problems: listed })
          open(first.index, toDraft(rows[first.index]!.definition), byRow.get(rows[first.index]!.key))
        } else {
          showOutcome({ kind: 'rejected', problems: listed })
        }
      } else {
        showOutcome({ kind: 'failed', message: describeError(failure) })
      }
    }
  }

  async function reset() {
    const data = await requestJson<IndicatorDefinitions>('POST', `/api/waves/${encodeURIComponent(wave.id)}/indicator-definitions/reset`)
    accept(data, { kind: 'reset', count: data.indicators.length })
  }

  const questionTitle = (name: string) => questions.find((q) => q.name === name)?.title ?? name
  const idLocked = (id: string) => openedIds.has(id) || released.has(id)
  const busy = outcome.kind === 'saving'

  return (
    <div className="indicators">
      <p className="muted">{t('admin.indicators.intro')}</p>
      {released.size > 0 ? <p className="notice notice--info">{t('admin.indicators.releasedNote')}</p> : null}
      <p className="muted" role="status">
        {t('admin.indicators.count', { count: rows.length })}
        {dirty ? ` — ${t('admin.indicators.unsaved')}` : ''}
      </p>
      <div className="table-wrapper">
        <table className="indicator-table">
          <caption>{t('admin.indicators.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.indicators.col.position')}</th>
              <th scope="col">{t('admin.indicators.col.label')}</th>
              <th scope="col">{t('admin.indicators.col.aggregation')}</th>
              <th scope="col">{t('admin.indicators.col.questions')}</th>
              <th scope="col">{t('admin.indicators.col.unit')}</th>
              <th scope="col">{t('admin.indicators.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const { definition } = row
              const label = definition.labelFr
              const rowProblems = problemsByRow.get(row.key)
              return (
                <tr key={row.key} data-row={row.key}>
                  <td>{index + 1}</td>
                  <th scope="row" className="cell-break">
                    {label}
                    <span className="cell-detail">{definition.id}</span>
                    {rowProblems ? (
                      <span className="cell-detail field__error">{t('admin.indicators.rowProblems', { count: [...rowProblems.values()].flat().length })}</span>
                    ) : null}
                  </th>
                  <td>{t(aggregationLabels[definition.aggregation])}</td>
                  <td className="cell-break">
                    {indicatorQuestions(definition).map((name) => (
                      <span key={name} className="cell-detail" title={name}>
                        {questionTitle(name)}
                      </span>
                    ))}
                  </td>
                  <td>{unitText(definition.unit)}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        data-action="edit"
                        className="button button--link"
                        onClick={() => open(index, toDraft(definition), rowProblems)}
                        aria-label={t('admin.indicators.editNamed', { label })}
                      >
                        {t('admin.indicators.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--link"
                        onClick={() => duplicate(index)}
                        aria-label={t('admin.indicators.duplicateNamed', { label })}
                      >
                        {t('admin.indicators.duplicate')}
                      </button>
                      <button
                        type="button"
                        className="button button--link"
                        onClick={() => remove(index)}
                        aria-label={t('admin.indicators.removeNamed', { label })}
                      >
                        {t('admin.indicators.remove')}
                      </button>
                      <button
                        type="button"
                        data-action="up"
                        className="button button--link"
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                        aria-label={t('admin.indicators.upNamed', { label })}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        data-action="down"
                        className="button button--link"
                        disabled={index === rows.length - 1}
                        onClick={() => move(index, 1)}
                        aria-label={t('admin.indicators.downNamed', { label })}
                      >
                        ↓
                      </button>
                    </div>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {editing ? (
        <IndicatorForm
          key={`${editing.index ?? 'new'}-${rows.length}`}
          initial={editing.draft}
          editing={editing.index === null ? null : (rows[editing.index]?.definition.labelFr ?? '')}
          questions={questions}
          families={wave.families}
          idLocked={editing.index !== null && idLocked(rows[editing.index]?.definition.id ?? '')}
          otherIds={new Set(rows.filter((_, i) => i !== editing.index).map((r) => r.definition.id))}
          serverProblems={editing.serverProblems}
          onApply={apply}
          onCancel={cancel}
        />
      ) : null}
      <div className="form-actions">
        <button id="indicators-add" type="button" className="button button--secondary" onClick={add} disabled={editing !== null}>
          {t('admin.indicators.add')}
        </button>
        <button type="button" className="button" disabled={busy || editing !== null} onClick={() => void save()}>
          {t('admin.indicators.save')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirmReset(true)}>
          {t('admin.indicators.reset')}
        </button>
      </div>
      <div ref={results} tabIndex={-1} role="region" aria-label={t('admin.indicators.results')}>
        <OutcomeView outcome={outcome} />
      </div>
      {confirmReset ? (
        <ConfirmDialog
          title={t('admin.indicators.resetTitle')}
          confirmLabel={t('admin.indicators.resetConfirm')}
          onConfirm={reset}
          onClose={() => setConfirmReset(false)}
        >
          <p>{t('admin.indicators.resetBody')}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}

/** A unit as a person reads it: the two units Sonde formats itself in words, any other as written. */
function unitText(unit: string): string {
  if (unit === 'proportion') return t('admin.indicators.unit.proportion')
  if (unit === 'EUR') return '€'
  return unit
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'none':
      return null
    case 'saving':
      return <p role="status">{t('admin.indicators.saving')}</p>
    case 'changed':
      return <p role="status">{outcome.message}</p>
    case 'saved':
      return (
        <p role="status" className="notice notice--success">
          {t('admin.indicators.saved', { count: outcome.count })}
        </p>
      )
    case 'reset':
      return (
        <p role="status" className="notice notice--success">
          {t('admin.indicators.resetDone', { count: outcome.count })}
        </p>
      )
    case 'failed':
      return (
        <p role="alert" className="notice notice--error">
          {outcome.message}
        </p>
      )
    case 'rejected':
      return (
        <div className="problems" role="alert">
          <p className="problems__title">{t('admin.indicators.rejected', { count: outcome.problems.length })}</p>
          <ul>
            {outcome.problems.map((problem, i) => (
              <li key={i}>
                <strong>{problem.label}</strong> — {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )
  }
}
