import type { SubmitResult } from '@sonde/contracts'
import { ApiError, isRetryable, requestJson } from '../../api/http'
import { newUuid } from '../new-uuid'

const RETRY_DELAYS_MS = [1000, 2000, 4000]

interface StoredAttempt {
  key: string
  revision: number
}

const keyFor = (token: string) => `sonde.submit.${token}`

/**
 * The Idempotency-Key of this submit attempt. It is kept in sessionStorage until the server gives a
 * definite answer, so that a retry after a lost response (or a reload during the request) names the
 * same attempt and can never create a second submission. Answers changed since (a new revision)
 * make a new attempt, hence a new key.
 */
function attemptKey(storage: Storage | undefined, token: string, revision: number): string {
  try {
    const raw = storage?.getItem(keyFor(token))
    if (raw) {
      const stored = JSON.parse(raw) as Partial<StoredAttempt>
      if (typeof stored.key === 'string' && stored.revision === revision) return stored.key
    }
  } catch {
    // Unreadable: start a new attempt.
  }
  const key = newUuid()
  try {
    storage?.setItem(keyFor(token), JSON.stringify({ key, revision } satisfies StoredAttempt))
  } catch {
    // Without storage the key still covers the retries below.
  }
  return key
}

function forgetAttempt(storage: Storage | undefined, token: string): void {
  try {
    storage?.removeItem(keyFor(token))
  } catch {
    // Nothing to forget.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * `POST /api/r/{token}/submit { revision }` with an Idempotency-Key, retried with backoff on
 * network errors and 5xx. Rejects with the last error (an `ApiError` for a definite refusal such as
 * 422 VALIDATION_FAILED).
 */
export async function submitResponse(token: string, revision: number, storage?: Storage): Promise<SubmitResult> {
  const key = attemptKey(storage, token, revision)
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await requestJson<SubmitResult>('POST', `/api/r/${encodeURIComponent(token)}/submit`, {
        body: { revision },
        headers: { 'Idempotency-Key': key },
        // Retrying after a timeout is safe: the same key cannot make a second submission.
        timeoutMs: 60_000,
      })
      forgetAttempt(storage, token)
      return result
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt]
      if (isRetryable(error) && delay !== undefined) {
        await sleep(delay)
        continue
      }
      // A definite answer ends this attempt; an unanswered one keeps its key for the next click.
      if (error instanceof ApiError && !isRetryable(error)) forgetAttempt(storage, token)
      throw error
    }
  }
}
