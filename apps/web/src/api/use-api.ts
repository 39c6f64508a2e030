import { useCallback, useEffect, useState } from 'react'
import { ApiError, requestJson } from './http'

export type Loaded<T> = { kind: 'loading' } | { kind: 'error'; code: string; status: number } | { kind: 'ready'; data: T }

export interface Resource<T> {
  loaded: Loaded<T>
  /** Asks the server again; what is on screen stays until the answer comes. */
  reload(): void
  /** Puts the server's answer to a change (PATCH, POST) on screen without asking again. */
  replace(data: T): void
}

/** `GET url` when `url` is set (again when it changes or on `reload()`): the answer, or the error code. */
export function useResource<T>(url: string | null): Resource<T> {
  const [version, setVersion] = useState(0)
  const [state, setState] = useState<{ url: string | null; loaded: Loaded<T> }>({ url, loaded: { kind: 'loading' } })

  useEffect(() => {
    if (!url) return
    const controller = new AbortController()
    requestJson<T>('GET', url, { signal: controller.signal }).then(
      (data) => setState({ url, loaded: { kind: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        setState({
          url,
          loaded: error instanceof ApiError ? { kind: 'error', code: error.code, status: error.status } : { kind: 'error', code: 'NETWORK', status: 0 },
        })
      },
    )
    return () => controller.abort()
  }, [url, version])

  const reload = useCallback(() => setVersion((v) => v + 1), [])
  const replace = useCallback((data: T) => setState({ url, loaded: { kind: 'ready', data } }), [url])

  // A new URL shows "loading" at once rather than the previous URL's data.
  return { loaded: state.url === url ? state.loaded : { kind: 'loading' }, reload, replace }
}

/** `useResource` for screens that only read. */
export function useApi<T>(url: string | null): Loaded<T> {
  return useResource<T>(url).loaded
}
