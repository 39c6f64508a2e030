import type { WaveOrganisation as WaveOrganisationBody } from '@sonde/contracts'
import { invitationToken, type WaveOrganisation } from '@sonde/db'

export interface LinkOptions {
  baseUrl: string
  linkSecret: string
}

/** The link of an invitation, rebuilt from its nonce and the instance's link secret. */
export function invitationLink(nonce: string, options: LinkOptions): string {
  return `${options.baseUrl}/r/${invitationToken(options.linkSecret, nonce)}`
}

/** An organisation of a wave as the staff API shows it, with its link and progress. */
export function organisationBody(org: WaveOrganisation, options: LinkOptions): WaveOrganisationBody {
  return {
    id: org.id,
    name: org.name,
    email: org.email,
    siren: org.siren,
    region: org.region,
    familyKeys: org.familyKeys,
    invitation: {
      id: org.invitationId,
      link: invitationLink(org.tokenNonce, options),
      openedAt: org.openedAt?.toISOString() ?? null,
      revoked: org.revokedAt !== null,
    },
    response: {
      status: org.responseStatus,
      submittedAt: org.submittedAt?.toISOString() ?? null,
      updatedAt: org.updatedAt.toISOString(),
    },
  }
}
