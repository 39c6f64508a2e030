import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ApiTokenListSchema, ApiTokenParamsSchema, CreateApiTokenBodySchema, CreatedApiTokenSchema, NoContentSchema } from '@sonde/contracts'
import { createApiToken, listApiTokens, recordAudit, revokeApiToken, toApiToken } from '@sonde/db'
import { AppError } from '../../errors'
import { anyUser } from '../../plugins/access'

/**
 * Each user's personal API tokens, for scripts in R or Python (`Authorization: Bearer …`). A
 * token ends after the days chosen at its creation (90 by default, a year at most), and only a
 * person logged in creates one: a token never mints another, so a leaked token cannot outlive
 * its own end.
 */
const apiTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/tokens', { config: { access: anyUser }, schema: { response: { 200: ApiTokenListSchema } } }, async (request) => ({
    tokens: (await listApiTokens(app.db, request.user!.id)).map((row) => toApiToken(row)),
  }))

  app.post(
    '/api/tokens',
    {
      config: { access: anyUser },
      schema: { body: CreateApiTokenBodySchema, response: { 201: CreatedApiTokenSchema } },
    },
    async (request, reply) => {
      const user = request.user!
      if (user.apiTokenId !== null) throw new AppError('FORBIDDEN', 'An API token cannot create tokens: log in to create one.')
      const { token, row } = await createApiToken(app.db, user.id, request.body.name, request.body.expiresInDays)
      const created = toApiToken(row)
      await recordAudit(app.db, {
        actorType: 'user',
        actorId: user.id,
        waveId: null,
        action: 'api_token.create',
        details: { tokenId: created.id, expiresAt: created.expiresAt },
      })
      return reply.code(201).send({ ...created, token })
    },
  )

  app.delete(
    '/api/tokens/:id',
    { config: { access: anyUser }, schema: { params: ApiTokenParamsSchema, response: { 204: NoContentSchema } } },
    async (request, reply) => {
      if (!(await revokeApiToken(app.db, request.user!.id, request.params.id))) throw new AppError('NOT_FOUND', 'No such API token.')
      await recordAudit(app.db, {
        actorType: 'user',
        actorId: request.user!.id,
        waveId: null,
        action: 'api_token.revoke',
        details: { tokenId: request.params.id },
      })
      return reply.code(204).send(null)
    },
  )
}

export default apiTokenRoutes
