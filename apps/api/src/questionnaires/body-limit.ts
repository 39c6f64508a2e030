import { QUESTIONNAIRE_LIMITS } from '@sonde/survey'

/**
 * The body limit of the routes that take a questionnaire: twice the largest questionnaire, so that
 * one over its limit (2 MiB of JSON) gets the lint's 422 naming the size, not a bare 413.
 */
export const questionnaireBodyLimit = 2 * QUESTIONNAIRE_LIMITS.bytes
