import { z } from 'zod'
import { EmailSchema, noNulCharacter } from './fields'
import { FamilySchema, WaveStatusSchema } from './respondent'
import { isValidSiren, ORGANISATION_NAME_MAX_LENGTH } from './rules'

/** `GET /api/w/{slug}`: what the open link's form shows of its wave. */
export const OpenLinkWaveSchema = z.object({
  wave: z.object({ slug: z.string(), title: z.string(), status: WaveStatusSchema, families: z.array(FamilySchema) }),
})
export type OpenLinkWave = z.infer<typeof OpenLinkWaveSchema>

/** `POST /api/w/{slug}/join`: an organisation that is not on the member list declares itself. */
export const JoinBodySchema = z.strictObject({
  organisation: z.strictObject({
    name: z.string().trim().min(1).max(ORGANISATION_NAME_MAX_LENGTH).refine(noNulCharacter, 'holds a NUL character'),
    // The link goes to this address only: it is required.
    email: EmailSchema,
    familyKeys: z.array(z.string().max(40)).max(20).optional(),
    siren: z
      .string()
      .max(20)
      .transform((s) => s.replace(/\s/g, ''))
      .refine(isValidSiren, 'not a valid SIREN (9 digits with a check digit)')
      .optional(),
  }),
  /** The person ticked the notice's consent box (the form requires it); recorded in the audit log. */
  consent: z.literal(true).optional(),
})
export type JoinBody = z.input<typeof JoinBodySchema>

/** The one answer to every accepted join: it says nothing of what the server knew or did. */
export const JoinAcceptedSchema = z.object({ status: z.literal('accepted') })
export type JoinAccepted = z.infer<typeof JoinAcceptedSchema>

/** A request through the open link naming a SIREN held under another address, waiting for staff. */
export const OpenLinkClaimSchema = z.object({
  id: z.string(),
  siren: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  familyKeys: z.array(z.string()),
  createdAt: z.string(),
  /** The organisation that holds the SIREN, as the registry has it. */
  organisation: z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), invited: z.boolean() }),
})
export type OpenLinkClaim = z.infer<typeof OpenLinkClaimSchema>

export const OpenLinkClaimListSchema = z.object({ claims: z.array(OpenLinkClaimSchema) })
export type OpenLinkClaimList = z.infer<typeof OpenLinkClaimListSchema>

/** Where the link of an accepted claim goes. */
export const ClaimRecipientSchema = z.enum(['on_file', 'claimant'])

export const AcceptClaimBodySchema = z.strictObject({
  /** `on_file`: the link goes to the address the registry has; `claimant`: that address is replaced by the claimant's. */
  sendTo: ClaimRecipientSchema,
})
export type AcceptClaimBody = z.infer<typeof AcceptClaimBodySchema>

export const AcceptClaimResultSchema = z.object({ status: z.literal('accepted'), sentTo: ClaimRecipientSchema, linkRenewed: z.boolean() })
export type AcceptClaimResult = z.infer<typeof AcceptClaimResultSchema>

export const RejectClaimResultSchema = z.object({ status: z.literal('rejected') })
