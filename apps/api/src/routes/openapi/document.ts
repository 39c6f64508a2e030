import { ErrorBodySchema } from '@sonde/contracts'
import type { Access } from '../../plugins/access'

// What @fastify/swagger cannot infer from the route schemas, added to its document: who may call
// each operation, the errors it answers, the media type of the files it sends, a summary and a
// stable operationId. The result passes Redocly's `recommended` rules (test/openapi.int.test.ts).

interface Operation {
  summary?: string
  operationId?: string
  tags?: string[]
  parameters?: { name: string; in: string; description?: string }[]
  security?: Record<string, string[]>[]
  responses?: Record<string, unknown>
}

/** The part of an OpenAPI 3 document this module reads and completes. */
export interface OpenApiDocument {
  info: Record<string, unknown>
  servers?: { url: string; description?: string }[]
  tags?: { name: string; description: string }[]
  paths?: Record<string, Record<string, Operation>>
  components?: Record<string, Record<string, unknown>>
}

/** How a client proves who it is: the session cookie of the web app, or an API token. */
const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sonde_session',
    description: 'The session cookie set by `POST /api/auth/login` (HttpOnly); state-changing requests must also come from this site.',
  },
  apiToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sonde_…',
    description: 'A personal API token (`POST /api/tokens`), sent as `Authorization: Bearer sonde_…`; it acts with its owner’s role.',
  },
}

const errorBody = { $ref: '#/components/schemas/Error' }
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } })

/** The error answers, each `{ code, message, details? }`; the README lists every code with its status. */
const errorResponses = {
  BadRequest: errorResponse('The request is malformed or does not match the schema (`INVALID_QUERY`, `INVALID_BODY`, `MALFORMED_URL`…).'),
  Unauthenticated: errorResponse('No valid session or API token (`UNAUTHENTICATED`).'),
  Forbidden: errorResponse('The role does not allow this, or a state-changing request came from another site (`FORBIDDEN`, `CROSS_SITE_REQUEST`).'),
  NotFound: errorResponse('The resource named in the path does not exist, or the invitation link is unknown or revoked.'),
  TooManyRequests: errorResponse('Too many requests from this address (`TOO_MANY_REQUESTS`): wait and try again.'),
  UnexpectedError: errorResponse('Any other error: the code and status are in the README’s error table (409 conflicts, 5xx).'),
}

/** The files the API sends, by route: the media type a client receives. */
const downloads: Record<string, string> = {
  'GET /api/r/{token}/answers.json': 'application/json',
  'GET /api/r/{token}/answers.csv': 'text/csv',
  'GET /api/waves/{id}/organisations/{organisationId}/personal-data': 'application/json',
  'GET /api/waves/{id}/organisations.csv': 'text/csv',
  'GET /api/waves/{id}/invitations.csv': 'text/csv',
  'GET /api/waves/{id}/exports/indicators.csv': 'text/csv',
  'GET /api/waves/{id}/exports/responses.csv': 'text/csv',
  'GET /api/waves/{id}/exports/codebook.csv': 'text/csv',
  'GET /api/waves/{id}/exports/datapackage.zip': 'application/zip',
  'GET /api/public/{slug}/indicators.csv': 'text/csv',
  'GET /api/public/{slug}/datapackage.zip': 'application/zip',
  'GET /api/waves/{id}/questionnaire.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'GET /api/waves/{id}/questionnaire.xlsform.csv': 'text/csv',
}

/** One line per operation: what a client reads first in the generated documentation. */
const summaries: Record<string, string> = {
  'GET /api/health': 'Health of the server and its database',
  'POST /api/auth/login': 'Sign in (sets the session cookie)',
  'POST /api/auth/logout': 'Sign out',
  'POST /api/auth/password-reset/request': 'Ask for a password reset link by e-mail',
  'POST /api/auth/password-reset': 'Choose a new password with a reset link',
  'GET /api/auth/me': 'The signed-in account',
  'GET /api/users': 'List the accounts',
  'POST /api/users': 'Create an account',
  'PATCH /api/users/{id}': 'Change an account (role, disabled, microdata access)',
  'GET /api/users/{id}/tokens': 'List the API tokens of an account',
  'DELETE /api/users/{id}/tokens/{tokenId}': 'Revoke an API token of an account',
  'GET /api/audit': 'Read the audit log',
  'GET /api/tokens': 'List my API tokens',
  'POST /api/tokens': 'Create an API token',
  'DELETE /api/tokens/{id}': 'Revoke one of my API tokens',
  'GET /api/r/{token}': 'An organisation’s questionnaire and answers',
  'PATCH /api/r/{token}/answers': 'Save answers (autosave)',
  'POST /api/r/{token}/presence': 'Say that a colleague is answering',
  'POST /api/r/{token}/presence/leave': 'Say that a colleague left',
  'POST /api/r/{token}/submit': 'Submit the answers',
  'GET /api/r/{token}/answers.json': 'Download the organisation’s answers (JSON)',
  'GET /api/r/{token}/answers.csv': 'Download the organisation’s answers (CSV)',
  'POST /api/r/{token}/reopen': 'Reopen submitted answers to change them',
  'GET /api/r/{token}/report': 'The organisation’s report against the published results',
  'GET /api/waves': 'List the survey waves',
  'GET /api/waves/{id}': 'A survey wave',
  'GET /api/waves/{id}/schedule': 'The wave’s calendar: what the scheduler will do next, and the reminders already sent',
  'POST /api/waves': 'Create a survey wave',
  'PATCH /api/waves/{id}': 'Change a wave’s title, planned dates or settings',
  'POST /api/waves/{id}/copy': 'Create a wave as a copy of this one',
  'POST /api/waves/{id}/open': 'Open the wave',
  'POST /api/waves/{id}/close': 'Close the wave',
  'POST /api/waves/{id}/archive': 'Archive the wave',
  'GET /api/waves/{id}/questionnaire': 'The wave’s questionnaire',
  'PUT /api/waves/{id}/questionnaire': 'Save the wave’s questionnaire',
  'POST /api/questionnaires/lint': 'Check a questionnaire without saving it',
  'GET /api/waves/{id}/questionnaire.xlsx': 'The wave’s questionnaire as an XLSForm workbook (XLSX)',
  'GET /api/waves/{id}/questionnaire.xlsform.csv': 'The wave’s questionnaire as an XLSForm in pyxform’s CSV layout',
  'POST /api/waves/{id}/questionnaire/xlsform': 'Replace a draft wave’s questionnaire from an XLSForm (XLSX or CSV)',
  'GET /api/waves/{id}/bundle': 'The wave’s design as a bundle file (questionnaire, families, indicators, settings)',
  'POST /api/bundles': 'Create a draft wave from a bundle file',
  'GET /api/waves/{id}/questionnaire/versions': 'The versions of the wave’s questionnaire: when, by whom, why',
  'GET /api/waves/{id}/questionnaire/versions/{version}': 'One version of the wave’s questionnaire',
  'GET /api/waves/{id}/questionnaire/diff': 'What changed between two versions of the wave’s questionnaire',
  'GET /api/questionnaires/diff': 'What differs between the questionnaires of two waves',
  'GET /api/waves/{id}/indicator-definitions': 'The wave’s indicator definitions and the questions they can read',
  'PUT /api/waves/{id}/indicator-definitions': 'Replace the wave’s indicator definitions',
  'POST /api/waves/{id}/indicator-definitions/reset': 'Go back to the default indicators for this questionnaire',
  'GET /api/waves/{id}/organisations': 'List the member organisations of a wave',
  'POST /api/waves/{id}/organisations/import': 'Import the members file (CSV)',
  'POST /api/waves/{id}/organisations': 'Add an organisation',
  'PATCH /api/waves/{id}/organisations/{organisationId}': 'Change an organisation',
  'POST /api/waves/{id}/organisations/{organisationId}/erase': 'Erase an organisation’s data in this wave',
  'GET /api/waves/{id}/organisations/{organisationId}/personal-data': 'Download what Sonde holds on an organisation (JSON)',
  'GET /api/waves/{id}/organisations.csv': 'Download the members registry (CSV)',
  'GET /api/waves/{id}/invitations.csv': 'Download the invitation links (CSV)',
  'GET /api/waves/{id}/progress': 'Response progress of a wave',
  'GET /api/w/{slug}': 'The open link of a wave',
  'POST /api/w/{slug}/join': 'Ask for a link through the open link',
  'GET /api/waves/{id}/open-link/claims': 'List the requests waiting for a decision',
  'POST /api/waves/{id}/open-link/claims/{claimId}/accept': 'Accept a request',
  'POST /api/waves/{id}/open-link/claims/{claimId}/reject': 'Reject a request',
  'POST /api/waves/{id}/invitations': 'Send the invitations or reminders',
  'GET /api/waves/{id}/outbox': 'The e-mails of a wave and their delivery',
  'POST /api/waves/{id}/organisations/{organisationId}/invitation/revoke': 'Revoke an organisation’s invitation link',
  'POST /api/waves/{id}/organisations/{organisationId}/invitation/regenerate': 'Replace an organisation’s invitation link',
  'GET /api/waves/{id}/releases': 'List the releases of a wave',
  'POST /api/waves/{id}/releases': 'Publish a release',
  'GET /api/waves/{id}/public-page': 'Whether the wave has a public page, on which release',
  'PUT /api/waves/{id}/public-page': 'Publish the public page, or move it to another release or licence',
  'DELETE /api/waves/{id}/public-page': 'Take the public page down',
  'GET /api/public/{slug}': 'The public results of a wave (no login)',
  'GET /api/public/{slug}/indicators.csv': 'Download the public indicators (CSV, no login)',
  'GET /api/public/{slug}/datapackage.zip': 'Download the public data package (ZIP, no login)',
  'GET /api/waves/{id}/indicators': 'Indicators of a release, by family',
  'GET /api/waves/{id}/exports/indicators.csv': 'Download the indicators (CSV)',
  'GET /api/indicators/comparison': 'Compare indicators across waves',
  'GET /api/waves/{id}/exports/responses.csv': 'Download the responses (CSV)',
  'GET /api/waves/{id}/exports/codebook.csv': 'Download the codebook (CSV)',
  'GET /api/waves/{id}/exports/datapackage.zip': 'Download the responses as a data package (ZIP)',
  'GET /api/waves/{id}/retention': 'What the retention period will erase',
}

const tags = [
  { name: 'auth', description: 'Signing in and out, password resets.' },
  { name: 'accounts', description: 'Accounts, API tokens and the audit log (admins).' },
  { name: 'respondent', description: 'An organisation answering through its invitation link: the `{token}` of the path is the credential.' },
  { name: 'open-link', description: 'The public sign-up link of a wave.' },
  { name: 'waves', description: 'Survey waves, their questionnaire, members, invitations, releases and exports (staff; researchers read).' },
  { name: 'results', description: 'Indicators across waves, and the public results of the waves staff published.' },
  { name: 'service', description: 'Health and this description.' },
]

function tagOf(path: string): string {
  const [, , first] = path.split('/')
  if (first === 'auth') return 'auth'
  if (first === 'users' || first === 'tokens' || first === 'audit') return 'accounts'
  if (first === 'r') return 'respondent'
  if (first === 'w') return 'open-link'
  if (first === 'indicators' || first === 'public') return 'results'
  if (first === 'health') return 'service'
  return 'waves'
}

/** `GET /api/waves/{id}/exports/responses.csv` → `getWavesExportsResponsesCsvById`: stable and URL-safe. */
function operationIdOf(method: string, path: string): string {
  const segments = path.split('/').slice(2)
  const words = segments.filter((s) => !s.startsWith('{')).flatMap((s) => s.split(/[^A-Za-z0-9]+/))
  const params = segments.filter((s) => s.startsWith('{')).map((s) => s.slice(1, -1))
  const camel = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)
  return method.toLowerCase() + words.map(camel).join('') + (params.length ? `By${params.map(camel).join('And')}` : '')
}

/**
 * Completes the document @fastify/swagger generated: servers, licence, security schemes and the
 * security of each operation (from its `config.access` rule), error responses, file media types,
 * summaries, tags and operationIds. An operation missing from `summaries` keeps no summary, so
 * that the lint test names the route to describe.
 */
export function completeDocument(
  generated: OpenApiDocument,
  options: { baseUrl: string; routeAccess: readonly { method: string; url: string; access: Access }[] },
): OpenApiDocument {
  const document = structuredClone(generated)
  document.info = { ...document.info, license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' } }
  document.servers = [{ url: options.baseUrl, description: 'This Sonde server' }]
  document.tags = tags
  document.components = {
    ...document.components,
    securitySchemes,
    responses: errorResponses,
    schemas: { ...document.components?.schemas, Error: ErrorBodySchema.toJSONSchema({ target: 'openapi-3.0' }) },
  }
  const accessOf = new Map(options.routeAccess.map((route) => [`${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`, route.access]))

  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const key = `${method.toUpperCase()} ${path}`
      const access = accessOf.get(key)
      operation.operationId = operationIdOf(method, path)
      operation.tags = [tagOf(path)]
      const summary = summaries[key]
      if (summary) operation.summary = summary

      const responses: Record<string, unknown> = { ...operation.responses }
      const fileType = downloads[key]
      if (fileType) {
        responses['200'] = {
          description: 'The file, as an attachment (Content-Disposition names it).',
          content: { [fileType]: { schema: fileType === 'application/json' ? { type: 'object' } : { type: 'string', format: 'binary' } } },
        }
      }
      responses['400'] = { $ref: '#/components/responses/BadRequest' }
      if (access === 'public' || access === 'respondent') {
        // Anyone may call it; the respondent's link is the `{token}` of the path itself.
        operation.security = []
        responses['429'] = { $ref: '#/components/responses/TooManyRequests' }
      } else {
        operation.security = [{ session: [] }, { apiToken: [] }]
        responses['401'] = { $ref: '#/components/responses/Unauthenticated' }
        responses['403'] = { $ref: '#/components/responses/Forbidden' }
      }
      if (path.includes('{')) responses['404'] = { $ref: '#/components/responses/NotFound' }
      responses.default = { $ref: '#/components/responses/UnexpectedError' }
      operation.responses = responses

      const token = operation.parameters?.find((parameter) => parameter.in === 'path' && parameter.name === 'token')
      if (token && access === 'respondent') {
        token.description =
          'The invitation token of the organisation’s link (`/r/{token}`): it is the credential, so keep it secret; an unknown or revoked token answers 404.'
      }
    }
  }
  return document
}
