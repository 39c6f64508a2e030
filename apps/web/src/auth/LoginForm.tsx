import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ApiError } from '../api/http'
import { errorMessage, t } from '../i18n'

interface LoginFormProps {
  onLogin(email: string, password: string): Promise<void>
  /** Shows the "forgotten password" form instead. */
  onForgot?(): void
}

/** E-mail and password, with the server's refusal read out and the focus kept in the form. */
export function LoginForm({ onLogin, onForgot }: LoginFormProps) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const emailInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    emailInput.current?.focus()
  }, [])

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    setError(null)
    try {
      await onLogin(email.trim(), password)
    } catch (failure) {
      setPassword('')
      if (failure instanceof ApiError && (failure.status === 401 || failure.status === 400)) setError(t('auth.invalid'))
      else if (failure instanceof ApiError && failure.status === 429) setError(t('auth.rateLimited'))
      else if (failure instanceof ApiError) setError(errorMessage(failure.code))
      else setError(t('common.error.network'))
      setPending(false)
    }
  }

  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.title')}</h1>
      <p className="muted">{t('auth.intro')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? 'login-error' : undefined}>
        {error ? (
          <p id="login-error" className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="login-email">{t('auth.email')}</label>
          <input
            ref={emailInput}
            id="login-email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('auth.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <div>
          <button type="submit" className="button" disabled={pending}>
            {pending ? t('auth.submitting') : t('auth.submit')}
          </button>
        </div>
        {onForgot ? (
          <p>
            <button type="button" className="button button--link" onClick={onForgot}>
              {t('auth.forgot.link')}
            </button>
          </p>
        ) : null}
      </form>
    </section>
  )
}
