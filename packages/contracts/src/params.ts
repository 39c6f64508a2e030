import { z } from 'zod'
import { noNulCharacter } from './fields'

// The path parameters of the API. Ids are any short text: an unknown or malformed id is a 404 of
// its kind, not a 400, except where a uuid is the only thing a client can have been given.

/** `{id}` of the routes under /api/waves/{id}. */
export const WaveParamsSchema = z.object({ id: z.string().max(100) })

/** `/api/waves/{id}/organisations/{organisationId}…` */
export const OrganisationParamsSchema = z.object({ id: z.string().max(100), organisationId: z.string().uuid() })

/** `/api/waves/{id}/open-link/claims/{claimId}…` */
export const ClaimParamsSchema = z.object({ id: z.string().max(100), claimId: z.string().uuid() })

/** `/api/r/{token}…`: the respondent's link token, which is the credential. */
export const RespondentParamsSchema = z.object({ token: z.string().min(1).max(200) })

/** `/api/w/{slug}…`: a wave's open link. */
export const OpenLinkParamsSchema = z.object({ slug: z.string().max(100).refine(noNulCharacter, 'holds a NUL character') })

/** `/api/users/{id}…` */
export const UserParamsSchema = z.object({ id: z.string().max(100) })

/** `/api/users/{id}/tokens/{tokenId}` */
export const UserTokenParamsSchema = UserParamsSchema.extend({ tokenId: z.string().max(100) })

/** `/api/tokens/{id}`: one of the caller's own API tokens. */
export const ApiTokenParamsSchema = z.object({ id: z.string().max(100) })
