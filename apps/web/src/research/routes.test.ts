import { describe, expect, it } from 'vitest'
import { parseRoute, routeHref, type Route } from './routes'

const WAVE = '3f2c9a58-7a4e-4b0e-9a51-0c1d2e3f4a5b'
const RELEASE = '0b7e1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d'

describe('the portal’s addresses', () => {
  it('keeps /research/<waveId> as the overview, with its release and dimension', () => {
    expect(parseRoute(`/research/${WAVE}`, `?release=${RELEASE}&dimension=region`)).toEqual({
      waveId: WAVE,
      view: { kind: 'overview' },
      release: RELEASE,
      dimension: 'region',
      query: '',
      family: '',
      theme: '',
    })
    expect(parseRoute('/research', '').waveId).toBeNull()
  })

  it('reads a family page, a theme page, the search, the comparison and the full table', () => {
    expect(parseRoute(`/research/${WAVE}/famille/reemploi`, '?theme=environnement')).toMatchObject({
      view: { kind: 'family', key: 'reemploi' },
      theme: 'environnement',
    })
    expect(parseRoute(`/research/${WAVE}/theme/communs`, '').view).toEqual({ kind: 'theme', key: 'communs' })
    expect(parseRoute(`/research/${WAVE}/theme/autres`, '').view).toEqual({ kind: 'theme', key: 'autres' })
    expect(parseRoute(`/research/${WAVE}/recherche`, '?q=co2&famille=insertion&theme=gouvernance')).toMatchObject({
      view: { kind: 'search' },
      query: 'co2',
      family: 'insertion',
      theme: 'gouvernance',
    })
    expect(parseRoute(`/research/${WAVE}/comparer`, '').view).toEqual({ kind: 'compare' })
    expect(parseRoute(`/research/${WAVE}/tableau`, '').view).toEqual({ kind: 'table' })
  })

  it('falls back to the overview, and drops what it does not know', () => {
    expect(parseRoute(`/research/${WAVE}/theme/sport`, '').view).toEqual({ kind: 'overview' })
    expect(parseRoute(`/research/${WAVE}/inconnu`, '').view).toEqual({ kind: 'overview' })
    expect(parseRoute(`/research/${WAVE}`, '?release=nope&dimension=age')).toMatchObject({ release: null, dimension: null })
    expect(parseRoute('/research/%E0%A4%A', '').waveId).toBe('%E0%A4%A')
  })

  it('writes back what it reads, for every page', () => {
    const base: Route = { waveId: WAVE, view: { kind: 'overview' }, release: 'live', dimension: null, query: '', family: '', theme: '' }
    const routes: Route[] = [
      base,
      { ...base, view: { kind: 'family', key: 'communs' }, theme: 'inclusion', dimension: 'size_class' },
      { ...base, view: { kind: 'theme', key: 'economie_emploi' }, release: RELEASE },
      { ...base, view: { kind: 'search' }, query: 'émissions évitées', family: 'reemploi', theme: 'environnement' },
      { ...base, view: { kind: 'compare' } },
      { ...base, view: { kind: 'table' } },
    ]
    for (const route of routes) {
      const href = routeHref(route)
      const url = new URL(href, 'https://sonde.example')
      expect(parseRoute(url.pathname, url.search), href).toEqual(route)
    }
    expect(routeHref({ ...base, release: null, view: { kind: 'family', key: 'a b' } })).toBe(`/research/${WAVE}/famille/a%20b`)
  })
})
