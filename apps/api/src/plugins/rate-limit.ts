import fp from 'fastify-plugin'
import { AppError } from '../errors'

function tooManyRequests(waitMs: number): AppError {
  return new AppError('TOO_MANY_REQUESTS', undefined, { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) })
}

/**
 * Fixed-window counters kept in process memory: at most `limit` events per key per window.
 * Checking and counting happen in one synchronous call (`take`, `tryTake`), so requests running
 * in parallel cannot slip past the limit between the check and the count. Several API
 * processes each keep their own counters; a shared store can replace this class without
 * touching its callers.
 */
export class FailureCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one event for `key`, or throws 429 TOO_MANY_REQUESTS (with Retry-After) once the limit is reached. */
  take(key: string, now = Date.now()): void {
    const wait = this.waitMs(key, now)
    if (wait > 0) throw tooManyRequests(wait)
    this.count(key, now)
  }

  /**
   * Counts one event for `key` and says whether it was within the limit, for answers that must
   * not change when the limit is reached (a 202 that sends nothing more, so that nobody learns
   * whether an address is known).
   */
  tryTake(key: string, now = Date.now()): boolean {
    if (this.waitMs(key, now) > 0) return false
    this.count(key, now)
    return true
  }

  /** Throws 429 once `key` reached its limit this window, without counting. */
  assertAllowed(key: string, now = Date.now()): void {
    const wait = this.waitMs(key, now)
    if (wait > 0) throw tooManyRequests(wait)
  }

  recordFailure(key: string, now = Date.now()): void {
    this.count(key, now)
  }

  reset(key: string): void {
    this.windows.delete(key)
  }

  private waitMs(key: string, now: number): number {
    const entry = this.windows.get(key)
    return entry && entry.resetAt > now && entry.count >= this.limit ? entry.resetAt - now : 0
  }

  private count(key: string, now: number): void {
    const entry = this.windows.get(key)
    if (!entry || entry.resetAt <= now) {
      if (this.windows.size > 100_000) this.sweep(now)
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs })
    } else {
      entry.count += 1
    }
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key)
  }
}

/**
 * Guesses of respondent links per client address. Only a miss is judged, after the lookup: a
 * link that exists is never refused, whatever other people sharing the address got wrong, and
 * an address past its limit gets 429 instead of 404 for its next unknown link.
 */
export class LinkGuessCounter extends FailureCounter {
  /** Counts an unknown link for `key`, or throws 429 once the address reached its limit. */
  recordMiss(key: string, now = Date.now()): void {
    this.take(key, now)
  }
}

export interface ThrottleOptions {
  /** Attempts allowed before any delay. */
  free: number
  /** The first delay; each further attempt doubles it, up to `maxDelayMs`. */
  baseDelayMs: number
  maxDelayMs: number
  /** A key with no attempt for this long starts afresh. */
  forgetAfterMs: number
  /**
   * What a successful attempt does: `forget` the key's history (the pair proved it knows the
   * password), or `refund` only that attempt (an address must not clear its failures by
   * logging in to an account of its own between guesses).
   */
  onSuccess: 'forget' | 'refund'
}

/**
 * Attempts per key with growing delays rather than a lock-out: after `free` attempts, each
 * further one must wait `baseDelayMs`, then twice as long, and so on up to `maxDelayMs`
 * (OWASP Authentication Cheat Sheet, "Login Throttling"; ASVS 6.3.1). Attempts count when
 * they start, so parallel requests cannot all pass the check before the first failure is
 * recorded; a success gives its attempt back.
 */
export class AttemptThrottle {
  private readonly entries = new Map<string, { count: number; blockedUntil: number; lastAt: number }>()

  constructor(readonly options: ThrottleOptions) {}

  /** How long `key` must still wait (ms), 0 when it may try now. */
  waitMs(key: string, now = Date.now()): number {
    const entry = this.live(key, now)
    return entry && entry.count >= this.options.free ? Math.max(0, entry.blockedUntil - now) : 0
  }

  /** Records the start of an attempt; call only once `waitMs` said 0 (see `beginAttempt`). */
  start(key: string, now = Date.now()): void {
    const { free, baseDelayMs, maxDelayMs } = this.options
    let entry = this.live(key, now)
    if (!entry) {
      if (this.entries.size > 100_000) this.sweep(now)
      entry = { count: 0, blockedUntil: 0, lastAt: now }
      this.entries.set(key, entry)
    }
    entry.count += 1
    entry.lastAt = now
    if (entry.count >= free) entry.blockedUntil = now + Math.min(maxDelayMs, baseDelayMs * 2 ** (entry.count - free))
  }

  succeeded(key: string): void {
    if (this.options.onSuccess === 'forget') this.entries.delete(key)
    else this.refund(key)
  }

  /** Gives an attempt back: it neither failed nor succeeded (the database was away). */
  refund(key: string): void {
    const entry = this.entries.get(key)
    if (entry) entry.count = Math.max(0, entry.count - 1)
  }

  private live(key: string, now: number) {
    const entry = this.entries.get(key)
    if (entry && now - entry.lastAt > this.options.forgetAfterMs && now >= entry.blockedUntil) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }

  private sweep(now: number): void {
    for (const key of [...this.entries.keys()]) this.live(key, now)
  }
}

export interface Attempt {
  /** The attempt succeeded: each throttle forgets or refunds it. */
  succeeded(): void
  /** The attempt could not be judged (the database failed): it is given back everywhere. */
  cancel(): void
}

/**
 * Starts one attempt on every (throttle, key) pair, or on none: throws 429 with the longest
 * wait when any of them must still wait. Check and count happen in one synchronous call.
 */
export function beginAttempt(pairs: readonly (readonly [AttemptThrottle, string])[], now = Date.now()): Attempt {
  const wait = Math.max(0, ...pairs.map(([throttle, key]) => throttle.waitMs(key, now)))
  if (wait > 0) throw tooManyRequests(wait)
  for (const [throttle, key] of pairs) throttle.start(key, now)
  return {
    succeeded() {
      for (const [throttle, key] of pairs) throttle.succeeded(key)
    },
    cancel() {
      for (const [throttle, key] of pairs) throttle.refund(key)
    },
  }
}

export interface RateLimits {
  /** Login attempts per (account, client address), with growing delays: nobody else is locked out. */
  loginPerAccountAddress: AttemptThrottle
  /** Failed logins per client address, whatever the account, with growing delays. */
  loginPerAddress: AttemptThrottle
  /** Unknown respondent links per client address — kept apart from the login counters. */
  linkGuessesPerAddress: LinkGuessCounter
  /** Password reset requests per client address (every request counts). */
  resetRequestsPerAddress: FailureCounter
  /** Self-registrations through a wave's open link per client address (every request counts). */
  joinsPerAddress: FailureCounter
  /** E-mails the open link sends to one address (key: the lower-cased address), per hour; use `tryTake`. */
  openLinkSendsPerTarget: FailureCounter
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimits: RateLimits
  }
}

export interface RateLimitOptions {
  /** Free login attempts per (account, address) before the delays start (default 5). */
  loginPerAccountAddress?: number
  /** Free login attempts per address before the delays start (default 20). */
  loginPerAddress?: number
  /** First login delay once the free attempts are used (default 2 s), doubling up to 15 minutes. */
  loginBaseDelayMs?: number
  linkGuessesPerAddress?: number
  resetRequestsPerAddress?: number
  joinsPerAddress?: number
  openLinkSendsPerTarget?: number
}

export default fp(
  async function rateLimit(app, options: RateLimitOptions) {
    const minute = 60_000
    const login = (free: number, onSuccess: ThrottleOptions['onSuccess']) =>
      new AttemptThrottle({
        free,
        baseDelayMs: options.loginBaseDelayMs ?? 2_000,
        maxDelayMs: 15 * minute,
        forgetAfterMs: 60 * minute,
        onSuccess,
      })
    app.decorate('rateLimits', {
      loginPerAccountAddress: login(options.loginPerAccountAddress ?? 5, 'forget'),
      loginPerAddress: login(options.loginPerAddress ?? 20, 'refund'),
      linkGuessesPerAddress: new LinkGuessCounter(options.linkGuessesPerAddress ?? 10, minute),
      resetRequestsPerAddress: new FailureCounter(options.resetRequestsPerAddress ?? 5, minute),
      joinsPerAddress: new FailureCounter(options.joinsPerAddress ?? 5, minute),
      openLinkSendsPerTarget: new FailureCounter(options.openLinkSendsPerTarget ?? 3, 60 * minute),
    } satisfies RateLimits)
  },
  { name: 'rate-limit' },
)
