import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { RoleSchema, UserSchema } from '@sonde/contracts'
import {
  createUser,
  findUserByEmail,
  findUserById,
  hasMicrodataAccess,
  listApiTokens,
  listUsers,
  recordAudit,
  revokeApiToken,
  updateUser,
  type User,
} from '@sonde/db'
import { AppError } from '../../errors'
import { ApiTokenSchema, apiTokenBody } from '../api-tokens/token-body'
import { hashPassword } from '../auth/password'

const admin = ['admin'] as const
const PasswordSchema = z.string().min(8).max(128)
const UserParamsSchema = z.object({ id: z.string().max(100) })

function userBody(user: User): z.infer<typeof UserSchema> {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabled: user.disabled_at !== null,
    microdataAccess: hasMicrodataAccess(user),
    createdAt: user.created_at.toISOString(),
  }
}

/**
 * Accounts, managed by admins: create, change role, disable and set a password (both end the
 * account's sessions and API tokens), and see and revoke any account's API tokens.
 */
const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/users',
    { config: { access: admin }, schema: { response: { 200: z.object({ users: z.array(UserSchema) }) } } },
    async () => ({ users: (await listUsers(app.db)).map(userBody) }),
  )

  app.post(
    '/api/users',
    {
      config: { access: admin },
      schema: {
        body: z.strictObject({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()), role: RoleSchema, password: PasswordSchema }),
        response: { 201: UserSchema },
      },
    },
    async (request, reply) => {
      const { email, role, password } = request.body
      if (await findUserByEmail(app.db, email)) throw new AppError('USER_EXISTS')
      const user = await app.db.transaction().execute(async (trx) => {
        const created = await createUser(trx, { email, role, passwordHash: await hashPassword(password) })
        await recordAudit(trx, { actorType: 'user', actorId: request.user!.id, waveId: null, action: 'user.create', details: { userId: created.id, role } })
        return created
      })
      return reply.code(201).send(userBody(user))
    },
  )

  app.patch(
    '/api/users/:id',
    {
      config: { access: admin },
      schema: {
        params: UserParamsSchema,
        body: z.strictObject({
          role: RoleSchema.optional(),
          disabled: z.boolean().optional(),
          password: PasswordSchema.optional(),
          /** A researcher may download protected microdata (staff and admins always may). */
          microdataAccess: z.boolean().optional(),
        }),
        response: { 200: UserSchema },
      },
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
        if (microdataAccess !== undefined && microdataAccess !== target.microdata_access) {
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
      return userBody(user)
    },
  )

  app.get(
    '/api/users/:id/tokens',
    {
      config: { access: admin },
      schema: { params: UserParamsSchema, response: { 200: z.object({ tokens: z.array(ApiTokenSchema) }) } },
    },
    async (request) => {
      const target = await findUserById(app.db, request.params.id)
      if (!target) throw new AppError('USER_NOT_FOUND')
      return { tokens: (await listApiTokens(app.db, target.id)).map((row) => apiTokenBody(row)) }
    },
  )

  app.delete(
    '/api/users/:id/tokens/:tokenId',
    {
      config: { access: admin },
      schema: { params: UserParamsSchema.extend({ tokenId: z.string().max(100) }), response: { 204: z.null() } },
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
