import type { FastifyServerOptions } from 'fastify'

// Each credential Sonde hands out, where it can travel: in a path (`/r/<link>`, `/api/r/<link>/…`),
// in a query (`?token=` of a reset link), in a header (Bearer API tokens, the session cookie), or
// as a JSON value named like a secret. Every rule keeps the text that says where the secret was.
const rules: [RegExp, string][] = [
  [/\/r\/[^/?#\s"'\\]+/g, '/r/<redacted>'],
  [/([?&;](?:token|reset|key)=)[^&#\s"'\\]+/gi, '$1<redacted>'],
  [/\b(bearer\s+)[^\s"'\\,]+/gi, '$1<redacted>'],
  [/\bsonde_[\w-]{20,}/g, 'sonde_<redacted>'],
  [/(sonde_session=)[^;\s"'\\,]+/g, '$1<redacted>'],
  [/("(?:token|password|authorization|cookie|set-cookie|linkSecret|secret)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, '$1<redacted>"'],
]

/**
 * Removes every link token, reset token, API token and session id from a text (ASVS 16.2.5:
 * logs hold no credentials). Applied to every log line as it is written, at every level, so
 * that no route, plugin or library can leak one by logging a URL, a header or an error.
 */
export function redactSecrets(text: string): string {
  let out = text
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement)
  return out
}

/** Where log lines go: standard output, or a test's sink. */
export interface LogSink {
  write(line: string): void
}

/**
 * Fastify's logger options: the given level, request lines without credentials (the URL is
 * redacted before it is logged, headers are never logged), and a last pass over each written
 * line for anything logged some other way.
 */
export function loggerOptions(level: string, sink?: LogSink): FastifyServerOptions['logger'] {
  return {
    level,
    ...(sink ? { stream: sink } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'],
      censor: '<redacted>',
    },
    serializers: {
      req(request: { method: string; url: string; ip?: string; host?: string }) {
        return { method: request.method, url: redactSecrets(request.url), host: request.host, remoteAddress: request.ip }
      },
    },
    hooks: { streamWrite: redactSecrets },
  }
}
