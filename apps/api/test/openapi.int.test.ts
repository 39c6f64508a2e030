import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, testBaseUrl, type TestContext } from './support'

// The API description as client generators and documentation tools read it: /api/openapi.json
// must pass Redocly's `recommended` rules without a single error or warning.

interface Operation {
  operationId: string
  summary: string
  security: Record<string, string[]>[]
  parameters?: { name: string; in: string; description?: string }[]
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>
}
interface OpenApiDocument {
  servers: { url: string }[]
  paths: Record<string, Record<string, Operation>>
  components: { securitySchemes: Record<string, Record<string, string>>; schemas: Record<string, unknown> }
}

let ctx: TestContext
let spec: OpenApiDocument
// The web pages are registered too (an empty build folder), to check they stay out of the description.
const webDist = mkdtempSync(path.join(tmpdir(), 'sonde-web-'))
mkdirSync(path.join(webDist, 'assets'))

beforeAll(async () => {
  ctx = await startTestApp({ webDist })
  spec = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
})
afterAll(async () => {
  await ctx.close()
  rmSync(webDist, { recursive: true, force: true })
})

const operation = (route: string) => {
  const [method, url] = route.split(' ') as [string, string]
  return spec.paths[url]![method.toLowerCase()]!
}

describe('GET /api/openapi.json', () => {
  it('passes Redocly’s recommended rules: no error, no warning', async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({ source: JSON.stringify(spec), absoluteRef: `${testBaseUrl}/api/openapi.json`, config })
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual([])
  })

  it('describes the API only: no web page, no asset', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/admin/users' })).statusCode).toBe(503)
    expect(Object.keys(spec.paths).filter((url) => !url.startsWith('/api/'))).toEqual([])
    expect(spec.servers).toEqual([{ url: testBaseUrl, description: 'This Sonde server' }])
  })

  it('says how each operation authenticates: session cookie, API token, or the invitation link', () => {
    expect(spec.components.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'sonde_session' },
      apiToken: { type: 'http', scheme: 'bearer' },
    })
    expect(operation('GET /api/waves').security).toEqual([{ session: [] }, { apiToken: [] }])
    expect(operation('POST /api/auth/login').security).toEqual([])
    const respondent = operation('PATCH /api/r/{token}/answers')
    expect(respondent.security).toEqual([])
    expect(respondent.parameters?.find((p) => p.name === 'token')?.description).toMatch(/invitation token/)
  })

  it('declares the error body and the errors of each operation', () => {
    expect(spec.components.schemas.Error).toMatchObject({ required: ['code', 'message'] })
    expect(operation('GET /api/waves/{id}').responses).toMatchObject({
      '400': { $ref: '#/components/responses/BadRequest' },
      '401': { $ref: '#/components/responses/Unauthenticated' },
      '403': { $ref: '#/components/responses/Forbidden' },
      '404': { $ref: '#/components/responses/NotFound' },
      default: { $ref: '#/components/responses/UnexpectedError' },
    })
    expect(Object.keys(operation('POST /api/w/{slug}/join').responses)).toEqual(expect.arrayContaining(['400', '404', '429', 'default']))
  })

  it.each([
    ['GET /api/waves/{id}/exports/responses.csv', 'text/csv'],
    ['GET /api/waves/{id}/exports/codebook.csv', 'text/csv'],
    ['GET /api/waves/{id}/exports/indicators.csv', 'text/csv'],
    ['GET /api/waves/{id}/organisations.csv', 'text/csv'],
    ['GET /api/waves/{id}/invitations.csv', 'text/csv'],
    ['GET /api/r/{token}/answers.csv', 'text/csv'],
    ['GET /api/waves/{id}/exports/datapackage.zip', 'application/zip'],
    ['GET /api/r/{token}/answers.json', 'application/json'],
    ['GET /api/waves/{id}/organisations/{organisationId}/personal-data', 'application/json'],
  ])('gives the media type of the file %s sends (%s)', (route, mediaType) => {
    expect(Object.keys(operation(route).responses['200']!.content!)).toEqual([mediaType])
  })
})
