import type { CurrentUser } from '@sonde/contracts'
import { useRef } from 'react'
import { t } from '../i18n'
import { AuditLog } from './audit/AuditLog'
import { Link } from './routing/Link'
import { usePageHeading } from './routing/page-heading'
import { useRoute, type Route } from './routing/routes'
import { UsersPage } from './users/UsersPage'
import { WavePage } from './wave/WavePage'
import { WaveList } from './waves/WaveList'

/** The staff console: one page, one screen per address under /admin. */
export function AdminApp({ user }: { user: CurrentUser }) {
  const route = useRoute()
  // The server refuses every staff route to researchers anyway; this says it before they try.
  if (user.role === 'researcher') return <StaffOnly />
  const isAdmin = user.role === 'admin'
  return (
    <>
      <ConsoleNav route={route} isAdmin={isAdmin} />
      <Screen route={route} user={user} />
    </>
  )
}

function Screen({ route, user }: { route: Route; user: CurrentUser }) {
  const isAdmin = user.role === 'admin'
  switch (route.name) {
    case 'waves':
      return <WaveList />
    case 'wave':
      return <WavePage key={route.waveId} waveId={route.waveId} tab={route.tab} />
    case 'audit':
      return isAdmin ? <AuditLog /> : <AdminOnly />
    case 'users':
      return isAdmin ? <UsersPage me={user} /> : <AdminOnly />
    case 'notFound':
      return <NotFound />
  }
}

function ConsoleNav({ route, isAdmin }: { route: Route; isAdmin: boolean }) {
  const entries: { to: Route; label: string; current: boolean }[] = [
    { to: { name: 'waves' }, label: t('admin.nav.waves'), current: route.name === 'waves' || route.name === 'wave' },
  ]
  if (isAdmin) {
    entries.push(
      { to: { name: 'audit' }, label: t('admin.nav.audit'), current: route.name === 'audit' },
      { to: { name: 'users' }, label: t('admin.nav.users'), current: route.name === 'users' },
    )
  }
  return (
    <nav className="console-nav" aria-label={t('admin.nav.label')}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.label}>
            <Link to={entry.to} aria-current={entry.current ? 'page' : undefined}>
              {entry.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function StaffOnly() {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, t('admin.staffOnly.title'))
  return (
    <section aria-labelledby="staff-only-title">
      <h1 id="staff-only-title" ref={heading} tabIndex={-1}>
        {t('admin.staffOnly.title')}
      </h1>
      <p className="notice notice--warning">{t('admin.staffOnly.body')}</p>
      <p>
        <a href="/research">{t('admin.staffOnly.research')}</a>
      </p>
    </section>
  )
}

function AdminOnly() {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, t('admin.adminOnly.title'))
  return (
    <section aria-labelledby="admin-only-title">
      <h1 id="admin-only-title" ref={heading} tabIndex={-1}>
        {t('admin.adminOnly.title')}
      </h1>
      <p className="notice notice--warning">{t('admin.adminOnly.body')}</p>
    </section>
  )
}

function NotFound() {
  const heading = useRef<HTMLHeadingElement>(null)
  usePageHeading(heading, t('admin.notFound.title'))
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title" ref={heading} tabIndex={-1}>
        {t('admin.notFound.title')}
      </h1>
      <p>
        <Link to={{ name: 'waves' }}>{t('admin.notFound.back')}</Link>
      </p>
    </section>
  )
}
