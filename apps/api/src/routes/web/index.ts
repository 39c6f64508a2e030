import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

/**
 * The built web app: fingerprinted assets cached for ever, and the entry pages
 * (respondent, open link, admin, research, public results), never cached so that a new build is picked up at once.
 */
const webRoutes: FastifyPluginAsync<{ webDist: string }> = async (app, { webDist }) => {
  const assets = path.join(webDist, 'assets')
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      preCompressed: true,
      index: false,
      decorateReply: true,
    })
  } else {
    app.log.warn({ webDist }, 'web app not built: pages are unavailable (run pnpm build)')
  }

  const page = (file: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
    if (!existsSync(path.join(webDist, file))) {
      return reply.code(503).type('text/plain; charset=utf-8').send('Sonde web app not built: run `pnpm build`.')
    }
    reply.header('Cache-Control', 'no-cache')
    return reply.sendFile(file, webDist, { cacheControl: false })
  }

  // Pages, not API operations: kept out of /api/openapi.json.
  const pageRoute = { schema: { hide: true } }
  app.get('/', pageRoute, async (_request, reply) => reply.redirect('/admin'))
  app.get('/r/:token', pageRoute, page('respondent.html'))
  app.get('/w/:slug', pageRoute, page('open-link.html'))
  app.get('/admin', pageRoute, page('admin.html'))
  app.get('/admin/*', pageRoute, page('admin.html'))
  app.get('/research', pageRoute, page('research.html'))
  app.get('/research/*', pageRoute, page('research.html'))
  app.get('/resultats/:slug', pageRoute, page('public.html'))
  app.get('/resultats/:slug/*', pageRoute, page('public.html'))
}

export default webRoutes
