import {
  isEmailAddress,
  isPasswordLengthValid,
  PASSWORD_LENGTH,
  type CreateUserBody,
  type CurrentUser,
  type Role,
  type UpdateUserBody,
  type User,
  type UserList,
} from '@sonde/contracts'
import { useId, useRef, useState, type FormEvent } from 'react'
import { ApiError, requestJson } from '../../api/http'
import { formatDate } from '../../i18n/format'
import { t } from '../../i18n'
import { usePageHeading } from '../routing/page-heading'
import { ConfirmDialog } from '../ui/ConfirmDialog'
import { describeError } from '../ui/describe-error'
import { Dialog } from '../ui/Dialog'
import { LoadingOr } from '../ui/LoadingOr'
import { useResource } from '../../api/use-api'
import { TokensDialog } from './TokensDialog'

const roles: Role[] = ['admin', 'staff', 'researcher']
function passwordProblem(password: string): string | null {
  if (!isPasswordLengthValid(password)) return t('admin.users.passwordLength', { min: PASSWORD_LENGTH.min, max: PASSWORD_LENGTH.max })
  return null
}

/** Utilisateurs: who may sign in, with which role; accounts are disabled, never deleted (the journal names them). */
export function UsersPage({ me }: { me: CurrentUser }) {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, t('admin.users.title'))
  const users = useResource<UserList>('/api/users')

  function upsert(user: User) {
    if (users.loaded.kind !== 'ready') return users.reload()
    const list = users.loaded.data.users
    users.replace({
      users: list.some((candidate) => candidate.id === user.id) ? list.map((candidate) => (candidate.id === user.id ? user : candidate)) : [...list, user],
    })
  }

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title" ref={heading} tabIndex={-1}>
        {t('admin.users.title')}
      </h1>
      <p className="muted">{t('admin.users.intro')}</p>
      <p className="muted">{t('admin.users.microdata.hint')}</p>
      <LoadingOr loaded={users.loaded}>{(data) => <UserTable users={data.users} me={me} onChanged={upsert} />}</LoadingOr>
      <CreateUserForm onCreated={upsert} />
    </section>
  )
}

type Pending = { kind: 'toggle' | 'password' | 'tokens'; user: User } | null

function UserTable({ users, me, onChanged }: { users: User[]; me: CurrentUser; onChanged(user: User): void }) {
  const [pending, setPending] = useState<Pending>(null)
  const [status, setStatus] = useState<string | null>(null)

  async function patch(user: User, body: UpdateUserBody) {
    const updated = await requestJson<User>('PATCH', `/api/users/${encodeURIComponent(user.id)}`, { body })
    onChanged(updated)
    return updated
  }

  /** Grants or takes back a researcher's access to microdata; says how it went in the status line. */
  async function toggleMicrodata(user: User) {
    try {
      const updated = await patch(user, { microdataAccess: !user.microdataAccess })
      setStatus(t(updated.microdataAccess ? 'admin.users.microdata.grantedDone' : 'admin.users.microdata.revokedDone', { email: updated.email }))
    } catch (failure) {
      setStatus(describeError(failure))
    }
  }

  return (
    <>
      <p role="status" className="save-note">
        {status}
      </p>
      <div className="table-wrapper">
        <table>
          <caption>{t('admin.users.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.col.email')}</th>
              <th scope="col">{t('admin.users.col.role')}</th>
              <th scope="col">{t('admin.users.col.status')}</th>
              <th scope="col">{t('admin.users.microdata')}</th>
              <th scope="col">{t('admin.users.col.created')}</th>
              <th scope="col">{t('admin.users.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row" className="cell-break">
                  {user.email}
                  {user.id === me.id ? <span className="cell-detail">{t('admin.users.you')}</span> : null}
                </th>
                <td>
                  {user.id === me.id ? (
                    // Nobody takes away their own admin role: another admin can.
                    t(`auth.role.${user.role}`)
                  ) : (
                    <RoleSelect
                      user={user}
                      onChange={async (role) => {
                        try {
                          await patch(user, { role })
                          setStatus(t('admin.users.roleChanged', { email: user.email, role: t(`auth.role.${role}`) }))
                        } catch (failure) {
                          setStatus(describeError(failure))
                        }
                      }}
                    />
                  )}
                </td>
                <td>
                  <span className={user.disabled ? 'badge badge--archived' : 'badge badge--open'}>
                    {t(user.disabled ? 'admin.users.disabled' : 'admin.users.active')}
                  </span>
                </td>
                <td>
                  {user.role !== 'researcher' ? (
                    t('admin.users.microdata.always')
                  ) : (
                    <>
                      {user.microdataAccess ? <span className="badge badge--open">{t('admin.users.microdata.granted')}</span> : null}{' '}
                      <button type="button" className="button button--link" onClick={() => void toggleMicrodata(user)}>
                        {t(user.microdataAccess ? 'admin.users.microdata.revoke' : 'admin.users.microdata.grant')}
                        <span className="visually-hidden"> — {user.email}</span>
                      </button>
                    </>
                  )}
                </td>
                <td>{formatDate(user.createdAt)}</td>
                <td>
                  <div className="row-actions">
                    {user.id === me.id ? null : (
                      <button
                        type="button"
                        className="button button--link"
                        aria-label={t(user.disabled ? 'admin.users.enableLabel' : 'admin.users.disableLabel', { email: user.email })}
                        onClick={() => setPending({ kind: 'toggle', user })}
                      >
                        {t(user.disabled ? 'admin.users.enable' : 'admin.users.disable')}
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={t('admin.users.resetLabel', { email: user.email })}
                      onClick={() => setPending({ kind: 'password', user })}
                    >
                      {t('admin.users.reset')}
                    </button>
                    <button
                      type="button"
                      className="button button--link"
                      aria-label={t('admin.users.tokensLabel', { email: user.email })}
                      onClick={() => setPending({ kind: 'tokens', user })}
                    >
                      {t('admin.users.tokens')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pending?.kind === 'toggle' ? (
        <ConfirmDialog
          title={t(pending.user.disabled ? 'admin.users.enableTitle' : 'admin.users.disableTitle', { email: pending.user.email })}
          confirmLabel={t(pending.user.disabled ? 'admin.users.enable' : 'admin.users.disable')}
          onConfirm={async () => {
            const updated = await patch(pending.user, { disabled: !pending.user.disabled })
            setStatus(t(updated.disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { email: updated.email }))
          }}
          onClose={() => setPending(null)}
        >
          <p>{t(pending.user.disabled ? 'admin.users.enableBody' : 'admin.users.disableBody')}</p>
        </ConfirmDialog>
      ) : null}
      {pending?.kind === 'password' ? (
        <PasswordDialog
          user={pending.user}
          onSave={async (password) => {
            await patch(pending.user, { password })
            setStatus(t('admin.users.passwordDone', { email: pending.user.email }))
          }}
          onClose={() => setPending(null)}
        />
      ) : null}
      {pending?.kind === 'tokens' ? <TokensDialog user={pending.user} onClose={() => setPending(null)} /> : null}
    </>
  )
}

function RoleSelect({ user, onChange }: { user: User; onChange(role: Role): Promise<void> }) {
  const id = useId()
  const [busy, setBusy] = useState(false)
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {t('admin.users.roleOf', { email: user.email })}
      </label>
      <select
        id={id}
        value={user.role}
        disabled={busy}
        onChange={(event) => {
          setBusy(true)
          void onChange(event.target.value as Role).finally(() => setBusy(false))
        }}
      >
        {roles.map((role) => (
          <option key={role} value={role}>
            {t(`auth.role.${role}`)}
          </option>
        ))}
      </select>
    </>
  )
}

function PasswordDialog({ user, onSave, onClose }: { user: User; onSave(password: string): Promise<void>; onClose(): void }) {
  const id = useId()
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found = passwordProblem(password)
    setProblem(found)
    setError(null)
    if (found) return
    setPending(true)
    try {
      await onSave(password)
      onClose()
    } catch (failure) {
      setError(describeError(failure))
      setPending(false)
    }
  }

  return (
    <Dialog title={t('admin.users.resetTitle', { email: user.email })} onClose={onClose}>
      <form className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <p>{t('admin.users.resetBody')}</p>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('admin.users.newPassword')}</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="new-password"
            value={password}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
            onChange={(event) => setPassword(event.target.value)}
          />
          <p id={`${id}-hint`} className="field__hint">
            {t('admin.users.passwordHint', { min: PASSWORD_LENGTH.min })}
          </p>
          {problem ? (
            <p id={`${id}-error`} className="field__error">
              {problem}
            </p>
          ) : null}
        </div>
        <div className="button-row">
          <button type="submit" className="button" disabled={pending}>
            {t('admin.users.resetSubmit')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('admin.dialog.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function CreateUserForm({ onCreated }: { onCreated(user: User): void }) {
  const id = useId()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('staff')
  const [password, setPassword] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const emailError = !isEmailAddress(email.trim()) ? t('admin.users.emailInvalid') : null
  const passwordError = passwordProblem(password)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setShowErrors(true)
    setError(null)
    setDone(null)
    if (emailError || passwordError) {
      document.getElementById(emailError ? `${id}-email` : `${id}-password`)?.focus()
      return
    }
    setPending(true)
    try {
      const user = await requestJson<User>('POST', '/api/users', { body: { email: email.trim(), role, password } satisfies CreateUserBody })
      onCreated(user)
      setDone(t('admin.users.created', { email: user.email }))
      setEmail('')
      setPassword('')
      setShowErrors(false)
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 409 ? t('admin.error.EMAIL_TAKEN') : describeError(failure))
    }
    setPending(false)
  }

  return (
    <form className="panel form-grid" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.users.create.title')}</h2>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status" className="save-note">
        {done}
      </p>
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('admin.users.col.email')}</label>
        <input
          id={`${id}-email`}
          type="email"
          autoComplete="off"
          value={email}
          aria-invalid={showErrors && emailError ? true : undefined}
          aria-describedby={showErrors && emailError ? `${id}-email-error` : undefined}
          onChange={(event) => setEmail(event.target.value)}
        />
        {showErrors && emailError ? (
          <p id={`${id}-email-error`} className="field__error">
            {emailError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('admin.users.col.role')}</label>
        <select id={`${id}-role`} value={role} aria-describedby={`${id}-role-hint`} onChange={(event) => setRole(event.target.value as Role)}>
          {roles.map((candidate) => (
            <option key={candidate} value={candidate}>
              {t(`auth.role.${candidate}`)}
            </option>
          ))}
        </select>
        <p id={`${id}-role-hint`} className="field__hint">
          {t('admin.users.roleHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('admin.users.initialPassword')}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          value={password}
          aria-invalid={showErrors && passwordError ? true : undefined}
          aria-describedby={`${id}-password-hint${showErrors && passwordError ? ` ${id}-password-error` : ''}`}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id={`${id}-password-hint`} className="field__hint">
          {t('admin.users.passwordHint', { min: PASSWORD_LENGTH.min })}
        </p>
        {showErrors && passwordError ? (
          <p id={`${id}-password-error`} className="field__error">
            {passwordError}
          </p>
        ) : null}
      </div>
      <div>
        <button type="submit" className="button" disabled={pending}>
          {t('admin.users.create.submit')}
        </button>
      </div>
    </form>
  )
}
