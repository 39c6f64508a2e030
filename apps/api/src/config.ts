import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { EMAIL_PATTERN, PasswordSchema } from '@sonde/contracts'
import { TrustProxySchema, type TrustProxy } from './trust-proxy'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

const booleanText = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

/** The environment Sonde reads, parsed once at start-up (server.ts, cli.ts). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .optional()
    .describe('PostgreSQL server; unset = embedded database'),
  SONDE_DATA_DIR: z
    .string()
    .min(1)
    .default(path.join(repoRoot, '.sonde', 'data')),
  SONDE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SONDE_ADMIN_EMAIL: z.email({ pattern: EMAIL_PATTERN }).default('admin@example.org'),
  SONDE_ADMIN_PASSWORD: PasswordSchema.optional(),
  SONDE_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SONDE_SMTP_URL: z
    .url({ protocol: /^smtps?$/ })
    .optional()
    .describe('smtp://user:password@host:587'),
  SONDE_MAIL_FROM: z.string().min(3).default('Sonde <no-reply@localhost>'),
  SONDE_DEMO: booleanText.default(true),
  SONDE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(120),
  SONDE_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  SONDE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SONDE_TRUST_PROXY: TrustProxySchema.default(false),
  SONDE_WEB_DIST: z
    .string()
    .min(1)
    .default(path.join(repoRoot, 'apps', 'web', 'dist')),
})
export type Env = z.infer<typeof EnvSchema>

/** What buildApp needs: everything resolved, nothing read from process.env afterwards. */
export interface AppConfig {
  databaseUrl: string
  baseUrl: string
  /** Secret that invitation link tokens are derived from (SONDE_SECRET, or generated once). */
  linkSecret: string
  logLevel: Env['SONDE_LOG_LEVEL']
  /** Who may give the client's address in X-Forwarded-For (trust-proxy.ts). */
  trustProxy: TrustProxy
  /** Where log lines go instead of standard output (tests read them); every line is redacted (logging.ts). */
  logSink?: import('./logging').LogSink
  sessionIdleMinutes: number
  sessionMaxHours: number
  /** SMTP server for e-mails, or null: messages then wait in the outbox, shown in the console. */
  smtp: { url: string; from: string } | null
  /** How often the e-mail worker runs (ms); 0 = only when asked (tests). */
  outboxIntervalMs: number
  /** How often the retention job runs, and once at start-up (ms; default hourly); 0 = only when asked (tests). */
  retentionIntervalMs?: number
  /** How often the scheduler opens and closes waves and sends planned reminders, and once at start-up (ms; default 30 s); 0 = only when asked (tests). */
  scheduleIntervalMs?: number
  /** Failure limits per minute (defaults in plugins/rate-limit.ts); tests lower them. */
  rateLimits?: import('./plugins/rate-limit').RateLimitOptions
  /** Folder of the built web app, or null to serve the API only (tests). */
  webDist: string | null
  /** Connections of the request pool (default 10); `/api/health` has one more of its own. */
  poolSize?: number
  /** Folder of the embedded database, named in storage errors and checked by /api/health; null or unset on a PostgreSQL server. */
  dataDir?: string | null
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses the environment; a bad value throws one ConfigError listing every bad variable. */
export function parseEnv(env: NodeJS.ProcessEnv): Readonly<Env> {
  const cleaned = Object.fromEntries(Object.keys(EnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]))
  const result = EnvSchema.safeParse(cleaned)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`))
  }
  return Object.freeze(result.data)
}

/** The public address people reach, used for every link Sonde builds (never the Host header). */
export function resolveBaseUrl(env: Env, port: number): string {
  if (env.SONDE_BASE_URL) return env.SONDE_BASE_URL.replace(/\/+$/, '')
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}
