import fp from 'fastify-plugin'
import { AppError } from '../errors'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // SurveyJS sets style attributes on its elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ')

/**
 * Response headers for every answer (CSP, nosniff, no referrer — respondent URLs carry their
 * token — no caching of API answers, HSTS over HTTPS) and the same-origin rule for
 * state-changing requests (ASVS 3.5): a browser request from another site is refused
 * through Fetch Metadata, or through Origin for browsers that do not send it. Clients that
 * are not browsers (curl, R, Python) send neither and are unaffected.
 */
export default fp(
  async function security(app, options: { baseUrl: string }) {
    const ownOrigin = new URL(options.baseUrl).origin
    const https = ownOrigin.startsWith('https:')

    app.addHook('onRequest', async (request) => {
      if (safeMethods.has(request.method)) return
      const site = request.headers['sec-fetch-site']
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new AppError('CROSS_SITE_REQUEST')
      }
      const origin = request.headers.origin
      if (origin !== undefined && origin !== ownOrigin && origin !== `${request.protocol}://${request.host}`) {
        throw new AppError('CROSS_SITE_REQUEST')
      }
    })

    app.addHook('onSend', async (request, reply) => {
      reply.header('Content-Security-Policy', contentSecurityPolicy)
      reply.header('X-Content-Type-Options', 'nosniff')
      reply.header('Referrer-Policy', 'no-referrer')
      reply.header('X-Frame-Options', 'DENY')
      reply.header('Cross-Origin-Opener-Policy', 'same-origin')
      if (https) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
      if (request.url.startsWith('/api/') && !reply.hasHeader('Cache-Control')) {
        reply.header('Cache-Control', 'no-store')
      }
    })
  },
  { name: 'security' },
)
