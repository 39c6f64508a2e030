import { isEmailAddress, type OrganisationInput, type Wave, type WaveOrganisation } from '@sonde/contracts'
import { useId, useState, type FormEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { t } from '../../i18n'
import { familyLabel } from '../../waves/family-label'
import { describeError } from '../ui/describe-error'
import { Dialog } from '../ui/Dialog'

interface Draft {
  name: string
  email: string
  siren: string
  region: string
  familyKeys: string[]
}

function problemsOf(draft: Draft): Partial<Record<'name' | 'email' | 'siren', string>> {
  const problems: Partial<Record<'name' | 'email' | 'siren', string>> = {}
  if (draft.name.trim() === '') problems.name = t('admin.organisation.nameRequired')
  if (draft.email.trim() !== '' && !isEmailAddress(draft.email.trim())) problems.email = t('admin.organisation.emailInvalid')
  if (draft.siren.trim() !== '' && !/^\d{9}$/.test(draft.siren.replace(/\s/g, ''))) problems.siren = t('admin.organisation.sirenInvalid')
  return problems
}

interface OrganisationDialogProps {
  wave: Wave
  /** The organisation to edit, or none to add one. */
  organisation?: WaveOrganisation
  onSaved(organisation: WaveOrganisation): void
  onClose(): void
}

/** Add an organisation by hand (it gets its link at once), or correct one. */
export function OrganisationDialog({ wave, organisation, onSaved, onClose }: OrganisationDialogProps) {
  const id = useId()
  const [draft, setDraft] = useState<Draft>(() => ({
    name: organisation?.name ?? '',
    email: organisation?.email ?? '',
    siren: organisation?.siren ?? '',
    region: organisation?.region ?? '',
    familyKeys: organisation?.familyKeys ?? [],
  }))
  const [showErrors, setShowErrors] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const problems = showErrors ? problemsOf(draft) : {}

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setShowErrors(true)
    setError(null)
    const found = problemsOf(draft)
    if (Object.keys(found).length > 0) {
      const first = (['name', 'email', 'siren'] as const).find((field) => found[field])
      document.getElementById(`${id}-${first}`)?.focus()
      return
    }
    const body: OrganisationInput = {
      name: draft.name.trim(),
      email: draft.email.trim() || null,
      siren: draft.siren.replace(/\s/g, '') || null,
      region: draft.region.trim() || null,
      familyKeys: draft.familyKeys,
    }
    setPending(true)
    try {
      const base = `/api/waves/${encodeURIComponent(wave.id)}/organisations`
      const saved = organisation
        ? await requestJson<WaveOrganisation>('PATCH', `${base}/${encodeURIComponent(organisation.id)}`, { body })
        : await requestJson<WaveOrganisation>('POST', base, { body })
      onSaved(saved)
    } catch (failure) {
      setError(failure instanceof ApiError && failure.code === 'ORGANISATION_EXISTS' ? t('admin.error.ORGANISATION_EXISTS') : describeError(failure))
      setPending(false)
    }
  }

  const field = (name: 'name' | 'email' | 'siren' | 'region', label: string, input: { type?: string; hint?: string; autoComplete?: string }) => {
    const problem = name === 'region' ? undefined : problems[name]
    const describedBy = [input.hint ? `${id}-${name}-hint` : '', problem ? `${id}-${name}-error` : ''].filter(Boolean).join(' ')
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          type={input.type ?? 'text'}
          autoComplete={input.autoComplete ?? 'off'}
          value={draft[name]}
          required={name === 'name'}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy || undefined}
          onChange={(event) => setDraft((current) => ({ ...current, [name]: event.target.value }))}
        />
        {input.hint ? (
          <p id={`${id}-${name}-hint`} className="field__hint">
            {input.hint}
          </p>
        ) : null}
        {problem ? (
          <p id={`${id}-${name}-error`} className="field__error">
            {problem}
          </p>
        ) : null}
      </div>
    )
  }

  return (
    <Dialog title={organisation ? t('admin.organisation.editTitle', { name: organisation.name }) : t('admin.organisation.addTitle')} onClose={onClose}>
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        {field('name', t('admin.members.col.name'), {})}
        {field('email', t('admin.members.col.email'), { type: 'email', hint: t('admin.organisation.emailHint') })}
        {field('siren', t('admin.members.col.siren'), { hint: t('admin.organisation.sirenHint') })}
        {field('region', t('admin.members.col.region'), {})}
        <fieldset className="checkbox-group">
          <legend>{t('admin.members.col.families')}</legend>
          {wave.families.map((family) => (
            <div key={family.key} className="field--check">
              <input
                id={`${id}-family-${family.key}`}
                type="checkbox"
                checked={draft.familyKeys.includes(family.key)}
                onChange={(event) =>
                  setDraft((current) => ({
                    ...current,
                    familyKeys: event.target.checked ? [...current.familyKeys, family.key] : current.familyKeys.filter((key) => key !== family.key),
                  }))
                }
              />
              <label htmlFor={`${id}-family-${family.key}`}>{familyLabel(family)}</label>
            </div>
          ))}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button" disabled={pending}>
            {organisation ? t('admin.organisation.save') : t('admin.organisation.add')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.dialog.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
