import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  LoginBodySchema,
  NoContentSchema,
  PasswordResetBodySchema,
  PasswordResetRequestBodySchema,
  PasswordResetRequestResultSchema,
  SessionSchema,
  type PasswordResetRequestBody,
} from '@sonde/contracts'
import {
  consumePasswordReset,
  createPasswordReset,
  createSession,
  deleteSession,
  enqueueMessages,
  findCredentials,
  hashToken,
  isPasswordResetUsable,
  newToken,
  recordAudit,
  toCurrentUser,
  updateUser,
} from '@sonde/db'
import { hashPassword, verifyPassword } from '../../accounts/password'
import { AppError } from '../../errors'
import { anyUser, sessionCookie } from '../../plugins/access'
import { beginAttempt } from '../../plugins/rate-limit'

export interface AuthRoutesOptions {
  sessionMaxHours: number
  secureCookies: boolean
}

const resetValidMinutes = 30
/** Reset e-mails one account receives at most per hour; further requests answer the same and send nothing. */
const resetsPerAccountPerHour = 3

const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: { body: LoginBodySchema, response: { 200: SessionSchema } },
    },
    async (request, reply) => {
      const { email, password } = request.body
      // Throttled per (account, address): guesses from one place slow down, with growing delays,
      // and the account's owner elsewhere is never locked out. The attempt counts before the
      // password is checked, so parallel guesses cannot all pass before the first one fails.
      const { loginPerAccountAddress, loginPerAddress } = app.rateLimits
      const attempt = beginAttempt([
        [loginPerAccountAddress, `${email}\n${request.ip}`],
        [loginPerAddress, request.ip],
      ])
      // When the database fails, the guess did not: the attempt is given back.
      const giveBack = (error: unknown): never => {
        attempt.cancel()
        throw error
      }
      const user = await findCredentials(app.db, email).catch(giveBack)
      const valid = await verifyPassword(user?.passwordHash, password)
      if (!user || !valid || user.disabled) throw new AppError('INVALID_CREDENTIALS')
      attempt.succeeded()

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
      return { user: toCurrentUser(user) }
    },
  )

  app.post('/api/auth/logout', { config: { access: 'public' }, schema: { response: { 204: NoContentSchema } } }, async (request, reply) => {
    const token = request.cookies[sessionCookie]
    if (token) await deleteSession(app.db, hashToken(token))
    reply.clearCookie(sessionCookie, { path: '/' })
    return reply.code(204).send(null)
  })

  /**
   * Mails a reset link to an active account. The answer goes out before anything is looked up,
   * and the work runs once it has left: a known address and an unknown one answer alike, in the
   * same time (no user enumeration, ASVS 6.3.8).
   */
  async function sendResetLink(email: string): Promise<void> {
    const user = await findCredentials(app.db, email)
    if (!user || user.disabled) return
    const queued = await app.db.transaction().execute(async (trx) => {
      const resetId = await createPasswordReset(trx, app.links.secret, user.id, {
        validMinutes: resetValidMinutes,
        maxPerHour: resetsPerAccountPerHour,
      })
      if (resetId === null) return false
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
      return true
    })
    if (queued) await app.outbox.processDue()
  }

  app.post(
    '/api/auth/password-reset/request',
    {
      config: { access: 'public' },
      schema: {
        body: PasswordResetRequestBodySchema,
        response: { 202: PasswordResetRequestResultSchema },
      },
      async onResponse(request, reply) {
        if (reply.statusCode !== 202) return
        const { email } = request.body as PasswordResetRequestBody
        app.afterReply.run('password reset e-mail', () => sendResetLink(email))
      },
    },
    async (request, reply) => {
      app.rateLimits.resetRequestsPerAddress.take(request.ip)
      return reply.code(202).send({ status: 'sent_if_known' as const })
    },
  )

  app.post(
    '/api/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        body: PasswordResetBodySchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      const { token, password } = request.body
      // Hash only for a link that can still be used; then use it, end the account's other links,
      // sessions and API tokens, and set the password, all at once.
      if (!(await isPasswordResetUsable(app.db, token))) throw new AppError('RESET_TOKEN_INVALID')
      const passwordHash = await hashPassword(password)
      await app.db.transaction().execute(async (trx) => {
        const userId = await consumePasswordReset(trx, token)
        if (!userId) throw new AppError('RESET_TOKEN_INVALID')
        await updateUser(trx, userId, { passwordHash })
        await recordAudit(trx, { actorType: 'user', actorId: userId, waveId: null, action: 'user.password_reset' })
      })
      return reply.code(204).send(null)
    },
  )

  app.get('/api/auth/me', { config: { access: anyUser }, schema: { response: { 200: SessionSchema } } }, async (request) => ({
    user: toCurrentUser(request.user!),
  }))
}

export default authRoutes
