import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { checkStorage, storageCodeOf, storageReason, type StorageCode } from '@sonde/db'
import { AppError, errorTable, type ErrorCode } from './errors'

// pg and network codes meaning "the database is not there right now".
const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'])
const unavailableMessages = /Connection terminated|Client has encountered a connection error|connect ECONNREFUSED/

// pg-pool's words when every connection of the pool stayed busy for `connectionTimeoutMillis`: the
// database answers, the server has more work than connections — a queue, not an outage. (A new
// connection that cannot be opened in time fails with "Connection terminated due to connection
// timeout" instead, which is an outage.)
const poolBusyMessage = 'timeout exceeded when trying to connect'

function isPoolBusy(error: unknown): boolean {
  return (error as { message?: unknown }).message === poolBusyMessage
}

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; syscall?: unknown }
  return (
    (typeof e.code === 'string' && unavailableCodes.has(e.code)) ||
    // The embedded database's Unix socket is gone for a moment while it restarts.
    (e.code === 'ENOENT' && e.syscall === 'connect') ||
    (typeof e.message === 'string' && unavailableMessages.test(e.message))
  )
}

// Answers that say "come back later": the client (the respondent page) keeps its answers and retries.
const retryLater: Partial<Record<ErrorCode, string>> = {
  SERVER_BUSY: '2',
  SHUTTING_DOWN: '5',
  DATABASE_UNAVAILABLE: '5',
  STORAGE_FULL: '30',
  STORAGE_READ_ONLY: '30',
}

function send(reply: import('fastify').FastifyReply, code: ErrorCode, message?: string, details?: unknown) {
  const body: { code: ErrorCode; message: string; details?: unknown } = {
    code,
    message: message ?? errorTable[code].message,
  }
  if (details !== undefined) body.details = details
  const retryAfter = retryLater[code]
  if (retryAfter) reply.header('Retry-After', retryAfter)
  return reply.code(errorTable[code].status).type('application/json; charset=utf-8').send(body)
}

const storageLogEveryMs = 30_000

/**
 * The storage problem behind a failed request, if any: what the database said (SQLSTATE 53100,
 * 25006, "Read-only file system"), or — when the embedded database dropped the connection — what
 * the disk of its folder shows.
 */
function storageProblemOf(error: unknown, dataDir: string | null): StorageCode | null {
  const code = storageCodeOf(error)
  if (code) return code
  return dataDir && isDatabaseUnavailable(error) ? (checkStorage(dataDir)?.code ?? null) : null
}

/**
 * Fastify's own refusals, before any route is chosen (the `frameworkErrors` option), get Sonde's
 * JSON error like every other refusal: a URL whose percent-encoding is not UTF-8, and a path
 * segment over the router's 100 characters — longer than any id, link or slug, so nothing is there.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL') {
    void send(reply, 'MALFORMED_URL', `url: ${errorTable.MALFORMED_URL.message}`)
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void send(reply, 'NOT_FOUND', `${request.method} ${request.url.split('?')[0]!.slice(0, 200)}: nothing here.`)
  } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    void send(reply, 'INVALID_BODY', error.message)
  } else {
    request.log.error({ err: error }, 'unexpected error before routing')
    void send(reply, 'INTERNAL_ERROR')
  }
}

/**
 * The one place where failures become HTTP answers: known errors keep their code and
 * status; Fastify's own (bad JSON, wrong content type, body too large) and schema failures
 * get a stable code and a message naming the field; a full or read-only disk gets 503
 * STORAGE_FULL / STORAGE_READ_ONLY and a log line naming the disk's folder (at most one every
 * 30 s per code: autosaves would otherwise fill the log of a full disk); the rest is logged and
 * answered as a bare 500 that leaks nothing.
 */
export function installErrorHandler(app: FastifyInstance, options: { dataDir: string | null } = { dataDir: null }): void {
  const lastStorageLog = new Map<StorageCode, { at: number; since: number }>()
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
        return send(reply, 'PAYLOAD_TOO_LARGE', `body: la requête dépasse ${mebibytes(bodyLimitOf(request))}, la taille permise ici.`)
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 'UNSUPPORTED_MEDIA_TYPE')
    }
    if (error.statusCode === 400 && /prototype|__proto__|constructor/i.test(error.message)) {
      return send(reply, 'MALFORMED_JSON', 'body: forbidden key __proto__ or constructor.prototype')
    }
    if (error.statusCode === 429) return send(reply, 'TOO_MANY_REQUESTS')

    const badValue = badValueOf(error, request)
    if (badValue) {
      request.log.info({ err: error }, 'a value the database cannot take')
      return send(reply, badValue.code, badValue.message)
    }

    const storage = storageProblemOf(error, options.dataDir)
    if (storage) {
      const now = Date.now()
      const last = lastStorageLog.get(storage)
      if (!last || now - last.at >= storageLogEveryMs) {
        const folder = options.dataDir
        const suppressed = last ? last.since : 0
        request.log.error(
          { err: error, code: storage, folder, suppressed },
          `${storage === 'STORAGE_FULL' ? 'disk full' : 'disk read-only'}: ${storageReason(storage, folder)}; writes get 503 ${storage}`,
        )
        lastStorageLog.set(storage, { at: now, since: 0 })
      } else {
        last.since += 1
      }
      return send(reply, storage)
    }
    if (isPoolBusy(error)) {
      request.log.warn({ err: error }, 'server busy: no database connection free in time')
      return send(reply, 'SERVER_BUSY')
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable')
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

// Member files (text/csv) have a parser of their own, with a larger limit (routes/organisations).
const csvBodyLimit = 10 * 1024 * 1024

function bodyLimitOf(request: FastifyRequest): number {
  return /^(?:text|application)\/csv\b/i.test(request.headers['content-type'] ?? '') ? csvBodyLimit : request.routeOptions.bodyLimit
}

function mebibytes(bytes: number): string {
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} Mio`
}

// SQLSTATEs of class 22 ("data exception") for values a request can carry and the database
// cannot take: a NUL character in text (22021) or in jsonb (22P05), a number out of range
// (22003), a text of the wrong form for its column (22P02, 22007, 22008), a text too long (22001).
const badValueCodes = new Set(['22021', '22P05', '22003', '22P02', '22007', '22008', '22001'])

/**
 * A request refused by the database for one of its values: a 400 naming the field when it can be
 * found (a NUL character, which no route can store), never a 500. The transaction it ran in is
 * rolled back, so nothing was stored.
 */
function badValueOf(error: unknown, request: FastifyRequest): { code: ErrorCode; message: string } | null {
  const sqlState = (error as { code?: unknown }).code
  if (typeof sqlState !== 'string' || !badValueCodes.has(sqlState)) return null
  const places = [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ] as const
  for (const [where, value] of places) {
    const field = fieldHolding(value, (text) => text.includes('\u0000'))
    if (field !== null) {
      return {
        code: where === 'querystring' ? 'INVALID_QUERY' : 'INVALID_BODY',
        message: `${[where === 'querystring' ? 'query' : where, field].filter(Boolean).join('.')}: contient un caractère NUL (\\u0000), qui ne peut pas être enregistré.`,
      }
    }
  }
  const message =
    sqlState === '22003'
      ? 'Un nombre de la requête dépasse ce que la base de données peut enregistrer.'
      : sqlState === '22001'
        ? 'Un texte de la requête est plus long que ce que la base de données peut enregistrer.'
        : 'Une valeur de la requête n’a pas la forme attendue par la base de données.'
  return { code: request.method === 'GET' ? 'INVALID_QUERY' : 'INVALID_BODY', message }
}

/** The path of the first string (or key) in a request's value that `test` holds for, walked without recursion; '' for the value itself. */
function fieldHolding(value: unknown, test: (text: string) => boolean): string | null {
  const stack: [unknown, string][] = [[value, '']]
  for (let visited = 0; stack.length > 0 && visited < 100_000; visited++) {
    const [item, path] = stack.pop()!
    if (typeof item === 'string') {
      if (test(item)) return path
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item)) {
        const at = path === '' ? key : `${path}.${key}`
        if (test(key)) return at
        stack.push([inner, at])
      }
    }
  }
  return null
}
