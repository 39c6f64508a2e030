import { useSyncExternalStore } from 'react'
import { requestHeadingFocus } from './page-heading'

export const waveTabs = ['settings', 'questionnaire', 'indicators', 'members', 'invitations', 'tracking', 'results'] as const
export type WaveTab = (typeof waveTabs)[number]

/** The console's screens, each with its own address under /admin so that it can be bookmarked and reloaded. */
export type Route = { name: 'waves' } | { name: 'wave'; waveId: string; tab: WaveTab } | { name: 'audit' } | { name: 'users' } | { name: 'notFound' }

export function parseRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] !== 'admin') return { name: 'notFound' }
  const [, section, id, tab] = parts
  if (section === undefined) return { name: 'waves' }
  if (section === 'audit' && id === undefined) return { name: 'audit' }
  if (section === 'users' && id === undefined) return { name: 'users' }
  if (section === 'waves' && id && parts.length <= 4) {
    if (tab === undefined) return { name: 'wave', waveId: id, tab: 'settings' }
    if ((waveTabs as readonly string[]).includes(tab)) return { name: 'wave', waveId: id, tab: tab as WaveTab }
  }
  return { name: 'notFound' }
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'waves':
    case 'notFound':
      return '/admin'
    case 'audit':
      return '/admin/audit'
    case 'users':
      return '/admin/users'
    case 'wave':
      return `/admin/waves/${encodeURIComponent(route.waveId)}${route.tab === 'settings' ? '' : `/${route.tab}`}`
  }
}

const NAVIGATE = 'sonde:navigate'

/** Goes to another screen without reloading; `?lang=` is kept so that the language stays chosen. */
export function navigate(path: string, { replace = false } = {}): void {
  const url = `${path}${window.location.search}`
  if (replace) window.history.replaceState(null, '', url)
  else window.history.pushState(null, '', url)
  requestHeadingFocus()
  window.dispatchEvent(new Event(NAVIGATE))
  window.scrollTo(0, 0)
}

function onPopState() {
  requestHeadingFocus()
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onPopState)
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATE, onChange)
  return () => {
    window.removeEventListener('popstate', onPopState)
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATE, onChange)
  }
}

/** The current path, following the back and forward buttons and `navigate()`. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname)
  return parseRoute(pathname)
}
