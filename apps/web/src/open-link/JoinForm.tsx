import { isEmailAddress } from '@sonde/contracts'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ApiError, NetworkError } from '../api/http'
import { errorMessage, getLang, t, type MessageKey } from '../i18n'
import { joinWave, type OpenWave } from './join-wave'

type Field = 'name' | 'email' | 'siren' | 'consent'

interface JoinFormProps {
  slug: string
  wave: OpenWave
  onJoined(email: string): void
}

function checkFields(values: { name: string; email: string; siren: string; consent: boolean }): Partial<Record<Field, MessageKey>> {
  const errors: Partial<Record<Field, MessageKey>> = {}
  if (!values.name.trim()) errors.name = 'openLink.error.name'
  if (!values.email.trim()) errors.email = 'openLink.error.emailMissing'
  else if (!isEmailAddress(values.email.trim())) errors.email = 'openLink.error.emailInvalid'
  if (values.siren && !/^\d{9}$/.test(values.siren)) errors.siren = 'openLink.error.siren'
  if (!values.consent) errors.consent = 'openLink.error.consent'
  return errors
}

const FIELD_ORDER: Field[] = ['name', 'email', 'siren', 'consent']
const FIELD_LABEL: Record<Field, MessageKey> = {
  name: 'openLink.field.name',
  email: 'openLink.field.email',
  siren: 'openLink.field.siren',
  consent: 'openLink.field.consentShort',
}

/**
 * The declaration of an organisation: name, e-mail, families, optional SIREN, and consent to the
 * information notice. Errors are listed at the top (the focus goes there) and beside each field.
 */
export function JoinForm({ slug, wave, onJoined }: JoinFormProps) {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [siren, setSiren] = useState('')
  const [families, setFamilies] = useState<string[]>([])
  const [consent, setConsent] = useState(false)
  const [errors, setErrors] = useState<Partial<Record<Field, MessageKey>>>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [focusSummary, setFocusSummary] = useState(0)
  const summary = useRef<HTMLDivElement>(null)
  const lang = getLang()

  useEffect(() => {
    if (focusSummary > 0) summary.current?.focus()
  }, [focusSummary])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const compactSiren = siren.replace(/\s+/g, '')
    const found = checkFields({ name, email, siren: compactSiren, consent })
    setErrors(found)
    setFailure(null)
    if (Object.keys(found).length > 0) {
      setFocusSummary((n) => n + 1)
      return
    }
    setSending(true)
    try {
      await joinWave(slug, {
        name: name.trim(),
        email: email.trim(),
        ...(families.length > 0 ? { familyKeys: families } : {}),
        ...(compactSiren ? { siren: compactSiren } : {}),
      })
      onJoined(email.trim())
    } catch (error) {
      setFailure(describeFailure(error))
      setFocusSummary((n) => n + 1)
    } finally {
      setSending(false)
    }
  }

  const invalid = FIELD_ORDER.filter((field) => errors[field])
  const describedBy = (field: Field, hint?: string) => [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined

  return (
    <>
      <h1>{wave.title}</h1>
      <p>{t('openLink.intro')}</p>
      {invalid.length > 0 || failure ? (
        <div className="notice notice--error" role="alert" tabIndex={-1} ref={summary} aria-labelledby="join-problem-title">
          <h2 id="join-problem-title" className="notice__title">
            {failure ? t('openLink.failed.title') : t('openLink.error.summary')}
          </h2>
          {failure ? <p>{failure}</p> : null}
          {invalid.length > 0 ? (
            <ul>
              {invalid.map((field) => (
                <li key={field}>
                  <a href={`#join-${field}`}>
                    {t(FIELD_LABEL[field])}&nbsp;: {t(errors[field] as MessageKey)}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <form className="form join-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="join-name">{t('openLink.field.name')}</label>
          <input
            id="join-name"
            name="organisation"
            autoComplete="organization"
            required
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy('name')}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          {errors.name ? (
            <p id="name-error" className="field__error">
              {t(errors.name)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="join-email">{t('openLink.field.email')}</label>
          <p id="email-hint" className="field__hint">
            {t('openLink.field.emailHint')}
          </p>
          <input
            id="join-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy('email', 'email-hint')}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          {errors.email ? (
            <p id="email-error" className="field__error">
              {t(errors.email)}
            </p>
          ) : null}
        </div>
        {wave.families.length > 0 ? (
          <fieldset className="field field--group">
            <legend>{t('openLink.field.families')}</legend>
            <p className="field__hint">{t('openLink.field.familiesHint')}</p>
            {wave.families.map((family) => (
              <label key={family.key} className="choice">
                <input
                  type="checkbox"
                  name="families"
                  value={family.key}
                  checked={families.includes(family.key)}
                  onChange={(event) =>
                    setFamilies((current) => (event.target.checked ? [...current, family.key] : current.filter((key) => key !== family.key)))
                  }
                />
                {lang === 'en' ? family.labelEn : family.labelFr}
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="field">
          <label htmlFor="join-siren">{t('openLink.field.siren')}</label>
          <p id="siren-hint" className="field__hint">
            {t('openLink.field.sirenHint')}
          </p>
          <input
            id="join-siren"
            name="siren"
            inputMode="numeric"
            autoComplete="off"
            aria-invalid={errors.siren ? true : undefined}
            aria-describedby={describedBy('siren', 'siren-hint')}
            value={siren}
            onChange={(event) => setSiren(event.target.value)}
          />
          {errors.siren ? (
            <p id="siren-error" className="field__error">
              {t(errors.siren)}
            </p>
          ) : null}
        </div>
        <section className="join-notice" aria-labelledby="join-notice-title">
          <h2 id="join-notice-title">{t('openLink.notice.title')}</h2>
          <p>{t('openLink.notice.controller')}</p>
          <p>{t('openLink.notice.purpose', { wave: wave.title })}</p>
          <p>{t('openLink.notice.basis')}</p>
          <p>{t('openLink.notice.recipients')}</p>
          <p>{t('openLink.notice.retention')}</p>
          <p>{t('openLink.notice.rights')}</p>
        </section>
        <div className="field">
          <label className="choice" htmlFor="join-consent">
            <input
              id="join-consent"
              type="checkbox"
              name="consent"
              required
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={describedBy('consent')}
              checked={consent}
              onChange={(event) => setConsent(event.target.checked)}
            />
            {t('openLink.field.consent')}
          </label>
          {errors.consent ? (
            <p id="consent-error" className="field__error">
              {t(errors.consent)}
            </p>
          ) : null}
        </div>
        <div>
          <button type="submit" className="button" disabled={sending}>
            {sending ? t('openLink.submitting') : t('openLink.submit')}
          </button>
        </div>
      </form>
    </>
  )
}

function describeFailure(error: unknown): string {
  if (error instanceof NetworkError) return t('common.error.network')
  if (!(error instanceof ApiError)) return t('common.error.unexpected', { code: 'UNKNOWN' })
  if (error.status === 429) return t('openLink.failed.rateLimited')
  if (error.status === 404) return t('openLink.notFound.body')
  if (error.status === 400) return t('openLink.failed.invalid')
  return errorMessage(error.code)
}
