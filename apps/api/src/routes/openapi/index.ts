import type { FastifyPluginAsync } from 'fastify'
import { completeDocument, type OpenApiDocument } from './document'

/** The OpenAPI document of every route, generated from their zod schemas and completed once. */
const openapiRoutes: FastifyPluginAsync<{ baseUrl: string }> = async (app, { baseUrl }) => {
  let document: OpenApiDocument | undefined
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => {
    // Built on first request: every route is registered by then.
    document ??= completeDocument(app.swagger() as unknown as OpenApiDocument, { baseUrl, routeAccess: app.routeAccess })
    return document
  })
}

export default openapiRoutes
