import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import { findApiTokenUser, findSessionUser, hashToken, touchSession, type Role, type SessionUser } from '@sonde/db'
import { AppError } from '../errors'

/**
 * Who may call a route: anyone (`public`), the holder of a respondent link (`respondent`:
 * the token in the path is the credential, checked by the route), or a logged-in user with
 * one of the listed roles. Every /api route must say which: a route without a rule is a
 * start-up error, so no route is ever open by omission.
 */
export type Access = 'public' | 'respondent' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    user: SessionUser | null
  }
  interface FastifyInstance {
    /** Every /api route with its access rule: the table the role-matrix test walks. */
    routeAccess: { method: string; url: string; access: Access }[]
  }
}

export const sessionCookie = 'sonde_session'

export interface AccessOptions {
  sessionIdleMinutes: number
  secureCookies: boolean
}

export default fp(
  async function access(app, options: AccessOptions) {
    await app.register(cookie)
    app.decorateRequest('user', null)

    const table: { method: string; url: string; access: Access }[] = []
    app.decorate('routeAccess', table)
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return
      const rule = route.config?.access
      if (rule === undefined) {
        throw new Error(`route ${String(route.method)} ${route.url} declares no access rule (config.access)`)
      }
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') table.push({ method, url: route.url, access: rule })
      }
    })

    app.addHook('onRequest', async (request) => {
      const rule = request.routeOptions.config.access
      if (rule === undefined || rule === 'public' || rule === 'respondent') return
      const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
      if (bearer) {
        const user = await findApiTokenUser(app.db, bearer)
        if (!user) throw new AppError('UNAUTHENTICATED', 'Unknown, expired or revoked API token.')
        if (!rule.includes(user.role)) throw new AppError('FORBIDDEN')
        request.user = user
        return
      }
      const token = request.cookies[sessionCookie]
      if (!token) throw new AppError('UNAUTHENTICATED')
      const idHash = hashToken(token)
      const idleSince = new Date(Date.now() - options.sessionIdleMinutes * 60_000)
      const user = await findSessionUser(app.db, idHash, idleSince)
      if (!user) throw new AppError('UNAUTHENTICATED')
      if (!rule.includes(user.role)) throw new AppError('FORBIDDEN')
      request.user = user
      // Sliding idle timeout, written at most once a minute per session.
      if (Date.now() - user.lastSeenAt.getTime() > 60_000) await touchSession(app.db, idHash)
    })
  },
  { name: 'access', dependencies: ['database'] },
)

export const staff: readonly Role[] = ['admin', 'staff']
export const readers: readonly Role[] = ['admin', 'staff', 'researcher']
export const anyUser: readonly Role[] = ['admin', 'staff', 'researcher']
