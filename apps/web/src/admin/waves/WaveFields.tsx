import { SLUG_PATTERN } from '@sonde/contracts'
import { useId, useState } from 'react'
import { t } from '../../i18n'
import { slugFromTitle } from './slug'

export interface WaveIdentity {
  title: string
  slug: string
}

interface WaveFieldsProps {
  value: WaveIdentity
  onChange(value: WaveIdentity): void
  /** Set after a submit attempt: mistakes are pointed out then, not while typing. */
  showErrors: boolean
  slugError?: string | null
}

export function slugProblem(slug: string): string | null {
  if (slug === '') return t('admin.waveForm.slugRequired')
  if (!SLUG_PATTERN.test(slug)) return t('admin.waveForm.slugInvalid')
  return null
}

/** Title and slug of a new wave; the slug follows the title until someone edits it. */
export function WaveFields({ value, onChange, showErrors, slugError }: WaveFieldsProps) {
  const id = useId()
  const [slugEdited, setSlugEdited] = useState(false)
  const titleError = showErrors && value.title.trim() === '' ? t('admin.waveForm.titleRequired') : null
  const slugMessage = slugError ?? (showErrors ? slugProblem(value.slug) : null)
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('admin.waveForm.title')}</label>
        <input
          id={`${id}-title`}
          type="text"
          required
          maxLength={300}
          value={value.title}
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? `${id}-title-error` : undefined}
          onChange={(event) => {
            const title = event.target.value
            onChange({ title, slug: slugEdited ? value.slug : slugFromTitle(title) })
          }}
        />
        {titleError ? (
          <p id={`${id}-title-error`} className="field__error">
            {titleError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-slug`}>{t('admin.waveForm.slug')}</label>
        <input
          id={`${id}-slug`}
          type="text"
          required
          maxLength={63}
          spellCheck={false}
          autoCapitalize="none"
          value={value.slug}
          aria-invalid={slugMessage ? true : undefined}
          aria-describedby={`${id}-slug-hint${slugMessage ? ` ${id}-slug-error` : ''}`}
          onChange={(event) => {
            setSlugEdited(true)
            onChange({ ...value, slug: event.target.value })
          }}
        />
        <p id={`${id}-slug-hint`} className="field__hint">
          {t('admin.waveForm.slugHint')}
        </p>
        {slugMessage ? (
          <p id={`${id}-slug-error`} className="field__error">
            {slugMessage}
          </p>
        ) : null}
      </div>
    </>
  )
}
