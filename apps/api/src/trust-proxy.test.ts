import { describe, expect, it } from 'vitest'
import { ConfigError, parseEnv } from './config'
import { fastifyTrustProxy } from './trust-proxy'

describe('SONDE_TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.2', ['10.0.0.2']],
    ['10.0.0.2, 10.1.0.0/16,::1,fd00::/8', ['10.0.0.2', '10.1.0.0/16', '::1', 'fd00::/8']],
    ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
  ])('reads %j as %j', (value, expected) => {
    expect(parseEnv(value === undefined ? {} : { SONDE_TRUST_PROXY: value }).SONDE_TRUST_PROXY).toEqual(expected)
  })

  it('refuses true, saying why', () => {
    expect(() => parseEnv({ SONDE_TRUST_PROXY: 'true' })).toThrow(ConfigError)
    expect(() => parseEnv({ SONDE_TRUST_PROXY: 'true' })).toThrow(/SONDE_TRUST_PROXY: true would trust X-Forwarded-For from any client/)
  })

  it.each(['yes', '10.0.0.300', '10.0.0.0/33', 'proxy.example.org', '10.0.0.1,', '11'])('refuses %j', (value) => {
    expect(() => parseEnv({ SONDE_TRUST_PROXY: value })).toThrow(/SONDE_TRUST_PROXY/)
  })
})

describe('hop counts', () => {
  const trust = fastifyTrustProxy(1) as (address: string, hop: number) => boolean

  it('believe a proxy on the same machine or a private network, for as many hops as given', () => {
    expect(trust('127.0.0.1', 0)).toBe(true)
    expect(trust('::ffff:10.1.2.3', 0)).toBe(true)
    expect(trust('fd12::1', 0)).toBe(true)
    expect(trust('203.0.113.9', 1)).toBe(false)
  })

  it('never believe a client that reaches Sonde directly from a public address', () => {
    expect(trust('203.0.113.9', 0)).toBe(false)
    expect(trust('2001:db8::1', 0)).toBe(false)
  })
})
