import fp from 'fastify-plugin'
import { invitationToken, passwordResetToken } from '@sonde/db'

/** The instance's public address and the secret its link tokens are derived from. */
export interface LinkOptions {
  /** The address people reach (never a request's Host header). */
  baseUrl: string
  linkSecret: string
}

/** Every link Sonde gives out, built in one place. */
export interface Links {
  /** The secret invitations are created with (`createInvitation`, `regenerateInvitationToken`). */
  readonly secret: string
  /** An organisation's questionnaire, `/r/<token>`, rebuilt from its invitation's nonce. */
  invitation(nonce: string): string
  /** The page that sets a new password, from its reset's nonce. */
  passwordReset(nonce: string): string
}

export function linksOf(options: LinkOptions): Links {
  return {
    secret: options.linkSecret,
    invitation: (nonce) => `${options.baseUrl}/r/${invitationToken(options.linkSecret, nonce)}`,
    passwordReset: (nonce) => `${options.baseUrl}/admin/reset?token=${passwordResetToken(options.linkSecret, nonce)}`,
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    links: Links
  }
}

/** `app.links`: the links of the configured base URL and link secret, for the routes and the e-mail worker. */
export default fp(
  async function links(app, options: LinkOptions) {
    app.decorate('links', linksOf(options))
  },
  { name: 'links' },
)
