import type { ImportProblem, Wave } from '@sonde/contracts'
import { useId, useState, type ChangeEvent, type FormEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { t } from '../../i18n'
import { describeError } from '../ui/describe-error'
import { ImportRefusal, importProblemsOf } from './ImportProblems'
import { slugProblem, WaveFields, type WaveIdentity } from './WaveFields'

type Outcome = { kind: 'idle' } | { kind: 'failed'; message: string; problems: ImportProblem[] }

/**
 * A new draft wave from a bundle another Sonde exported (`POST /api/bundles`): pick the file, keep
 * or change the title and slug it proposes, create. The server checks the whole bundle first;
 * when it refuses, each problem is listed and nothing was created.
 */
export function ImportBundle({ onCreated }: { onCreated(wave: Wave): void }) {
  const id = useId()
  const [bundle, setBundle] = useState<{ content: unknown } | null>(null)
  const [identity, setIdentity] = useState<WaveIdentity>({ title: '', slug: '' })
  const [showErrors, setShowErrors] = useState(false)
  const [slugError, setSlugError] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' })
  const [pending, setPending] = useState(false)

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0]
    setOutcome({ kind: 'idle' })
    setBundle(null)
    if (!file) return
    let content: unknown
    try {
      content = JSON.parse(await file.text())
    } catch {
      setOutcome({ kind: 'failed', message: t('admin.bundle.notJson', { file: file.name }), problems: [] })
      return
    }
    setBundle({ content })
    const wave = (content as { wave?: { title?: unknown; slug?: unknown } } | null)?.wave
    setIdentity({ title: typeof wave?.title === 'string' ? wave.title : '', slug: typeof wave?.slug === 'string' ? wave.slug : '' })
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setShowErrors(true)
    setSlugError(null)
    if (!bundle) {
      setOutcome({ kind: 'failed', message: t('admin.bundle.noFile'), problems: [] })
      return
    }
    if (identity.title.trim() === '' || slugProblem(identity.slug)) return
    setPending(true)
    setOutcome({ kind: 'idle' })
    try {
      const query = new URLSearchParams({ slug: identity.slug, title: identity.title.trim() })
      onCreated(await requestJson<Wave>('POST', `/api/bundles?${query}`, { body: bundle.content }))
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'SLUG_TAKEN') setSlugError(describeError(failure))
      else setOutcome({ kind: 'failed', message: describeError(failure), problems: importProblemsOf(failure) })
      setPending(false)
    }
  }

  return (
    <form className="panel form-grid" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.bundle.title')}</h2>
      <p className="muted">{t('admin.bundle.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('admin.bundle.file')}</label>
        <input id={`${id}-file`} type="file" accept=".json,application/json" onChange={(event) => void choose(event)} />
      </div>
      {bundle ? <WaveFields value={identity} onChange={setIdentity} showErrors={showErrors} slugError={slugError} /> : null}
      {/* Always present, so that screen readers announce the refusal when it appears. */}
      <div role="status">{outcome.kind === 'failed' ? <ImportRefusal message={outcome.message} problems={outcome.problems} /> : null}</div>
      <div>
        <button type="submit" className="button button--secondary" disabled={pending}>
          {t('admin.bundle.submit')}
        </button>
      </div>
    </form>
  )
}
