import type { RespondentView, SubmitResult } from '@sonde/contracts'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, requestJson } from '../api/http'
import { errorMessage, t } from '../i18n'
import { PageHeader } from '../layout/PageHeader'
import { SubmittedPage } from './submit/SubmittedPage'
import { SurveyPage } from './survey/SurveyPage'

type Load =
  | { kind: 'loading' }
  | { kind: 'not-found' }
  | { kind: 'error'; code: string }
  | { kind: 'ready'; view: RespondentView }
  | { kind: 'submitted'; view: RespondentView; submittedAt: string | null; answers: Record<string, unknown> }

export function RespondentApp({ token }: { token: string | undefined }) {
  const [load, setLoad] = useState<Load>(token ? { kind: 'loading' } : { kind: 'not-found' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (!token) return
    let cancelled = false
    requestJson<RespondentView>('GET', `/api/r/${encodeURIComponent(token)}`).then(
      (view) => {
        if (cancelled) return
        setLoad(
          view.response.status === 'submitted'
            ? { kind: 'submitted', view, submittedAt: view.response.submittedAt, answers: view.response.answers }
            : { kind: 'ready', view },
        )
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
  }, [token, attempt])

  const reload = useCallback(() => {
    setLoad({ kind: 'loading' })
    setAttempt((n) => n + 1)
  }, [])

  const onSubmitted = useCallback((result: SubmitResult, answers: Record<string, unknown>) => {
    setLoad((current) => (current.kind === 'ready' ? { kind: 'submitted', view: current.view, submittedAt: result.submittedAt, answers } : current))
    window.scrollTo({ top: 0 })
  }, [])

  const subtitle = load.kind === 'ready' || load.kind === 'submitted' ? load.view.organisation.name : t('app.tagline')
  return (
    <>
      <PageHeader subtitle={subtitle} />
      <main id="main" className="page page--respondent">
        {load.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {load.kind === 'not-found' ? (
          <section className="notice notice--error" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{t('respondent.notFound.title')}</h1>
            <p>{t('respondent.notFound.body')}</p>
          </section>
        ) : null}
        {load.kind === 'error' ? (
          <section className="notice notice--error" aria-labelledby="load-error-title">
            <h1 id="load-error-title">{t('respondent.loadError.title')}</h1>
            <p>{errorMessage(load.code)}</p>
            <button type="button" className="button" onClick={reload}>
              {t('common.retry')}
            </button>
          </section>
        ) : null}
        {load.kind === 'ready' ? <SurveyPage token={token ?? ''} view={load.view} onSubmitted={onSubmitted} /> : null}
        {load.kind === 'submitted' ? (
          <SubmittedPage token={token ?? ''} view={load.view} submittedAt={load.submittedAt} answers={load.answers} onReopened={reload} />
        ) : null}
      </main>
    </>
  )
}
