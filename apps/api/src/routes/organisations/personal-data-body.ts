import { z } from 'zod'
import type { OrganisationPersonalData } from '@sonde/db'

const date = z.string()
const answers = z.record(z.string(), z.unknown())

/** What an erasure removed, with the pseudonym that now stands for the organisation in the wave's audit log. */
export const ErasureSchema = z.object({
  pseudonym: z.string(),
  responses: z.number().int(),
  submissions: z.number().int(),
  releases: z.number().int(),
  messages: z.number().int(),
  claims: z.number().int(),
  auditEntries: z.number().int(),
  registry: z.enum(['deleted', 'kept']),
})

/** The access export of one organisation (GDPR art. 15): everything Sonde holds about it, in every wave. */
export const PersonalDataSchema = z.object({
  exportedAt: date,
  organisation: z.object({
    id: z.string(),
    name: z.string(),
    siren: z.string().nullable(),
    region: z.string().nullable(),
    email: z.string().nullable(),
    familyKeys: z.array(z.string()),
    createdAt: date,
    anonymisedAt: date.nullable(),
  }),
  waves: z.array(
    z.object({
      wave: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
      invitation: z.object({ createdAt: date, openedAt: date.nullable(), revokedAt: date.nullable() }),
      response: z
        .object({
          status: z.string(),
          revision: z.number().int(),
          answers,
          createdAt: date,
          updatedAt: date,
          submittedAt: date.nullable(),
        })
        .nullable(),
      submissions: z.array(z.object({ revision: z.number().int(), submittedAt: date, answers })),
      messages: z.array(
        z.object({ kind: z.string(), to: z.string(), subject: z.string(), body: z.string(), status: z.string(), createdAt: date, sentAt: date.nullable() }),
      ),
      reviewRequests: z.array(z.object({ createdAt: date, status: z.string(), decidedAt: date.nullable() })),
    }),
  ),
  audit: z.array(z.object({ at: date, actorType: z.string(), waveId: z.string().nullable(), action: z.string(), details: answers })),
})
export type PersonalDataBody = z.infer<typeof PersonalDataSchema>

const iso = (d: Date) => d.toISOString()
const isoOrNull = (d: Date | null) => d?.toISOString() ?? null

/**
 * The access export as JSON: the registry row, and per wave the link's dates (never the link: it
 * is a credential), the response, every submission, the e-mails with their text (`{{lien}}` stands
 * where the link went), the review requests naming its SIREN (when, and the decision — not who
 * asked: that is someone else's data), and the audit entries about it.
 */
export function personalDataBody(data: OrganisationPersonalData, now = new Date()): PersonalDataBody {
  return {
    exportedAt: iso(now),
    organisation: { ...data.organisation, createdAt: iso(data.organisation.createdAt), anonymisedAt: isoOrNull(data.organisation.anonymisedAt) },
    waves: data.waves.map((w) => ({
      wave: w.wave,
      invitation: { createdAt: iso(w.invitation.createdAt), openedAt: isoOrNull(w.invitation.openedAt), revokedAt: isoOrNull(w.invitation.revokedAt) },
      response: w.response
        ? {
            ...w.response,
            createdAt: iso(w.response.createdAt),
            updatedAt: iso(w.response.updatedAt),
            submittedAt: isoOrNull(w.response.submittedAt),
          }
        : null,
      submissions: w.submissions.map((s) => ({ ...s, submittedAt: iso(s.submittedAt) })),
      messages: w.messages.map((m) => ({ ...m, createdAt: iso(m.createdAt), sentAt: isoOrNull(m.sentAt) })),
      reviewRequests: w.reviewRequests.map((r) => ({ ...r, createdAt: iso(r.createdAt), decidedAt: isoOrNull(r.decidedAt) })),
    })),
    audit: data.audit.map((a) => ({ ...a, at: iso(a.at) })),
  }
}
