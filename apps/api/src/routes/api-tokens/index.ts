import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { createApiToken, listApiTokens, recordAudit, revokeApiToken, type ApiToken } from '@sonde/db'
import { AppError } from '../../errors'
import { anyUser } from '../../plugins/access'

const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
})

function tokenBody(row: ApiToken): z.infer<typeof TokenSchema> {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
  }
}

/** Each user's personal API tokens, for scripts in R or Python (`Authorization: Bearer …`). */
const apiTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/tokens',
    { config: { access: anyUser }, schema: { response: { 200: z.object({ tokens: z.array(TokenSchema) }) } } },
    async (request) => ({ tokens: (await listApiTokens(app.db, request.user!.id)).map(tokenBody) }),
  )

  app.post(
    '/api/tokens',
    {
      config: { access: anyUser },
      schema: {
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: TokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const { token, row } = await createApiToken(app.db, request.user!.id, request.body.name)
      await recordAudit(app.db, { actorType: 'user', actorId: request.user!.id, waveId: null, action: 'api_token.create', details: { tokenId: row.id } })
      return reply.code(201).send({ ...tokenBody(row), token })
    },
  )

  app.delete(
    '/api/tokens/:id',
    { config: { access: anyUser }, schema: { params: z.object({ id: z.string().max(100) }), response: { 204: z.null() } } },
    async (request, reply) => {
      if (!(await revokeApiToken(app.db, request.user!.id, request.params.id))) throw new AppError('NOT_FOUND', 'No such API token.')
      await recordAudit(app.db, { actorType: 'user', actorId: request.user!.id, waveId: null, action: 'api_token.revoke', details: { tokenId: request.params.id } })
      return reply.code(204).send(null)
    },
  )
}

export default apiTokenRoutes
