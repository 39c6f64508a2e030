import type { CurrentUser } from '@sonde/contracts'
import { useState, type ReactNode } from 'react'
import { errorMessage, t, type MessageKey } from '../i18n'
import { PageHeader } from '../layout/PageHeader'
import { LoginForm } from './LoginForm'
import { ForgotPasswordForm, ResetPasswordForm, resetTokenFromLocation } from './PasswordReset'
import { useSession } from './use-session'

interface SignedInShellProps {
  subtitleKey: MessageKey
  /** Wide tables (the indicators) use the whole screen. */
  wide?: boolean
  children(user: CurrentUser): ReactNode
}

/** The staff pages: the login form until someone is signed in, then the page with a logout button. */
export function SignedInShell({ subtitleKey, wide = false, children }: SignedInShellProps) {
  const { session, login, logout, refresh } = useSession()
  const [forgot, setForgot] = useState(false)
  const resetToken = resetTokenFromLocation()
  const actions =
    session.kind === 'signed-in' ? (
      <>
        <span className="muted">
          {t('auth.loggedInAs', { email: session.user.email })} ({t(`auth.role.${session.user.role}`)})
        </span>
        <button type="button" className="button button--secondary" onClick={() => void logout()}>
          {t('auth.logout')}
        </button>
      </>
    ) : null
  return (
    <>
      <PageHeader subtitle={t(subtitleKey)} actions={actions} />
      <main id="main" className={wide ? 'page page--wide' : 'page'}>
        {session.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {session.kind === 'error' ? (
          <div className="notice notice--error" role="alert">
            <p>{errorMessage(session.code)}</p>
            <button type="button" className="button" onClick={() => void refresh()}>
              {t('common.retry')}
            </button>
          </div>
        ) : null}
        {resetToken ? <ResetPasswordForm token={resetToken} /> : null}
        {!resetToken && session.kind === 'anonymous' && forgot ? <ForgotPasswordForm onBack={() => setForgot(false)} /> : null}
        {!resetToken && session.kind === 'anonymous' && !forgot ? <LoginForm onLogin={login} onForgot={() => setForgot(true)} /> : null}
        {!resetToken && session.kind === 'signed-in' ? children(session.user) : null}
      </main>
    </>
  )
}
