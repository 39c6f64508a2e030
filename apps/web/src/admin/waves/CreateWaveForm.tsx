import type { Wave } from '@sonde/contracts'
import { useState, type FormEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { t } from '../../i18n'
import { describeError } from '../ui/describe-error'
import { slugProblem, WaveFields, type WaveIdentity } from './WaveFields'

/** A new draft wave (the network's families, the current questionnaire and indicators as a start). */
export function CreateWaveForm({ onCreated }: { onCreated(wave: Wave): void }) {
  const [value, setValue] = useState<WaveIdentity>({ title: '', slug: '' })
  const [showErrors, setShowErrors] = useState(false)
  const [slugError, setSlugError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setShowErrors(true)
    setError(null)
    setSlugError(null)
    if (value.title.trim() === '' || slugProblem(value.slug)) return
    setPending(true)
    try {
      const wave = await requestJson<Wave>('POST', '/api/waves', { body: { slug: value.slug, title: value.title.trim() } })
      onCreated(wave)
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'SLUG_TAKEN') setSlugError(describeError(failure))
      else setError(describeError(failure))
      setPending(false)
    }
  }

  return (
    <form className="panel form-grid" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="create-wave-title">
      <h2 id="create-wave-title">{t('admin.waves.create.title')}</h2>
      <p className="muted">{t('admin.waves.create.intro')}</p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <WaveFields value={value} onChange={setValue} showErrors={showErrors} slugError={slugError} />
      <div>
        <button type="submit" className="button" disabled={pending}>
          {t('admin.waves.create.submit')}
        </button>
      </div>
    </form>
  )
}
