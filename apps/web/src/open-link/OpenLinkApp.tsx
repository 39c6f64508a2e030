import { useEffect, useRef, useState } from 'react'
import { ApiError } from '../api/http'
import { errorMessage, t } from '../i18n'
import { PageHeader } from '../layout/PageHeader'
import { fetchOpenWave, type OpenWave } from './join-wave'
import { JoinForm } from './JoinForm'

type Load =
  | { kind: 'loading' }
  | { kind: 'not-found' }
  | { kind: 'error'; code: string }
  | { kind: 'ready'; wave: OpenWave }
  | { kind: 'joined'; wave: OpenWave; email: string }

/**
 * The open link of a wave: an organisation that is not on the member list declares itself, and its
 * private link to the questionnaire goes by e-mail — never to this page, which says the same thing
 * whether the organisation was new or already known.
 */
export function OpenLinkApp({ slug }: { slug: string | undefined }) {
  const [load, setLoad] = useState<Load>(slug ? { kind: 'loading' } : { kind: 'not-found' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!slug) return
    let cancelled = false
    fetchOpenWave(slug).then(
      (wave) => {
        if (!cancelled) setLoad({ kind: 'ready', wave })
      },
      (error: unknown) => {
        if (cancelled) return
        if (error instanceof ApiError && error.status === 404) setLoad({ kind: 'not-found' })
        else setLoad({ kind: 'error', code: error instanceof ApiError ? error.code : 'NETWORK' })
      },
    )
    return () => {
      cancelled = true
    }
  }, [slug, attempt])

  const subtitle = load.kind === 'ready' || load.kind === 'joined' ? load.wave.title : t('app.tagline')
  return (
    <>
      <PageHeader subtitle={subtitle} />
      <main id="main" className="page page--open-link">
        {load.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {load.kind === 'not-found' ? (
          <section className="notice notice--error" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{t('openLink.notFound.title')}</h1>
            <p>{t('openLink.notFound.body')}</p>
          </section>
        ) : null}
        {load.kind === 'error' ? (
          <section className="notice notice--error" aria-labelledby="load-error-title">
            <h1 id="load-error-title">{t('openLink.loadError.title')}</h1>
            <p>{errorMessage(load.code)}</p>
            <button
              type="button"
              className="button"
              onClick={() => {
                setLoad({ kind: 'loading' })
                setAttempt((n) => n + 1)
              }}
            >
              {t('common.retry')}
            </button>
          </section>
        ) : null}
        {load.kind === 'ready' && load.wave.status !== 'open' ? (
          <section className="notice notice--info" aria-labelledby="closed-title">
            <h1 id="closed-title">{load.wave.title}</h1>
            <p>{t('openLink.closed')}</p>
          </section>
        ) : null}
        {load.kind === 'ready' && load.wave.status === 'open' && slug ? (
          <JoinForm slug={slug} wave={load.wave} onJoined={(email) => setLoad({ kind: 'joined', wave: load.wave, email })} />
        ) : null}
        {load.kind === 'joined' ? <SentNotice email={load.email} /> : null}
      </main>
    </>
  )
}

function SentNotice({ email }: { email: string }) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    heading.current?.focus()
  }, [])
  return (
    <section className="notice notice--success joined" aria-labelledby="joined-title">
      <h1 id="joined-title" ref={heading} tabIndex={-1}>
        {t('openLink.sent.title')}
      </h1>
      <p>{t('openLink.sent.body', { email })}</p>
      <p>{t('openLink.sent.help')}</p>
    </section>
  )
}
