import type { ApiErrorCode } from '@sonde/contracts'

/**
 * Every error code the API answers, with its HTTP status and default message. The README's
 * error table mirrors this one (a test fails when they drift). Codes are stable: clients
 * branch on them; messages may change.
 */
export const errorTable = {
  MALFORMED_JSON: { status: 400, message: 'The body is not valid JSON.' },
  MALFORMED_URL: { status: 400, message: 'The address is malformed: a percent-encoding that is not UTF-8.' },
  INVALID_BODY: { status: 400, message: 'The request does not match the expected shape; details name the field.' },
  INVALID_QUERY: { status: 400, message: 'A query parameter is missing or invalid; details name it.' },
  UNKNOWN_QUESTION: { status: 400, message: 'An answer names a question that is not in the questionnaire.' },
  INVALID_ANSWER: { status: 400, message: 'An answer has the wrong type or holds characters that cannot be stored.' },
  INVALID_REVISION: { status: 400, message: 'baseRevision is ahead of the server: reload the response.' },
  IMPORT_INVALID: { status: 400, message: 'The file cannot be read; the message says why.' },
  UNKNOWN_FAMILY: { status: 400, message: 'A family key is not one of this wave.' },
  UNKNOWN_DIMENSION: { status: 400, message: 'The dimension is not one Sonde can cross the families with; details list them.' },
  RESET_TOKEN_INVALID: { status: 400, message: 'This password reset link is unknown, used or expired: ask for a new one.' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: 'The Idempotency-Key header (1–200 visible characters) is required.' },
  UNAUTHENTICATED: { status: 401, message: 'Log in first.' },
  INVALID_CREDENTIALS: { status: 401, message: 'Unknown e-mail or wrong password.' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this.' },
  MICRODATA_FORBIDDEN: { status: 403, message: 'The microdata need a permission that an admin grants to each researcher.' },
  CROSS_SITE_REQUEST: { status: 403, message: 'State-changing requests must come from this site.' },
  NOT_FOUND: { status: 404, message: 'Nothing here.' },
  INVITATION_NOT_FOUND: { status: 404, message: 'This invitation link is unknown or no longer valid.' },
  ORGANISATION_NOT_FOUND: { status: 404, message: 'No such organisation in this wave.' },
  USER_NOT_FOUND: { status: 404, message: 'No such user.' },
  WAVE_NOT_FOUND: { status: 404, message: 'No such wave.' },
  RELEASE_NOT_FOUND: { status: 404, message: 'No such release of this wave.' },
  PUBLIC_PAGE_NOT_FOUND: { status: 404, message: 'This wave has no public results page.' },
  QUESTIONNAIRE_VERSION_NOT_FOUND: { status: 404, message: 'No such version of this wave’s questionnaire.' },
  CLAIM_NOT_FOUND: { status: 404, message: 'No such request waiting for a decision in this wave.' },
  ANSWER_CONFLICT: { status: 409, message: 'Someone else changed these answers meanwhile; nothing was written.' },
  EDIT_AFTER_SUBMIT_DISABLED: { status: 409, message: 'This wave does not allow changing answers after submitting.' },
  WAVE_NOT_OPEN: { status: 409, message: 'The wave is not open: answers cannot be changed.' },
  ALREADY_SUBMITTED: { status: 409, message: 'These answers were already submitted.' },
  REVISION_MISMATCH: { status: 409, message: 'The answers changed since this revision: submit the current revision.' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: 'This Idempotency-Key was already used for another request.' },
  ORGANISATION_EXISTS: { status: 409, message: 'An organisation with this SIREN or e-mail already exists.' },
  USER_EXISTS: { status: 409, message: 'A user with this e-mail already exists.' },
  SLUG_TAKEN: { status: 409, message: 'Another wave already has this slug.' },
  QUESTIONNAIRE_FROZEN: { status: 409, message: 'The questionnaire’s structure is frozen once the wave has opened: only wording fixes are accepted.' },
  QUESTIONNAIRE_CHANGED: { status: 409, message: 'Someone saved another version of the questionnaire meanwhile; nothing was written.' },
  RESULTS_NOT_PUBLISHED: { status: 409, message: 'The results of this wave are not published yet.' },
  RESULTS_NOT_RELEASED: { status: 409, message: 'This wave has no release yet: results are read from releases.' },
  RELEASE_REFUSED: {
    status: 409,
    message: 'Some cells moved by fewer organisations than the minimum since an earlier release; details list them.',
  },
  RELEASE_BUSY: { status: 409, message: 'Responses kept arriving while the release was computed: try again in a moment.' },
  INVALID_TRANSITION: { status: 409, message: 'The wave cannot move to that status from its current one.' },
  NO_ADDRESS_ON_FILE: { status: 409, message: 'The organisation has no e-mail address on file: send the link to the new address instead.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The body is larger than allowed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send application/json.' },
  QUESTIONNAIRE_INVALID: { status: 422, message: 'The questionnaire has errors; details list them.' },
  INDICATORS_INVALID: { status: 422, message: 'Some indicator definitions do not fit the questionnaire or the wave; details list each problem.' },
  VALIDATION_FAILED: { status: 422, message: 'Some answers do not satisfy the questionnaire; details list them.' },
  BUNDLE_INVALID: { status: 422, message: 'The bundle cannot be imported; details list each problem. Nothing was created.' },
  SPREADSHEET_INVALID: { status: 422, message: 'The spreadsheet cannot become the questionnaire; details list each problem. Nothing was saved.' },
  SCHEDULE_INVALID: { status: 422, message: 'The wave’s dates do not fit together; details name the field.' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests: wait before trying again.' },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on our side; it has been logged.' },
  SERVER_BUSY: { status: 503, message: 'The server is busy: nothing was changed; try again in a moment.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is unreachable; try again in a moment.' },
  STORAGE_FULL: { status: 503, message: 'The database disk is full: nothing was saved; try again once space is freed.' },
  STORAGE_READ_ONLY: { status: 503, message: 'The database takes no writes (read-only disk): nothing was saved; try again later.' },
  SHUTTING_DOWN: { status: 503, message: 'The server is restarting; try again in a moment.' },
} as const satisfies Record<ApiErrorCode, { status: number; message: string }>

export type ErrorCode = keyof typeof errorTable

/** A known failure: the error handler answers it as `{ code, message, details }` with its status. */
export class AppError extends Error {
  readonly statusCode: number

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? errorTable[code].message)
    this.name = 'AppError'
    this.statusCode = errorTable[code].status
  }
}
