import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { sql, type Transaction } from 'kysely'
import { z } from 'zod'
import { FamilySchema, WaveStatusSchema } from '@sonde/contracts'
import {
  createInvitation,
  createOrganisation,
  decideClaim,
  enqueueMessages,
  findOrganisationsBySirenOrEmail,
  findPendingClaimForUpdate,
  findWaveBySlug,
  listFamilies,
  listPendingClaims,
  recordAudit,
  recordOpenLinkClaim,
  regenerateInvitationToken,
  updateOrganisation,
  waveSettings,
  type Database,
  type Wave,
} from '@sonde/db'
import { AppError } from '../../errors'
import { defaultTemplates, renderTemplate } from '../../mail/templates'
import { staff } from '../../plugins/access'
import type { LinkOptions } from '../organisations/organisation-body'
import { validSiren } from '../organisations/import-csv'
import { requireWave, WaveParamsSchema } from '../waves/require-wave'

// PostgreSQL text cannot hold U+0000: refused at the edge (400), never a 500 from the database.
const noNul = (text: string) => !text.includes('\u0000')
const SlugParamsSchema = z.object({ slug: z.string().max(100).refine(noNul, 'holds a NUL character') })
const ClaimParamsSchema = z.object({ id: z.string().max(100), claimId: z.string().uuid() })

const JoinBodySchema = z.strictObject({
  organisation: z.strictObject({
    name: z.string().trim().min(1).max(300).refine(noNul, 'holds a NUL character'),
    // The link goes to this address only: it is required.
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    familyKeys: z.array(z.string().max(40)).max(20).optional(),
    siren: z
      .string()
      .max(20)
      .transform((s) => s.replace(/\s/g, ''))
      .refine(validSiren, 'not a valid SIREN (9 digits with a check digit)')
      .optional(),
  }),
  /** The person ticked the notice's consent box (the form requires it); recorded in the audit log. */
  consent: z.literal(true).optional(),
})

/** The one answer to every accepted request: it says nothing of what the server knew or did. */
const AcceptedSchema = z.object({ status: z.literal('accepted') })

const ClaimSchema = z.object({
  id: z.string(),
  siren: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  familyKeys: z.array(z.string()),
  createdAt: z.string(),
  organisation: z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), invited: z.boolean() }),
})
const AcceptBodySchema = z.strictObject({
  /** `on_file`: the link goes to the address the registry has; `claimant`: that address is replaced by the claimant's. */
  sendTo: z.enum(['on_file', 'claimant']),
})

/**
 * The open link of a wave (`/w/<slug>`, when the wave allows it): an organisation that is not on
 * the member list declares itself, and its private link goes by e-mail to the address given —
 * never on screen. Every accepted request gets the same 202, whether the organisation was new,
 * known, or contested, so that the form tells nobody who is a member. A SIREN already held under
 * another address sends nothing: the request waits on a review list for staff, who send the link
 * to the address on file or to the new one, or reject it (each step audited). Sends are capped
 * per client address (429) and per target address (silently: the answer does not change).
 */
const openLinkRoutes: FastifyPluginAsyncZod<LinkOptions> = async (app, options) => {
  async function openWave(slug: string): Promise<Wave> {
    const wave = await findWaveBySlug(app.db, slug)
    if (!wave || wave.status !== 'open' || !waveSettings(wave).openLink) throw new AppError('WAVE_NOT_FOUND')
    return wave
  }

  async function queueInvitation(
    trx: Transaction<Database>,
    wave: Wave,
    message: { invitationId: string; to: string; organisation: string },
  ): Promise<void> {
    const template = wave.settings.templates?.invitation ?? defaultTemplates.invitation
    const text = renderTemplate(template, { organisation: message.organisation, vague: wave.title, closesAt: wave.closes_at })
    await enqueueMessages(trx, [{ kind: 'invitation', waveId: wave.id, invitationId: message.invitationId, to: message.to, ...text }])
  }

  async function invitationOf(trx: Transaction<Database>, waveId: string, organisationId: string) {
    return trx
      .selectFrom('invitations')
      .select(['id', 'revoked_at'])
      .where('wave_id', '=', waveId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst()
  }

  const sendOutbox = () => void app.outbox.processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))

  app.get(
    '/api/w/:slug',
    {
      config: { access: 'public' },
      schema: {
        params: SlugParamsSchema,
        response: {
          200: z.object({ wave: z.object({ slug: z.string(), title: z.string(), status: WaveStatusSchema, families: z.array(FamilySchema) }) }),
        },
      },
    },
    async (request) => {
      const wave = await openWave(request.params.slug)
      const families = await listFamilies(app.db, wave.id)
      return {
        wave: {
          slug: wave.slug,
          title: wave.title,
          status: wave.status,
          families: families.map((f) => ({ key: f.key, labelFr: f.label_fr, labelEn: f.label_en })),
        },
      }
    },
  )

  app.post(
    '/api/w/:slug/join',
    {
      config: { access: 'public' },
      schema: { params: SlugParamsSchema, body: JoinBodySchema, response: { 202: AcceptedSchema } },
    },
    async (request, reply) => {
      app.rateLimits.joinsPerAddress.take(request.ip)
      const wave = await openWave(request.params.slug)
      const { name, email, siren, familyKeys = [] } = request.body.organisation
      const known = new Set((await listFamilies(app.db, wave.id)).map((f) => f.key))
      const unknown = familyKeys.filter((k) => !known.has(k))
      if (unknown.length) throw new AppError('UNKNOWN_FAMILY', `organisation.familyKeys: unknown ${unknown.join(', ')}`)
      const consent = request.body.consent === true

      const outcome = await app.db.transaction().execute(async (trx) => {
        // Two requests naming the same address or SIREN wait for each other: one creates the
        // organisation, the other finds it. Keys in a fixed order, so that they cannot deadlock.
        const keys = [`sonde.open_link.email.${email}`, ...(siren ? [`sonde.open_link.siren.${siren}`] : [])].sort()
        for (const key of keys) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx)
        const matches = await findOrganisationsBySirenOrEmail(trx, siren ? [siren] : [], [email])
        const holder = siren ? matches.find((o) => o.siren === siren) : undefined

        if (holder && holder.email?.toLowerCase() !== email) {
          // Whoever typed a member's SIREN must not get its link, nor send it anywhere: staff decide.
          const claim = await recordOpenLinkClaim(trx, { waveId: wave.id, organisationId: holder.id, siren: siren!, name, email, familyKeys })
          if (claim.created) {
            await recordAudit(trx, {
              actorType: 'system',
              actorId: null,
              waveId: wave.id,
              action: 'open_link.claim_received',
              details: { claimId: claim.id, organisationId: holder.id, consent },
            })
          }
          return 'claim' as const
        }

        const existing = holder ?? matches.find((o) => o.email?.toLowerCase() === email)
        let organisationId: string
        let invitation: { id: string; revoked_at: Date | null } | undefined
        if (existing) {
          organisationId = existing.id
          invitation = await invitationOf(trx, wave.id, existing.id)
          if (!invitation) invitation = { id: (await createInvitation(trx, options.linkSecret, wave.id, existing.id)).invitationId, revoked_at: null }
          await recordAudit(trx, {
            actorType: 'system',
            actorId: null,
            waveId: wave.id,
            action: 'open_link.known_organisation',
            details: { organisationId, consent },
          })
        } else {
          const org = await createOrganisation(trx, { name, email, siren: siren ?? null, familyKeys })
          organisationId = org.id
          invitation = { id: (await createInvitation(trx, options.linkSecret, wave.id, org.id)).invitationId, revoked_at: null }
          await recordAudit(trx, {
            actorType: 'system',
            actorId: null,
            waveId: wave.id,
            action: 'open_link.registered',
            details: { organisationId, consent },
          })
        }
        // A link that staff revoked stays revoked; a mailbox gets at most a few links an hour,
        // however many people type its address.
        if (invitation.revoked_at !== null) return 'revoked' as const
        if (!app.rateLimits.openLinkSendsPerTarget.tryTake(email)) return 'capped' as const
        await queueInvitation(trx, wave, { invitationId: invitation.id, to: email, organisation: existing?.name ?? name })
        return 'sent' as const
      })
      if (outcome === 'sent') sendOutbox()
      else request.log.info({ outcome }, 'open link: no e-mail sent')
      return reply.code(202).send({ status: 'accepted' as const })
    },
  )

  app.get(
    '/api/waves/:id/open-link/claims',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: z.object({ claims: z.array(ClaimSchema) }) } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const claims = await listPendingClaims(app.db, wave.id)
      return { claims: claims.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })) }
    },
  )

  app.post(
    '/api/waves/:id/open-link/claims/:claimId/accept',
    {
      config: { access: staff },
      schema: {
        params: ClaimParamsSchema,
        body: AcceptBodySchema,
        response: { 200: z.object({ status: z.literal('accepted'), sentTo: z.enum(['on_file', 'claimant']), linkRenewed: z.boolean() }) },
      },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const { sendTo } = request.body
      const result = await app.db.transaction().execute(async (trx) => {
        const claim = await findPendingClaimForUpdate(trx, wave.id, request.params.claimId)
        if (!claim) throw new AppError('CLAIM_NOT_FOUND')
        const organisation = claim.organisation
        let to: string
        let linkRenewed = false
        let invitation = await invitationOf(trx, wave.id, organisation.id)
        if (sendTo === 'on_file') {
          if (!organisation.email) throw new AppError('NO_ADDRESS_ON_FILE')
          to = organisation.email
          if (!invitation) invitation = { id: (await createInvitation(trx, options.linkSecret, wave.id, organisation.id)).invitationId, revoked_at: null }
        } else {
          to = claim.email!
          const clash = (await findOrganisationsBySirenOrEmail(trx, [], [to])).filter((o) => o.id !== organisation.id)
          if (clash.length > 0) throw new AppError('ORGANISATION_EXISTS', undefined, { id: clash[0]!.id })
          await updateOrganisation(trx, organisation.id, { email: to })
          if (invitation) {
            // Staff decided the address on file was wrong: whoever holds the old link loses it.
            await regenerateInvitationToken(trx, options.linkSecret, invitation.id)
            linkRenewed = true
          } else {
            invitation = { id: (await createInvitation(trx, options.linkSecret, wave.id, organisation.id)).invitationId, revoked_at: null }
          }
        }
        if (invitation.revoked_at !== null && !linkRenewed) {
          await regenerateInvitationToken(trx, options.linkSecret, invitation.id)
          linkRenewed = true
        }
        await queueInvitation(trx, wave, { invitationId: invitation.id, to, organisation: organisation.name })
        await decideClaim(trx, claim.id, { status: 'accepted', userId: request.user!.id })
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'open_link.claim_accepted',
          details: { claimId: claim.id, organisationId: organisation.id, sendTo, linkRenewed },
        })
        return { status: 'accepted' as const, sentTo: sendTo, linkRenewed }
      })
      sendOutbox()
      return result
    },
  )

  app.post(
    '/api/waves/:id/open-link/claims/:claimId/reject',
    {
      config: { access: staff },
      schema: { params: ClaimParamsSchema, response: { 200: z.object({ status: z.literal('rejected') }) } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      await app.db.transaction().execute(async (trx) => {
        const claim = await findPendingClaimForUpdate(trx, wave.id, request.params.claimId)
        if (!claim) throw new AppError('CLAIM_NOT_FOUND')
        await decideClaim(trx, claim.id, { status: 'rejected', userId: request.user!.id })
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'open_link.claim_rejected',
          details: { claimId: claim.id, organisationId: claim.organisation.id },
        })
      })
      return { status: 'rejected' as const }
    },
  )
}

export default openLinkRoutes
