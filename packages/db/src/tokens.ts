import { createHash, createHmac, randomBytes } from 'node:crypto'

/** A session or reset token: 256 bits from the CSPRNG, base64url (ASVS 7.2.3, 11.5.1). */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What is stored in place of a token: its SHA-256, hex. A leaked table gives no usable link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** A fresh per-invitation nonce (128 random bits); a new nonce is a new link. */
export function newTokenNonce(): string {
  return randomBytes(16).toString('base64url')
}

/**
 * An invitation's link token: HMAC-SHA256 of its random nonce under the instance's link secret,
 * base64url (256 bits). Unpredictable without the secret, and rebuildable by the server for
 * reminders and the mail-merge file, while the database stores only the nonce and the hash.
 */
export function invitationToken(linkSecret: string, nonce: string): string {
  return createHmac('sha256', linkSecret).update(nonce).digest('base64url')
}

/** A password-reset link's token: like an invitation's, in its own domain of the secret. */
export function passwordResetToken(linkSecret: string, nonce: string): string {
  return invitationToken(linkSecret, `reset:${nonce}`)
}
