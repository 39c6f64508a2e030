import { z } from 'zod'
import { AuditEventSchema } from './staff'
import { OrganisationInputSchema, WaveOrganisationSchema } from './waves'

// Answers that wrap a list, and the bodies derived from another contract.

/** `GET /api/waves/{id}/organisations` */
export const OrganisationListSchema = z.object({ organisations: z.array(WaveOrganisationSchema) })
export type OrganisationList = z.infer<typeof OrganisationListSchema>

/** `PATCH /api/waves/{id}/organisations/{organisationId}`: any field of the organisation. */
export const OrganisationPatchSchema = OrganisationInputSchema.partial()
export type OrganisationPatch = z.infer<typeof OrganisationPatchSchema>

/** `GET /api/audit` */
export const AuditListSchema = z.object({ events: z.array(AuditEventSchema) })
export type AuditList = z.infer<typeof AuditListSchema>
