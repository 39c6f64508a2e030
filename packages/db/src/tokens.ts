import { createHash, randomBytes } from 'node:crypto'

/** A link or session token: 256 bits from the CSPRNG, base64url (ASVS 7.2.3, 11.5.1). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What is stored in place of a token: its SHA-256, hex. A leaked table gives no usable link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
