import type { Wave } from '@sonde/contracts'
import { useState, type FormEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { t } from '../../i18n'
import { navigate, routePath } from '../routing/routes'
import { describeError } from '../ui/describe-error'
import { Dialog } from '../ui/Dialog'
import { slugProblem, WaveFields, type WaveIdentity } from '../waves/WaveFields'

/** Next year's draft: the same questionnaire, families and indicators under a new slug and title. */
export function CopyWave({ wave }: { wave: Wave }) {
  const [open, setOpen] = useState(false)
  return (
    <section className="panel" aria-labelledby="copy-wave-title">
      <h3 id="copy-wave-title">{t('admin.copyWave.title')}</h3>
      <p className="muted">{t('admin.copyWave.intro')}</p>
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        {t('admin.copyWave.open')}
      </button>
      {open ? <CopyWaveDialog wave={wave} onClose={() => setOpen(false)} /> : null}
    </section>
  )
}

function nextYear(text: string): string {
  return text.replace(/\b(20\d\d)\b/, (year) => String(Number(year) + 1))
}

function CopyWaveDialog({ wave, onClose }: { wave: Wave; onClose(): void }) {
  const [value, setValue] = useState<WaveIdentity>(() => ({
    title: nextYear(wave.title) === wave.title ? '' : nextYear(wave.title),
    slug: nextYear(wave.slug) === wave.slug ? '' : nextYear(wave.slug),
  }))
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
      const copy = await requestJson<Wave>('POST', `/api/waves/${encodeURIComponent(wave.id)}/copy`, {
        body: { slug: value.slug, title: value.title.trim() },
      })
      onClose()
      navigate(routePath({ name: 'wave', waveId: copy.id, tab: 'settings' }))
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'SLUG_TAKEN') setSlugError(describeError(failure))
      else setError(describeError(failure))
      setPending(false)
    }
  }

  return (
    <Dialog title={t('admin.copyWave.dialogTitle', { wave: wave.title })} onClose={onClose}>
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <WaveFields value={value} onChange={setValue} showErrors={showErrors} slugError={slugError} />
        <div className="button-row">
          <button type="submit" className="button" disabled={pending}>
            {t('admin.copyWave.submit')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.dialog.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
