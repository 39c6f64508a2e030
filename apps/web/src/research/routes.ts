import { DIMENSION_KEYS, THEME_KEYS, THEME_OTHER, type IndicatorThemeFilter } from '@sonde/contracts'

/**
 * The portal's addresses, each bookmarkable, the back button going through them:
 *  - `/research/<waveId>`: the wave overview (release, responses, key figures per family);
 *  - `/research/<waveId>/famille/<key>?theme=`: a family's indicators, one theme at a time ("fiche famille");
 *  - `/research/<waveId>/theme/<theme>`: a theme's indicators across families;
 *  - `/research/<waveId>/recherche?q=&famille=&theme=`: search and filters, results as links;
 *  - `/research/<waveId>/comparer`: comparison with another wave;
 *  - `/research/<waveId>/tableau`: every indicator by family, in one table.
 * `?release=` (a release id, or `live` for staff) and `?dimension=` hold on every view.
 */
export type View =
  | { kind: 'overview' }
  | { kind: 'family'; key: string }
  | { kind: 'theme'; key: IndicatorThemeFilter }
  | { kind: 'search' }
  | { kind: 'compare' }
  | { kind: 'table' }

export interface Route {
  waveId: string | null
  view: View
  release: string | null
  dimension: string | null
  /** Search: the text typed, and the family and theme chosen ('' for any); a family page: the theme shown. */
  query: string
  family: string
  theme: string
}

const THEME_FILTERS: readonly string[] = [...THEME_KEYS, THEME_OTHER]

export function isThemeFilter(value: string): value is IndicatorThemeFilter {
  return THEME_FILTERS.includes(value)
}

function viewOf(rest: string[]): View {
  const [kind, key] = rest
  if (kind === 'famille' && key) return { kind: 'family', key }
  if (kind === 'theme' && key && isThemeFilter(key)) return { kind: 'theme', key }
  if (kind === 'recherche') return { kind: 'search' }
  if (kind === 'comparer') return { kind: 'compare' }
  if (kind === 'tableau') return { kind: 'table' }
  return { kind: 'overview' }
}

/** The route of an address (`location.pathname` and `location.search`); anything unknown is the overview. */
export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname
    .replace(/^\/research\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part)
      } catch {
        return part
      }
    })
  const params = new URLSearchParams(search)
  const dimension = params.get('dimension')
  const release = params.get('release')
  return {
    waveId: parts[0] ?? null,
    view: parts[0] ? viewOf(parts.slice(1)) : { kind: 'overview' },
    release: release && /^(live|[0-9a-fA-F-]{36})$/.test(release) ? release : null,
    dimension: dimension && (DIMENSION_KEYS as readonly string[]).includes(dimension) ? dimension : null,
    query: params.get('q') ?? '',
    family: params.get('famille') ?? '',
    theme: params.get('theme') ?? '',
  }
}

/** The address of a route: what `parseRoute` reads back. */
export function routeHref(route: Route): string {
  const wave = route.waveId ? `/${encodeURIComponent(route.waveId)}` : ''
  let view = ''
  if (route.waveId) {
    switch (route.view.kind) {
      case 'family':
        view = `/famille/${encodeURIComponent(route.view.key)}`
        break
      case 'theme':
        view = `/theme/${encodeURIComponent(route.view.key)}`
        break
      case 'search':
        view = '/recherche'
        break
      case 'compare':
        view = '/comparer'
        break
      case 'table':
        view = '/tableau'
        break
      case 'overview':
        break
    }
  }
  const params = new URLSearchParams()
  if (route.release) params.set('release', route.release)
  if (route.dimension) params.set('dimension', route.dimension)
  if (route.view.kind === 'search') {
    if (route.query) params.set('q', route.query)
    if (route.family) params.set('famille', route.family)
  }
  // The search's theme, or the theme shown on a family page.
  if ((route.view.kind === 'search' || route.view.kind === 'family') && route.theme) params.set('theme', route.theme)
  const query = params.toString()
  return `/research${wave}${view}${query ? `?${query}` : ''}`
}
