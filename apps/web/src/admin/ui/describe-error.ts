import { ApiError, NetworkError } from '../../api/http'
import { errorMessage, t, type MessageKey } from '../../i18n'

// The refusals a person can do something about, said in their words; the others name their code.
const known: Partial<Record<string, MessageKey>> = {
  FORBIDDEN: 'admin.error.FORBIDDEN',
  UNAUTHENTICATED: 'admin.error.UNAUTHENTICATED',
  SLUG_TAKEN: 'admin.error.SLUG_TAKEN',
  INVALID_TRANSITION: 'admin.error.INVALID_TRANSITION',
  QUESTIONNAIRE_FROZEN: 'admin.error.QUESTIONNAIRE_FROZEN',
  ORGANISATION_EXISTS: 'admin.error.ORGANISATION_EXISTS',
  UNKNOWN_FAMILY: 'admin.error.UNKNOWN_FAMILY',
  WAVE_NOT_FOUND: 'admin.error.WAVE_NOT_FOUND',
  ORGANISATION_NOT_FOUND: 'admin.error.ORGANISATION_NOT_FOUND',
  PAYLOAD_TOO_LARGE: 'admin.error.PAYLOAD_TOO_LARGE',
  TOO_MANY_REQUESTS: 'admin.error.TOO_MANY_REQUESTS',
  EMAIL_TAKEN: 'admin.error.EMAIL_TAKEN',
  USER_EXISTS: 'admin.error.EMAIL_TAKEN',
}

/** One sentence for a failed request; the server's own words are added when they name a field. */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return t('common.error.network')
  if (!(error instanceof ApiError)) return t('common.error.unexpected', { code: 'UNKNOWN' })
  const key = known[error.code]
  if (key) return t(key)
  // The import's own reasons are written in French for the person (apps/api/src/organisations/import-csv.ts);
  // the other messages of the API are English, for developers: never shown.
  if (error.code === 'IMPORT_INVALID') return t('admin.error.invalid', { detail: error.message })
  // A route this server does not have (yet): an older API than the console.
  if (error.code === 'NOT_FOUND') return t('admin.error.NOT_FOUND')
  return errorMessage(error.code)
}
