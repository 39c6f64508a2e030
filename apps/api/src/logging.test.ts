import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { loggerOptions, redactSecrets } from './logging'

const token = 'q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6j7K8l9Z0x1C'

describe('redactSecrets', () => {
  it.each([
    [`GET /api/r/${token}/answers`, 'GET /api/r/<redacted>/answers'],
    [`{"url":"/r/${token}?lang=en"}`, '{"url":"/r/<redacted>?lang=en"}'],
    [`http://sonde.test/admin/reset?token=${token}`, 'http://sonde.test/admin/reset?token=<redacted>'],
    [`Authorization: Bearer sonde_${token}`, 'Authorization: Bearer <redacted>'],
    [`sent sonde_${token} to a script`, 'sent sonde_<redacted> to a script'],
    [`cookie: sonde_session=${token}; other=1`, 'cookie: sonde_session=<redacted>; other=1'],
    [`{"token":"${token}","name":"Script R"}`, '{"token":"<redacted>","name":"Script R"}'],
    [`{"password":"correct \\"horse\\" battery"}`, '{"password":"<redacted>"}'],
  ])('%s', (line, expected) => {
    expect(redactSecrets(line)).toBe(expected)
    expect(redactSecrets(line)).not.toContain(token)
  })

  it('leaves routes that carry no secret as they are', () => {
    for (const line of ['GET /api/waves/0b5e/releases', 'GET /resultats/enquete-2025', 'POST /api/w/enquete-2025/join']) {
      expect(redactSecrets(line)).toBe(line)
    }
  })
})

describe('the logger Sonde builds', () => {
  it('redacts what a route logs itself, at trace level, whatever the way', async () => {
    const lines: string[] = []
    const app = Fastify({ logger: loggerOptions('trace', { write: (line) => void lines.push(line) }) })
    app.get<{ Params: { token: string } }>('/api/r/:token', async (request) => {
      request.log.trace({ headers: request.headers }, `looking up ${request.url}`)
      request.log.debug({ token: request.params.token }, 'link')
      throw new Error(`no invitation for /r/${request.params.token}`)
    })
    await app.inject({
      method: 'GET',
      url: `/api/r/${token}?lang=en`,
      headers: { authorization: `Bearer sonde_${token}`, cookie: `sonde_session=${token}` },
    })
    await app.close()
    expect(lines.length).toBeGreaterThan(3)
    expect(lines.filter((line) => line.includes(token))).toEqual([])
    expect(lines.join('')).toContain('looking up /api/r/<redacted>?lang=en')
  })
})
