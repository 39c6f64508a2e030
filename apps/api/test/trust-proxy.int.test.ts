import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app'
import type { TrustProxy } from '../src/trust-proxy'
import { startTestApp, testConfig, type TestContext } from './support'

/**
 * The per-address limits count the client's address: the one the trusted proxy saw, never one a
 * client wrote in X-Forwarded-For itself. Unknown links are the cheapest per-address limit to
 * trip (3 per minute here); logins use the same address.
 */
let ctx: TestContext
const apps: FastifyInstance[] = []
const limit = 3

beforeAll(async () => {
  ctx = await startTestApp({ trustProxy: false, rateLimits: { linkGuessesPerAddress: limit } })
})
afterAll(async () => {
  for (const app of apps) await app.close()
  await ctx?.close()
})

async function appTrusting(trustProxy: TrustProxy) {
  const app = await buildApp(testConfig(ctx.database.url, { trustProxy, rateLimits: { linkGuessesPerAddress: limit } }))
  apps.push(app)
  return app
}

let guesses = 0
/** An unknown link asked by `peer` (the TCP connection) with this X-Forwarded-For, if any. */
function guess(app: FastifyInstance, peer: string, forwardedFor?: string) {
  return app.inject({
    method: 'GET',
    url: `/api/r/unknown-${guesses++}-${'x'.repeat(30)}`,
    remoteAddress: peer,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  })
}

async function statuses(run: () => Promise<{ statusCode: number }>, times: number) {
  const out: number[] = []
  for (let i = 0; i < times; i++) out.push((await run()).statusCode)
  return out
}

const limited = [...Array(limit).fill(404), 429]

describe.each([
  ['a hop count (1)', 1 as TrustProxy],
  ['a list of proxies (10.0.0.2, 10.8.0.0/16)', ['10.0.0.2', '10.8.0.0/16'] as TrustProxy],
])('SONDE_TRUST_PROXY as %s', (_label, setting) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await appTrusting(setting)
  })

  it('counts each client behind the proxy apart, by the address the proxy saw', async () => {
    expect(await statuses(() => guess(app, '10.0.0.2', '203.0.113.1'), limit + 1)).toEqual(limited)
    // Another client through the same proxy is not slowed by the first one.
    expect((await guess(app, '10.0.0.2', '203.0.113.2')).statusCode).toBe(404)
    // Nor is a client through another trusted proxy of the list (or any private peer, for a hop count).
    expect((await guess(app, '10.8.3.4', '203.0.113.3')).statusCode).toBe(404)
  })

  it('ignores what a client wrote before the proxy appended the address it saw', async () => {
    // The proxy appends the real address to whatever the client sent: only the last entry counts.
    const forged = (i: number) => guess(app, '10.0.0.2', `198.51.100.${i}, 203.0.113.10`)
    let i = 0
    expect(await statuses(() => forged(i++), limit + 1)).toEqual(limited)
  })

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    // A client reaching Sonde directly cannot pick a new address for each request.
    let i = 0
    expect(await statuses(() => guess(app, '198.51.100.7', `203.0.113.${100 + i++}`), limit + 1)).toEqual(limited)
  })
})

describe('SONDE_TRUST_PROXY=false', () => {
  it('counts the connection’s own address, whatever the header says', async () => {
    let i = 0
    expect(await statuses(() => guess(ctx.app, '10.0.0.2', `203.0.113.${200 + i++}`), limit + 1)).toEqual(limited)
  })
})
