import fp from 'fastify-plugin'
import { AppError } from '../errors'

/**
 * Fixed-window failure counters kept in process memory. Only failures count (a wrong password, an
 * unknown link), so people who get it right are never slowed down. Several API processes each
 * keep their own counters; a shared store can replace this class without touching its callers.
 */
export class FailureCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Throws 429 TOO_MANY_REQUESTS (with Retry-After) once `key` reached its limit this window. */
  assertAllowed(key: string, now = Date.now()): void {
    const entry = this.windows.get(key)
    if (entry && entry.resetAt > now && entry.count >= this.limit) {
      throw new AppError('TOO_MANY_REQUESTS', undefined, { retryAfter: Math.ceil((entry.resetAt - now) / 1000) })
    }
  }

  recordFailure(key: string, now = Date.now()): void {
    const entry = this.windows.get(key)
    if (!entry || entry.resetAt <= now) {
      if (this.windows.size > 100_000) this.sweep(now)
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs })
    } else {
      entry.count += 1
    }
  }

  reset(key: string): void {
    this.windows.delete(key)
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key)
  }
}

export interface RateLimits {
  /** Failed logins per account (e-mail). */
  loginPerAccount: FailureCounter
  /** Failed logins per client address. */
  loginPerAddress: FailureCounter
  /** Unknown respondent links per client address — kept apart from the login counters. */
  linkGuessesPerAddress: FailureCounter
  /** Password reset requests per client address (every request counts). */
  resetRequestsPerAddress: FailureCounter
  /** Self-registrations through a wave's open link per client address (every request counts). */
  joinsPerAddress: FailureCounter
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimits: RateLimits
  }
}

export interface RateLimitOptions {
  loginPerAccount?: number
  loginPerAddress?: number
  linkGuessesPerAddress?: number
  resetRequestsPerAddress?: number
  joinsPerAddress?: number
}

export default fp(
  async function rateLimit(app, options: RateLimitOptions) {
    const minute = 60_000
    app.decorate('rateLimits', {
      loginPerAccount: new FailureCounter(options.loginPerAccount ?? 5, minute),
      loginPerAddress: new FailureCounter(options.loginPerAddress ?? 20, minute),
      linkGuessesPerAddress: new FailureCounter(options.linkGuessesPerAddress ?? 10, minute),
      resetRequestsPerAddress: new FailureCounter(options.resetRequestsPerAddress ?? 5, minute),
      joinsPerAddress: new FailureCounter(options.joinsPerAddress ?? 5, minute),
    })
  },
  { name: 'rate-limit' },
)
