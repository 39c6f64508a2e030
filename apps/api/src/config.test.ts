import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv, resolveBaseUrl } from './config'

describe('parseEnv', () => {
  it('fills the defaults from an empty environment', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', SONDE_DEMO: true, SONDE_ADMIN_EMAIL: 'admin@example.org' })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(Object.isFrozen(env)).toBe(true)
  })

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000)
  })

  it('lists every bad variable in one error', () => {
    let error: unknown
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SONDE_ADMIN_EMAIL: 'nobody', SONDE_DEMO: 'maybe' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    for (const name of ['PORT', 'DATABASE_URL', 'SONDE_ADMIN_EMAIL', 'SONDE_DEMO']) expect(message).toContain(name)
    expect((error as ConfigError).problems).toHaveLength(4)
  })

  it.each([
    [{ SONDE_BASE_URL: 'https://sonde.example.org/' }, 3000, 'https://sonde.example.org'],
    [{ HOST: '0.0.0.0' }, 8080, 'http://localhost:8080'],
    [{}, 3000, 'http://127.0.0.1:3000'],
  ])('builds links from the configured base URL (%j)', (vars, port, expected) => {
    expect(resolveBaseUrl(parseEnv(vars), port)).toBe(expected)
  })
})
