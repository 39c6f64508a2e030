import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import {
  findApiTokenUser,
  findRespondentByTokenHash,
  findSessionUser,
  hashToken,
  touchSession,
  type RespondentContext,
  type Role,
  type SessionUser,
} from '@sonde/db'
import { AppError } from '../errors'

/**
 * Who may call a route: anyone (`public`), the holder of a respondent link (`respondent`:
 * the `:token` in the path is the credential), or a logged-in user with one of the listed
 * roles. Every /api route must say which: a route without a rule is a start-up error, so no
 * route is ever open by omission.
 */
export type Access = 'public' | 'respondent' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /**
     * On `respondent` routes: whether the handler reads the response's answers
     * (`request.respondent.response.answers`; default true). A route that does not (a save merges
     * in the database) says false, and its lookup leaves them in the database ({} in their place).
     */
    respondentAnswers?: boolean
  }
  interface FastifyRequest {
    user: SessionUser | null
    /** On `respondent` routes, what the link in the path reaches (set before the handler runs). */
    respondent: RespondentContext | null
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
    app.decorateRequest('respondent', null)

    /**
     * The respondent link of the path, looked up once for the whole request, after the path and
     * the body are validated and after the route's own checks (its `preHandler`). An unknown,
     * malformed or revoked token gives the same 404 after the same single lookup, and counts as
     * a guess against the client's address — a link that exists is never refused (rate-limit.ts).
     */
    async function resolveRespondent(request: FastifyRequest): Promise<void> {
      const { token } = request.params as { token: string }
      const context = await findRespondentByTokenHash(app.db, hashToken(token), { answers: request.routeOptions.config.respondentAnswers !== false })
      if (!context) {
        app.rateLimits.linkGuessesPerAddress.recordMiss(request.ip)
        throw new AppError('INVITATION_NOT_FOUND')
      }
      request.respondent = context
    }

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
      if (rule === 'respondent') {
        if (!route.url.includes('/:token')) throw new Error(`respondent route ${String(route.method)} ${route.url} has no :token in its path`)
        route.preHandler = [...[route.preHandler ?? []].flat(), resolveRespondent]
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
