import { hash, verify } from '@node-rs/argon2'

/** argon2id with OWASP's minimum: m = 19 MiB, t = 2, p = 1 (ASVS 11.4.2). */
// algorithm 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
const parameters = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, parameters)
}

// Verified when the e-mail is unknown, so that the answer takes as long as for a known one.
let decoyHash: Promise<string> | undefined

export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    decoyHash ??= hashPassword('decoy password that nobody has')
    await verify(await decoyHash, password)
    return false
  }
  try {
    return await verify(storedHash, password)
  } catch {
    return false
  }
}
