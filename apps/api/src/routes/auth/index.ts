import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CurrentUserSchema, LoginBodySchema } from '@sonde/contracts'
import { createSession, deleteSession, findUserByEmail, hashToken, newToken } from '@sonde/db'
import { AppError } from '../../errors'
import { anyUser, sessionCookie } from '../../plugins/access'
import { verifyPassword } from './password'

export interface AuthRoutesOptions {
  sessionMaxHours: number
  secureCookies: boolean
}

const UserBodySchema = z.object({ user: CurrentUserSchema })

const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: { body: LoginBodySchema, response: { 200: UserBodySchema } },
    },
    async (request, reply) => {
      const { email, password } = request.body
      const { loginPerAccount, loginPerAddress } = app.rateLimits
      loginPerAccount.assertAllowed(email)
      loginPerAddress.assertAllowed(request.ip)
      const user = await findUserByEmail(app.db, email)
      const valid = await verifyPassword(user?.password_hash, password)
      if (!user || !valid || user.disabled_at !== null) {
        loginPerAccount.recordFailure(email)
        loginPerAddress.recordFailure(request.ip)
        throw new AppError('INVALID_CREDENTIALS')
      }
      loginPerAccount.reset(email)

      // A new session id at every login (no fixation); the previous one, if any, ends.
      const previous = request.cookies[sessionCookie]
      if (previous) await deleteSession(app.db, hashToken(previous))
      const token = newToken()
      const expiresAt = new Date(Date.now() + options.sessionMaxHours * 3_600_000)
      await createSession(app.db, { idHash: hashToken(token), userId: user.id, expiresAt })
      reply.setCookie(sessionCookie, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        expires: expiresAt,
      })
      return { user: { id: user.id, email: user.email, role: user.role } }
    },
  )

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[sessionCookie]
      if (token) await deleteSession(app.db, hashToken(token))
      reply.clearCookie(sessionCookie, { path: '/' })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/auth/me',
    { config: { access: anyUser }, schema: { response: { 200: UserBodySchema } } },
    async (request) => {
      const user = request.user!
      return { user: { id: user.id, email: user.email, role: user.role } }
    },
  )
}

export default authRoutes
