import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError, errorTable, type ErrorCode } from './errors'

// pg and network codes meaning "the database is not there right now".
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'])
const unavailableMessages = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown }
  return (
    (typeof e.code === 'string' && unavailableCodes.has(e.code)) ||
    (typeof e.message === 'string' && unavailableMessages.test(e.message))
  )
}

function send(reply: import('fastify').FastifyReply, code: ErrorCode, message?: string, details?: unknown) {
  const body: { code: ErrorCode; message: string; details?: unknown } = {
    code,
    message: message ?? errorTable[code].message,
  }
  if (details !== undefined) body.details = details
  return reply.code(errorTable[code].status).type('application/json; charset=utf-8').send(body)
}

/**
 * The one place where failures become HTTP answers: known errors keep their code and
 * status; Fastify's own (bad JSON, wrong content type, body too large) and schema failures
 * get a stable code and a message naming the field; the rest is logged and answered as a
 * bare 500 that leaks nothing.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = (error.details as { retryAfter?: unknown } | undefined)?.retryAfter
      if (error.code === 'TOO_MANY_REQUESTS' && typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter))
      return send(reply, error.code, error.message, error.details)
    }

    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => {
        const where = error.validationContext ?? 'body'
        const path = v.instancePath.split('/').filter(Boolean)
        const field = [where, ...path].join('.')
        return { field, message: v.message }
      })
      const code: ErrorCode = error.validationContext === 'querystring' ? 'INVALID_QUERY' : 'INVALID_BODY'
      const first = issues[0]
      return send(reply, code, first ? `${first.field}: ${first.message}` : undefined, { issues })
    }

    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 'MALFORMED_JSON', `body: ${error.message}`)
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 'PAYLOAD_TOO_LARGE')
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 'UNSUPPORTED_MEDIA_TYPE')
    }
    if (error.statusCode === 400 && /prototype|__proto__|constructor/i.test(error.message)) {
      return send(reply, 'MALFORMED_JSON', 'body: forbidden key __proto__ or constructor.prototype')
    }
    if (error.statusCode === 429) return send(reply, 'TOO_MANY_REQUESTS')

    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      reply.header('Retry-After', '5')
      return send(reply, 'DATABASE_UNAVAILABLE')
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error without a Sonde code')
      return send(reply, 'INVALID_BODY', error.message)
    }
    request.log.error({ err: error }, 'unexpected error')
    return send(reply, 'INTERNAL_ERROR')
  })

  app.setNotFoundHandler((request, reply) => send(reply, 'NOT_FOUND', `${request.method} ${request.url.split('?')[0]}: nothing here.`))
}
