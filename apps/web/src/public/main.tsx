import './public.css'
import type { PublicResults } from '@sonde/contracts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { LoadError } from '../api/LoadError'
import { useApi } from '../api/use-api'
import { getLang, t } from '../i18n'
import { PageHeader } from '../layout/PageHeader'
import { pt } from './messages'
import { PublicPage } from './PublicPage'
import { slugFromPath } from './view-model'

document.documentElement.lang = getLang()
document.title = `${pt('public.title')} — ${t('app.name')}`

/** No results at this address (never published, unpublished, unknown wave): said plainly, in both languages' pages. */
function NotFound() {
  return (
    <main id="main" className="page public-page">
      <h1>{pt('public.notFound.title')}</h1>
      <p>{pt('public.notFound.body')}</p>
    </main>
  )
}

/** `/resultats/<slug>`: the public observatory of a wave, read without a login. */
function PublicApp({ slug }: { slug: string | null }) {
  const loaded = useApi<PublicResults>(slug ? `/api/public/${encodeURIComponent(slug)}` : null)
  let body
  if (!slug || (loaded.kind === 'error' && loaded.status === 404)) body = <NotFound />
  else if (loaded.kind === 'loading') body = <p className="page muted">{pt('public.loading')}</p>
  else if (loaded.kind === 'error')
    body = (
      <main id="main" className="page">
        <LoadError code={loaded.code} />
      </main>
    )
  else body = <PublicPage results={loaded.data} />
  return (
    <>
      <PageHeader subtitle={pt('public.title')} />
      {body}
    </>
  )
}

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <PublicApp slug={slugFromPath(window.location.pathname)} />
    </StrictMode>,
  )
}
