import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  ApiTokenListSchema,
  CreateUserBodySchema,
  NoContentSchema,
  UpdateUserBodySchema,
  UserListSchema,
  UserParamsSchema,
  UserSchema,
  UserTokenParamsSchema,
} from '@sonde/contracts'
import {
  createUser,
  findUserByEmail,
  findUserById,
  listApiTokens,
  listUsers,
  microdataGranted,
  recordAudit,
  revokeApiToken,
  toApiToken,
  toUser,
  updateUser,
} from '@sonde/db'
import { hashPassword } from '../../accounts/password'
import { AppError } from '../../errors'

const admin = ['admin'] as const

/**
 * Accounts, managed by admins: create, change role, disable and set a password (both end the
 * account's sessions and API tokens), and see and revoke any account's API tokens.
 */
const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/users', { config: { access: admin }, schema: { response: { 200: UserListSchema } } }, async () => ({
    users: (await listUsers(app.db)).map(toUser),
  }))

  app.post(
    '/api/users',
    {
      config: { access: admin },
      schema: { body: CreateUserBodySchema, response: { 201: UserSchema } },
    },
    async (request, reply) => {
      const { email, role, password } = request.body
      if (await findUserByEmail(app.db, email)) throw new AppError('USER_EXISTS')
      const user = await app.db.transaction().execute(async (trx) => {
        const created = await createUser(trx, { email, role, passwordHash: await hashPassword(password) })
        await recordAudit(trx, { actorType: 'user', actorId: request.user!.id, waveId: null, action: 'user.create', details: { userId: created.id, role } })
        return created
      })
      return reply.code(201).send(toUser(user))
    },
  )

  app.patch(
    '/api/users/:id',
    {
      config: { access: admin },
      schema: { params: UserParamsSchema, body: UpdateUserBodySchema, response: { 200: UserSchema } },
    },
    async (request) => {
      const target = await findUserById(app.db, request.params.id)
      if (!target) throw new AppError('USER_NOT_FOUND')
      const { role, disabled, password, microdataAccess } = request.body
      if (target.id === request.user!.id && (disabled || (role && role !== 'admin'))) {
        throw new AppError('FORBIDDEN', 'Admins cannot disable themselves or give up their own admin role.')
      }
      const user = await app.db.transaction().execute(async (trx) => {
        const updated = await updateUser(trx, target.id, {
          ...(role ? { role } : {}),
          ...(disabled !== undefined ? { disabled } : {}),
          ...(password ? { passwordHash: await hashPassword(password) } : {}),
          ...(microdataAccess !== undefined ? { microdataAccess } : {}),
        })
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: null,
          action: 'user.update',
          details: { userId: target.id, fields: Object.keys(request.body) },
        })
        // Who may read microdata is the permission a data protection officer asks about: its own event.
        if (microdataAccess !== undefined && microdataAccess !== microdataGranted(target)) {
          await recordAudit(trx, {
            actorType: 'user',
            actorId: request.user!.id,
            waveId: null,
            action: microdataAccess ? 'user.microdata_granted' : 'user.microdata_revoked',
            details: { userId: target.id, email: target.email },
          })
        }
        return updated
      })
      return toUser(user)
    },
  )

  app.get(
    '/api/users/:id/tokens',
    {
      config: { access: admin },
      schema: { params: UserParamsSchema, response: { 200: ApiTokenListSchema } },
    },
    async (request) => {
      const target = await findUserById(app.db, request.params.id)
      if (!target) throw new AppError('USER_NOT_FOUND')
      return { tokens: (await listApiTokens(app.db, target.id)).map((row) => toApiToken(row)) }
    },
  )

  app.delete(
    '/api/users/:id/tokens/:tokenId',
    {
      config: { access: admin },
      schema: { params: UserTokenParamsSchema, response: { 204: NoContentSchema } },
    },
    async (request, reply) => {
      const target = await findUserById(app.db, request.params.id)
      if (!target) throw new AppError('USER_NOT_FOUND')
      if (!(await revokeApiToken(app.db, target.id, request.params.tokenId, 'revoked_by_admin'))) {
        throw new AppError('NOT_FOUND', 'No such API token.')
      }
      await recordAudit(app.db, {
        actorType: 'user',
        actorId: request.user!.id,
        waveId: null,
        action: 'api_token.revoke',
        details: { tokenId: request.params.tokenId, userId: target.id, email: target.email },
      })
      return reply.code(204).send(null)
    },
  )
}

export default userRoutes
