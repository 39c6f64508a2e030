import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@sonde/db'
import type { Access } from '../src/plugins/access'
import { inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

/**
 * Generated from the app's own route table: every /api route is tried as anonymous, as the
 * holder of a respondent link, and as each role. A route that a caller may not use must answer
 * 401/403 (or 404 for a link that is not theirs) before doing anything; a route they may use
 * must not. A new route joins this test by existing — and cannot exist without a rule.
 */
type Caller = 'anonymous' | 'respondent' | Role
const callers: Caller[] = ['anonymous', 'respondent', 'researcher', 'staff', 'admin']

let ctx: TestContext
let waveId: string
let token: string
const cookies: Partial<Record<Role, string>> = {}

beforeAll(async () => {
  ctx = await startTestApp({ rateLimits: { linkGuessesPerAddress: 10_000 } })
  waveId = (await waveFactory(ctx.database)).id
  token = (await inviteFactory(ctx.database, waveId)).token
  for (const role of ['researcher', 'staff', 'admin'] as const) {
    cookies[role] = await loginCookie(ctx.app, await userFactory(ctx.database, role))
  }
})
afterAll(async () => ctx?.close())

// Bodies that pass validation, so that the answer tells about access, not about the body.
const sampleBodies: Record<string, object> = {
  'PATCH /api/r/:token/answers': { baseRevision: 0, answers: {} },
  'POST /api/r/:token/submit': { revision: 0 },
  'POST /api/r/:token/presence': { clientId: 'matrix-tab-1', page: null },
  'POST /api/r/:token/presence/leave': { clientId: 'matrix-tab-1' },
}

// Beyond the role, a permission: a researcher reads microdata only once an admin granted it
// (releases.int.test.ts grants it). Without it, the refusal is its own code.
const permissionRefusals: Record<string, Partial<Record<Caller, string>>> = {
  'GET /api/waves/:id/exports/responses.csv': { researcher: 'MICRODATA_FORBIDDEN' },
}

function allowed(access: Access, caller: Caller): boolean {
  if (access === 'public') return true
  if (access === 'respondent') return true
  return caller !== 'anonymous' && caller !== 'respondent' && access.includes(caller)
}

describe('the role matrix', () => {
  it('covers every /api route with a rule', () => {
    expect(ctx.app.routeAccess.length).toBeGreaterThan(10)
    for (const route of ctx.app.routeAccess) expect(route.access, `${route.method} ${route.url}`).toBeDefined()
  })

  it('lets each caller reach exactly the routes of its role', async () => {
    const failures: string[] = []
    for (const route of ctx.app.routeAccess) {
      for (const caller of callers) {
        // A respondent route is reached with the caller's own link or, for everyone else, a link that is not theirs.
        const linkToken = caller === 'respondent' ? token : 'not-their-link-' + 'x'.repeat(30)
        const url = route.url.replace(':token', linkToken).replace(':id', waveId).replace(':slug', 'wave')
        const headers: Record<string, string> = { 'idempotency-key': `matrix-${caller}` }
        const cookie = caller in cookies ? cookies[caller as Role] : undefined
        if (cookie) headers.cookie = cookie
        const key = `${route.method} ${route.url}`
        const res = await ctx.app.inject({
          method: route.method as 'GET',
          url,
          headers,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: sampleBodies[key] ?? {} }),
        })
        // Logging out ends the caller's session: log in again for the next routes.
        if (key === 'POST /api/auth/logout' && cookie) {
          cookies[caller as Role] = await loginCookie(ctx.app, await userFactory(ctx.database, caller as Role))
        }
        const denied = res.statusCode === 401 || res.statusCode === 403
        const expectAllowed = allowed(route.access, caller)
        if (route.access === 'respondent') {
          const ownLink = caller === 'respondent'
          if (ownLink && [401, 403, 404, 429].includes(res.statusCode)) {
            failures.push(`${caller} ${route.method} ${route.url}: own link refused (${res.statusCode})`)
          }
          if (!ownLink && res.statusCode !== 404) {
            failures.push(`${caller} ${route.method} ${route.url}: another's link gave ${res.statusCode}`)
          }
        } else if (permissionRefusals[key]?.[caller]) {
          if (res.statusCode !== 403 || res.json().code !== permissionRefusals[key][caller]) {
            failures.push(`${caller} ${key}: expected 403 ${permissionRefusals[key][caller]}, got ${res.statusCode}`)
          }
        } else if (expectAllowed && denied) {
          failures.push(`${caller} ${route.method} ${route.url}: refused (${res.statusCode})`)
        } else if (!expectAllowed && !denied) {
          failures.push(`${caller} ${route.method} ${route.url}: allowed (${res.statusCode})`)
        }
      }
    }
    expect(failures).toEqual([])
  })
})
