import type { ErrorBody } from '@sonde/contracts'

/** The API answered with an error body `{ code, message, details? }` (or something we could not read). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, body: Partial<ErrorBody> | undefined) {
    super(body?.message ?? `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = body?.code ?? `HTTP_${status}`
    this.details = body?.details
  }
}

/** The request never got an answer: offline, DNS, connection reset, server down. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('Network error', { cause })
    this.name = 'NetworkError'
  }
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown
  /** Sent as it is, with its media type (a file the server reads itself). */
  raw?: { contentType: string; data: BodyInit }
  headers?: Record<string, string>
  signal?: AbortSignal
  /** Give up after this long (a hung connection must not block autosave for ever). */
  timeoutMs?: number
}

/**
 * One JSON request to our own API (same origin, cookies included). Resolves with the parsed body
 * of a 2xx answer; rejects with `ApiError` for any other status and `NetworkError` when no answer came.
 */
export async function requestJson<T>(method: string, url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  let body: BodyInit | undefined
  if (options.raw) {
    headers['Content-Type'] = options.raw.contentType
    body = options.raw.data
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: combineSignals(options.signal, options.timeoutMs),
    })
  } catch (error) {
    // Aborted by the caller: not a failure to report. A timeout is a network failure (retried).
    if (error instanceof DOMException && error.name === 'AbortError' && options.signal?.aborted) throw error
    throw new NetworkError(error)
  }
  const text = await response.text().catch(() => '')
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  if (!response.ok) throw new ApiError(response.status, parsed as Partial<ErrorBody> | undefined)
  return parsed as T
}

function combineSignals(signal: AbortSignal | undefined, timeoutMs: number | undefined): AbortSignal | undefined {
  if (timeoutMs === undefined || typeof AbortSignal.timeout !== 'function') return signal
  const timeout = AbortSignal.timeout(timeoutMs)
  if (!signal) return timeout
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([signal, timeout]) : signal
}

/** Network failures and server-side trouble are worth retrying; a 4xx answer (but 408/429) is final. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof NetworkError) return true
  if (error instanceof ApiError) return error.status >= 500 || error.status === 408 || error.status === 429
  return false
}
