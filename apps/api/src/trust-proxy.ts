import { BlockList, isIP } from 'node:net'
import { z } from 'zod'

/**
 * Which peers may tell Sonde the client's address through `X-Forwarded-For`: none (`false`),
 * the last `n` hops (a proxy on the same machine or private network), or the listed proxy
 * addresses and networks. Every per-address limit reads the address this gives.
 */
export type TrustProxy = false | number | string[]

const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal'])

function isAddressOrNetwork(entry: string): boolean {
  if (namedRanges.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

/** `SONDE_TRUST_PROXY`: `false` (or `0`), a hop count, or a comma-separated list of proxy addresses/CIDRs. */
export const TrustProxySchema = z.string().transform((text, ctx): TrustProxy => {
  const value = text.trim()
  if (value === 'false' || value === '0') return false
  if (value === 'true') {
    ctx.addIssue({
      code: 'custom',
      message:
        'true would trust X-Forwarded-For from any client, who could then pick the address every per-address limit counts; ' +
        'give the number of proxies in front of Sonde (1) or their addresses (10.0.0.2, 10.0.0.0/8)',
    })
    return z.NEVER
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops > 10) ctx.addIssue({ code: 'custom', message: 'a hop count from 1 to 10' })
    return hops
  }
  const entries = value.split(',').map((entry) => entry.trim())
  const bad = entries.filter((entry) => !isAddressOrNetwork(entry))
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `not an IP address or network: ${bad.map((b) => JSON.stringify(b)).join(', ')} (expected false, a hop count or addresses such as 10.0.0.2, 10.0.0.0/8)`,
    })
    return z.NEVER
  }
  return entries
})

// Where a proxy that is counted by hops can sit: the same machine or a private network.
const privatePeers = new BlockList()
for (const [network, prefix] of [
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
] as const) {
  privatePeers.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  privatePeers.addSubnet(network, prefix, 'ipv6')

function isPrivatePeer(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return privatePeers.check(mapped, 'ipv4')
  const family = isIP(address)
  return family !== 0 && privatePeers.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/**
 * Fastify's `trustProxy` for a setting. Fastify 5.12.1 stopped honouring hop counts (a client
 * reaching the server directly could forge the hops it counts); Sonde keeps them, safely: the
 * connection itself must come from a loopback or private address — the proxy — before any
 * `X-Forwarded-For` entry is believed, and then at most `hops` of them.
 */
export function fastifyTrustProxy(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting
  if (setting === 0) return false
  return (address, hop) => hop < setting && (hop > 0 || isPrivatePeer(address))
}
