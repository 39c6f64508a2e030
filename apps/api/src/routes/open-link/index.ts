import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Transaction } from 'kysely'
import {
  AcceptClaimBodySchema,
  AcceptClaimResultSchema,
  ClaimParamsSchema,
  JoinAcceptedSchema,
  JoinBodySchema,
  OpenLinkClaimListSchema,
  OpenLinkParamsSchema,
  OpenLinkWaveSchema,
  RejectClaimResultSchema,
  WaveParamsSchema,
} from '@sonde/contracts'
import {
  createInvitation,
  createOrganisation,
  decideClaim,
  enqueueMessages,
  findInvitation,
  findOrganisationsBySirenOrEmail,
  findPendingClaimForUpdate,
  findWaveBySlug,
  listFamilies,
  listPendingClaims,
  lockOpenLinkKeys,
  recordAudit,
  recordOpenLinkClaim,
  regenerateInvitationToken,
  toOpenLinkClaim,
  toWave,
  updateOrganisation,
  waveSettings,
  type Database,
  type WaveRow,
  statusForRespondents,
} from '@sonde/db'
import { AppError } from '../../errors'
import { waveMessage } from '../../mail/templates'
import { staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'

/**
 * The open link of a wave (`/w/<slug>`, when the wave allows it): an organisation that is not on
 * the member list declares itself, and its private link goes by e-mail to the address given —
 * never on screen. Every accepted request gets the same 202, whether the organisation was new,
 * known, or contested, so that the form tells nobody who is a member. A SIREN already held under
 * another address sends nothing: the request waits on a review list for staff, who send the link
 * to the address on file or to the new one, or reject it (each step audited). Sends are capped
 * per client address (429) and per target address (silently: the answer does not change).
 */
const openLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  async function openWave(slug: string): Promise<WaveRow> {
    const wave = await findWaveBySlug(app.db, slug)
    if (!wave || statusForRespondents(wave, new Date()) !== 'open' || !waveSettings(wave).openLink) throw new AppError('WAVE_NOT_FOUND')
    return wave
  }

  async function queueInvitation(trx: Transaction<Database>, row: WaveRow, message: { invitationId: string; to: string; organisation: string }): Promise<void> {
    const wave = toWave(row, await listFamilies(trx, row.id))
    const text = waveMessage(wave, 'invitation', message.organisation)
    await enqueueMessages(trx, [{ kind: 'invitation', waveId: wave.id, invitationId: message.invitationId, to: message.to, ...text }])
  }

  /** An organisation's invitation to the wave, made now if it has none. */
  async function invitationFor(trx: Transaction<Database>, waveId: string, organisationId: string) {
    return (
      (await findInvitation(trx, waveId, organisationId)) ?? {
        id: (await createInvitation(trx, app.links.secret, waveId, organisationId)).invitationId,
        revokedAt: null,
      }
    )
  }

  const sendOutbox = () => void app.outbox.processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))

  app.get(
    '/api/w/:slug',
    {
      config: { access: 'public' },
      schema: {
        params: OpenLinkParamsSchema,
        response: { 200: OpenLinkWaveSchema },
      },
    },
    async (request) => {
      const row = await openWave(request.params.slug)
      const wave = toWave(row, await listFamilies(app.db, row.id))
      return { wave: { slug: wave.slug, title: wave.title, status: wave.status, families: wave.families } }
    },
  )

  app.post(
    '/api/w/:slug/join',
    {
      config: { access: 'public' },
      schema: { params: OpenLinkParamsSchema, body: JoinBodySchema, response: { 202: JoinAcceptedSchema } },
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
        // organisation, the other finds it.
        await lockOpenLinkKeys(trx, { email, siren: siren ?? null })
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
        let invitation: { id: string; revokedAt: Date | null }
        if (existing) {
          organisationId = existing.id
          invitation = await invitationFor(trx, wave.id, existing.id)
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
          invitation = { id: (await createInvitation(trx, app.links.secret, wave.id, org.id)).invitationId, revokedAt: null }
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
        if (invitation.revokedAt !== null) return 'revoked' as const
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
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: OpenLinkClaimListSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      return { claims: (await listPendingClaims(app.db, wave.id)).map(toOpenLinkClaim) }
    },
  )

  app.post(
    '/api/waves/:id/open-link/claims/:claimId/accept',
    {
      config: { access: staff },
      schema: {
        params: ClaimParamsSchema,
        body: AcceptClaimBodySchema,
        response: { 200: AcceptClaimResultSchema },
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
        let invitation = await findInvitation(trx, wave.id, organisation.id)
        if (sendTo === 'on_file') {
          if (!organisation.email) throw new AppError('NO_ADDRESS_ON_FILE')
          to = organisation.email
          invitation ??= await invitationFor(trx, wave.id, organisation.id)
        } else {
          to = claim.email!
          const clash = (await findOrganisationsBySirenOrEmail(trx, [], [to])).filter((o) => o.id !== organisation.id)
          if (clash.length > 0) throw new AppError('ORGANISATION_EXISTS', undefined, { id: clash[0]!.id })
          await updateOrganisation(trx, organisation.id, { email: to })
          if (invitation) {
            // Staff decided the address on file was wrong: whoever holds the old link loses it.
            await regenerateInvitationToken(trx, app.links.secret, invitation.id)
            linkRenewed = true
          } else {
            invitation = await invitationFor(trx, wave.id, organisation.id)
          }
        }
        if (invitation.revokedAt !== null && !linkRenewed) {
          await regenerateInvitationToken(trx, app.links.secret, invitation.id)
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
      schema: { params: ClaimParamsSchema, response: { 200: RejectClaimResultSchema } },
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
