import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { AttemptThrottle, FailureCounter, LinkGuessCounter, beginAttempt } from './rate-limit'

const second = 1_000
const throttle = (onSuccess: 'forget' | 'refund' = 'forget') =>
  new AttemptThrottle({ free: 3, baseDelayMs: 2 * second, maxDelayMs: 60 * second, forgetAfterMs: 3_600 * second, onSuccess })

function refusal(run: () => unknown): { code: string; retryAfter: number } | null {
  try {
    run()
    return null
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    return { code: error.code, retryAfter: (error.details as { retryAfter: number }).retryAfter }
  }
}

describe('AttemptThrottle', () => {
  it('lets the free attempts through, then makes each further one wait twice as long, up to the cap', () => {
    const t = throttle()
    const start = 1_000_000
    for (let i = 0; i < 3; i++) expect(refusal(() => beginAttempt([[t, 'k']], start))).toBeNull()
    // Waits after the 3rd, 4th, 5th… attempt: 2 s, 4 s, 8 s, 16 s, 32 s, then the 60 s cap.
    let now = start
    for (const wait of [2, 4, 8, 16, 32, 60, 60]) {
      expect(refusal(() => beginAttempt([[t, 'k']], now))).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: wait })
      expect(refusal(() => beginAttempt([[t, 'k']], now + wait * second - 1))).not.toBeNull()
      now += wait * second
      expect(refusal(() => beginAttempt([[t, 'k']], now))).toBeNull()
    }
  })

  it('counts an attempt when it starts, so that parallel attempts cannot exceed the free ones', () => {
    const t = throttle()
    const started = Array.from({ length: 20 }, () => refusal(() => beginAttempt([[t, 'k']], 0)))
    expect(started.filter((r) => r === null)).toHaveLength(3)
  })

  it('keeps keys apart: one key waiting does not slow another', () => {
    const t = throttle()
    for (let i = 0; i < 3; i++) beginAttempt([[t, 'attacker']], 0)
    expect(refusal(() => beginAttempt([[t, 'attacker']], 0))).not.toBeNull()
    expect(refusal(() => beginAttempt([[t, 'owner']], 0))).toBeNull()
  })

  it('forgets a key after a success, or only gives that attempt back', () => {
    const forget = throttle('forget')
    const refund = throttle('refund')
    for (let i = 0; i < 2; i++)
      beginAttempt(
        [
          [forget, 'k'],
          [refund, 'k'],
        ],
        0,
      )
    beginAttempt(
      [
        [forget, 'k'],
        [refund, 'k'],
      ],
      0,
    ).succeeded()
    // forget: three more free attempts; refund: two failures remain, one more is free.
    expect([1, 2, 3].map(() => refusal(() => beginAttempt([[forget, 'k']], 0)))).toEqual([null, null, null])
    expect([1, 2].map(() => refusal(() => beginAttempt([[refund, 'k']], 0)) === null)).toEqual([true, false])
  })

  it('starts an attempt on every pair or on none', () => {
    const pair = throttle()
    const address = throttle()
    for (let i = 0; i < 3; i++) beginAttempt([[address, 'ip']], 0)
    expect(
      refusal(() =>
        beginAttempt(
          [
            [pair, 'a\nip'],
            [address, 'ip'],
          ],
          0,
        ),
      ),
    ).not.toBeNull()
    // The refused attempt did not count on the pair that would have allowed it.
    expect([1, 2, 3].map(() => refusal(() => beginAttempt([[pair, 'a\nip']], 0)))).toEqual([null, null, null])
  })

  it('gives a cancelled attempt back', () => {
    const t = throttle()
    for (let i = 0; i < 10; i++) beginAttempt([[t, 'k']], 0).cancel()
    expect(refusal(() => beginAttempt([[t, 'k']], 0))).toBeNull()
  })

  it('starts afresh after a long silence', () => {
    const t = throttle()
    for (let i = 0; i < 3; i++) beginAttempt([[t, 'k']], 0)
    expect(refusal(() => beginAttempt([[t, 'k']], 3_600 * second + 1))).toBeNull()
  })
})

describe('FailureCounter', () => {
  it('take counts and refuses in one call; tryTake says no without throwing', () => {
    const c = new FailureCounter(2, 60 * second)
    c.take('k', 0)
    expect(c.tryTake('k', 0)).toBe(true)
    expect(c.tryTake('k', 0)).toBe(false)
    expect(refusal(() => c.take('k', 30 * second))).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: 30 })
    expect(c.tryTake('k', 60 * second)).toBe(true)
  })
})

describe('LinkGuessCounter', () => {
  it('refuses nothing before the lookup, and only unknown links once the limit is reached', () => {
    const c = new LinkGuessCounter(2, 60 * second)
    c.recordMiss('ip', 0)
    c.recordMiss('ip', 0)
    expect(() => c.assertAllowed('ip')).not.toThrow()
    expect(refusal(() => c.recordMiss('ip', 0))?.code).toBe('TOO_MANY_REQUESTS')
  })
})
