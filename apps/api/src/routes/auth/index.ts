import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CurrentUserSchema, LoginBodySchema } from '@sonde/contracts'
import {
  consumePasswordReset,
  createPasswordReset,
  createSession,
  deleteSession,
  enqueueMessages,
  findUserByEmail,
  hasMicrodataAccess,
  hashToken,
  newToken,
  recordAudit,
  updateUser,
} from '@sonde/db'
import { AppError } from '../../errors'
import { anyUser, sessionCookie } from '../../plugins/access'
import { hashPassword, verifyPassword } from './password'

export interface AuthRoutesOptions {
  sessionMaxHours: number
  secureCookies: boolean
  linkSecret: string
}

const resetValidMinutes = 30

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
      return { user: { id: user.id, email: user.email, role: user.role, microdataAccess: hasMicrodataAccess(user) } }
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

  app.post(
    '/api/auth/password-reset/request',
    {
      config: { access: 'public' },
      schema: {
        body: z.strictObject({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()) }),
        response: { 202: z.object({ status: z.literal('sent_if_known') }) },
      },
    },
    async (request, reply) => {
      const counter = app.rateLimits.resetRequestsPerAddress
      counter.assertAllowed(request.ip)
      counter.recordFailure(request.ip)
      const user = await findUserByEmail(app.db, request.body.email)
      // The same answer whether or not the account exists: no user enumeration.
      if (user && user.disabled_at === null) {
        await app.db.transaction().execute(async (trx) => {
          const resetId = await createPasswordReset(trx, options.linkSecret, user.id, resetValidMinutes)
          await enqueueMessages(trx, [
            {
              kind: 'password_reset',
              waveId: null,
              invitationId: null,
              passwordResetId: resetId,
              to: user.email,
              subject: 'Sonde : choisir un nouveau mot de passe',
              body: [
                'Bonjour,',
                '',
                'Pour choisir un nouveau mot de passe Sonde, ouvrez ce lien dans les 30 minutes :',
                '{{lien}}',
                '',
                'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.',
              ].join('\n'),
            },
          ])
        })
        void app.outbox.processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))
      }
      return reply.code(202).send({ status: 'sent_if_known' as const })
    },
  )

  app.post(
    '/api/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        body: z.strictObject({ token: z.string().min(1).max(200), password: z.string().min(8).max(128) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const userId = await consumePasswordReset(app.db, request.body.token)
      if (!userId) throw new AppError('RESET_TOKEN_INVALID')
      const passwordHash = await hashPassword(request.body.password)
      await app.db.transaction().execute(async (trx) => {
        await updateUser(trx, userId, { passwordHash })
        await recordAudit(trx, { actorType: 'user', actorId: userId, waveId: null, action: 'user.password_reset' })
      })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/auth/me',
    { config: { access: anyUser }, schema: { response: { 200: UserBodySchema } } },
    async (request) => {
      const user = request.user!
      return { user: { id: user.id, email: user.email, role: user.role, microdataAccess: user.microdataAccess } }
    },
  )
}

export default authRoutes
