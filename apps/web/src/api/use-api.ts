import { useEffect, useState } from 'react'
import { ApiError, requestJson } from './http'

export type Loaded<T> = { kind: 'loading' } | { kind: 'error'; code: string; status: number } | { kind: 'ready'; data: T }

/** `GET url` when `url` is set (again when it changes); the answer, or the error code. */
export function useApi<T>(url: string | null): Loaded<T> {
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
          loaded:
            error instanceof ApiError
              ? { kind: 'error', code: error.code, status: error.status }
              : { kind: 'error', code: 'NETWORK', status: 0 },
        })
      },
    )
    return () => controller.abort()
  }, [url])

  // A new URL shows "loading" at once rather than the previous URL's data.
  return state.url === url ? state.loaded : { kind: 'loading' }
}
