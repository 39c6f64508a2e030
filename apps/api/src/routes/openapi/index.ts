import type { FastifyPluginAsync } from 'fastify'

/** The OpenAPI document of every route, generated from their zod schemas. */
const openapiRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger())
}

export default openapiRoutes
