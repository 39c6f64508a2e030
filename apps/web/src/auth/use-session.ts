import type { CurrentUser, LoginBody, Session } from '@sonde/contracts'
import { useCallback, useEffect, useState } from 'react'
import { ApiError, requestJson } from '../api/http'

export type SessionState = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'error'; code: string } | { kind: 'signed-in'; user: CurrentUser }

/** Who is signed in (`GET /api/auth/me`), and the two ways to change it. */
export function useSession() {
  const [session, setSession] = useState<SessionState>({ kind: 'loading' })

  const refresh = useCallback(async () => {
    try {
      const { user } = await requestJson<Session>('GET', '/api/auth/me')
      setSession({ kind: 'signed-in', user })
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setSession({ kind: 'anonymous' })
      else setSession({ kind: 'error', code: error instanceof ApiError ? error.code : 'NETWORK' })
    }
  }, [])

  useEffect(() => {
    void refresh()
  }, [refresh])

  /** Resolves on success; rejects with the ApiError (401 INVALID_CREDENTIALS, 429…) otherwise. */
  const login = useCallback(async (email: string, password: string) => {
    const { user } = await requestJson<Session>('POST', '/api/auth/login', { body: { email, password } satisfies LoginBody })
    setSession({ kind: 'signed-in', user })
  }, [])

  const logout = useCallback(async () => {
    try {
      await requestJson<unknown>('POST', '/api/auth/logout')
    } finally {
      setSession({ kind: 'anonymous' })
    }
  }, [])

  return { session, login, logout, refresh }
}
