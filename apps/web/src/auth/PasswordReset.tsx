import { PASSWORD_LENGTH, type PasswordResetBody } from '@sonde/contracts'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ApiError, requestJson } from '../api/http'
import { t } from '../i18n'

/** The reset link's token, when the page is /admin/reset?token=… */
export function resetTokenFromLocation(): string | null {
  if (!/^\/admin\/reset\/?$/.test(window.location.pathname)) return null
  return new URLSearchParams(window.location.search).get('token')
}

/** "Mot de passe oublié": asks for a link by e-mail; the answer is the same whether or not the account exists. */
export function ForgotPasswordForm({ onBack }: { onBack(): void }) {
  const [email, setEmail] = useState('')
  const [state, setState] = useState<'idle' | 'pending' | 'sent' | 'rate-limited' | 'error'>('idle')
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setState('pending')
    try {
      await requestJson<unknown>('POST', '/api/auth/password-reset/request', { body: { email: email.trim() } })
      setState('sent')
    } catch (failure) {
      setState(failure instanceof ApiError && failure.status === 429 ? 'rate-limited' : 'error')
    }
  }

  return (
    <section aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t('auth.forgot.title')}</h1>
      {state === 'sent' ? (
        <p className="notice" role="status">
          {t('auth.forgot.sent')}
        </p>
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <p className="muted">{t('auth.forgot.intro')}</p>
          {state === 'rate-limited' || state === 'error' ? (
            <p className="notice notice--error" role="alert">
              {state === 'rate-limited' ? t('auth.rateLimited') : t('common.error.network')}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="forgot-email">{t('auth.email')}</label>
            <input
              ref={input}
              id="forgot-email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <div>
            <button type="submit" className="button" disabled={state === 'pending' || !email.includes('@')}>
              {t('auth.forgot.submit')}
            </button>
          </div>
        </form>
      )}
      <p>
        <button type="button" className="button button--link" onClick={onBack}>
          {t('auth.forgot.back')}
        </button>
      </p>
    </section>
  )
}

/** The page a reset link opens: a new password, typed twice. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [state, setState] = useState<'idle' | 'pending' | 'done' | 'invalid-link' | 'error'>('idle')
  const [problem, setProblem] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (password.length < PASSWORD_LENGTH.min) return setProblem(t('auth.reset.tooShort', { min: PASSWORD_LENGTH.min }))
    if (password !== confirmation) return setProblem(t('auth.reset.mismatch'))
    setProblem(null)
    setState('pending')
    try {
      await requestJson<unknown>('POST', '/api/auth/password-reset', { body: { token, password } satisfies PasswordResetBody })
      setState('done')
    } catch (failure) {
      setState(failure instanceof ApiError && failure.code === 'RESET_TOKEN_INVALID' ? 'invalid-link' : 'error')
    }
  }

  if (state === 'done') {
    return (
      <section aria-labelledby="reset-title">
        <h1 id="reset-title">{t('auth.reset.title')}</h1>
        <p className="notice" role="status">
          {t('auth.reset.done')}
        </p>
        <p>
          <a href="/admin">{t('auth.reset.toLogin')}</a>
        </p>
      </section>
    )
  }
  return (
    <section aria-labelledby="reset-title">
      <h1 id="reset-title">{t('auth.reset.title')}</h1>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        {problem || state === 'invalid-link' || state === 'error' ? (
          <p className="notice notice--error" role="alert">
            {problem ?? (state === 'invalid-link' ? t('auth.reset.invalidLink') : t('common.error.network'))}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="reset-password">{t('auth.reset.password')}</label>
          <input
            id="reset-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_LENGTH.min}
            maxLength={PASSWORD_LENGTH.max}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="reset-confirmation">{t('auth.reset.confirmation')}</label>
          <input
            id="reset-confirmation"
            type="password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(event) => setConfirmation(event.target.value)}
          />
        </div>
        <div>
          <button type="submit" className="button" disabled={state === 'pending'}>
            {t('auth.reset.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}
