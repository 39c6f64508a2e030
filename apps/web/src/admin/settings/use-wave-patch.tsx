import type { UpdateWaveBody, Wave } from '@sonde/contracts'
import { useState } from 'react'
import { requestJson } from '../../api/http'
import { t } from '../../i18n'
import { describeError } from '../ui/describe-error'

export type PatchState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string }

/** `PATCH /api/waves/{id}` for one form of the settings, with what happened to say beside its button. */
export function useWavePatch(wave: Wave, onChange: (wave: Wave) => void) {
  const [state, setState] = useState<PatchState>({ kind: 'idle' })

  async function save(body: UpdateWaveBody): Promise<void> {
    setState({ kind: 'saving' })
    try {
      const updated = await requestJson<Wave>('PATCH', `/api/waves/${encodeURIComponent(wave.id)}`, { body })
      onChange(updated)
      setState({ kind: 'saved' })
    } catch (failure) {
      setState({ kind: 'failed', message: describeError(failure) })
    }
  }

  return { state, save, reset: () => setState({ kind: 'idle' }) }
}

/** The outcome of a save, where assistive technology reads it out. */
export function PatchStatus({ state }: { state: PatchState }) {
  if (state.kind === 'failed') {
    return (
      <p className="notice notice--error" role="alert">
        {state.message}
      </p>
    )
  }
  return (
    <p role="status" className="save-note">
      {state.kind === 'saving' ? t('admin.settings.saving') : state.kind === 'saved' ? t('admin.settings.saved') : ''}
    </p>
  )
}
