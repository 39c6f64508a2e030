import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { apiTokenDefaultDays, apiTokenMaxDays, createApiToken, listApiTokens, recordAudit, revokeApiToken } from '@sonde/db'
import { AppError } from '../../errors'
import { anyUser } from '../../plugins/access'
import { ApiTokenSchema, apiTokenBody } from './token-body'

/**
 * Each user's personal API tokens, for scripts in R or Python (`Authorization: Bearer …`). A
 * token ends after the days chosen at its creation (90 by default, a year at most), and only a
 * person logged in creates one: a token never mints another, so a leaked token cannot outlive
 * its own end.
 */
const apiTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/tokens',
    { config: { access: anyUser }, schema: { response: { 200: z.object({ tokens: z.array(ApiTokenSchema) }) } } },
    async (request) => ({ tokens: (await listApiTokens(app.db, request.user!.id)).map((row) => apiTokenBody(row)) }),
  )

  app.post(
    '/api/tokens',
    {
      config: { access: anyUser },
      schema: {
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          expiresInDays: z.number().int().min(1).max(apiTokenMaxDays).default(apiTokenDefaultDays),
        }),
        response: { 201: ApiTokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const user = request.user!
      if (user.apiTokenId !== null) throw new AppError('FORBIDDEN', 'An API token cannot create tokens: log in to create one.')
      const { token, row } = await createApiToken(app.db, user.id, request.body.name, request.body.expiresInDays)
      await recordAudit(app.db, {
        actorType: 'user',
        actorId: user.id,
        waveId: null,
        action: 'api_token.create',
        details: { tokenId: row.id, expiresAt: row.expires_at.toISOString() },
      })
      return reply.code(201).send({ ...apiTokenBody(row), token })
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
