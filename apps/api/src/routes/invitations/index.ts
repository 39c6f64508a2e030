import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  OrganisationParamsSchema,
  OutboxSchema,
  SendInvitationsBodySchema,
  SendInvitationsResultSchema,
  WaveOrganisationSchema,
  WaveParamsSchema,
  type SendInvitationsResult,
} from '@sonde/contracts'
import {
  enqueueMessages,
  invitationIdsAlreadyMailed,
  listFamilies,
  listOutbox,
  listWaveOrganisations,
  recordAudit,
  regenerateInvitationToken,
  revokeInvitation,
  toOutboxMessage,
  toWave,
  toWaveOrganisation,
} from '@sonde/db'
import { AppError } from '../../errors'
import { waveMessage } from '../../mail/templates'
import { staff } from '../../plugins/access'
import { requireWave } from '../../waves/require-wave'

/**
 * Invitations and reminders by e-mail, through the outbox (sent by the worker with retries),
 * and the link of each organisation: revoke it, or give it a new one.
 */
const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/waves/:id/invitations',
    { config: { access: staff }, schema: { params: WaveParamsSchema, body: SendInvitationsBodySchema, response: { 200: SendInvitationsResultSchema } } },
    async (request) => {
      const row = await requireWave(app.db, request.params.id)
      const wave = toWave(row, await listFamilies(app.db, row.id))
      const { kind, organisationIds } = request.body
      const chosen = organisationIds ? new Set(organisationIds) : null
      const organisations = (await listWaveOrganisations(app.db, wave.id)).filter((o) => !chosen || chosen.has(o.id))
      const mailed = kind === 'invitation' ? await invitationIdsAlreadyMailed(app.db, wave.id) : new Set<string>()
      const skipped: SendInvitationsResult['skipped'] = []
      const messages: Parameters<typeof enqueueMessages>[1] = []
      for (const org of organisations) {
        const skip = (reason: (typeof skipped)[number]['reason']) => skipped.push({ organisationId: org.id, name: org.name, reason })
        if (org.revokedAt) skip('revoked')
        else if (!org.email) skip('no_email')
        else if (org.responseStatus === 'submitted') skip('submitted')
        // Choosing organisations by hand sends again; "send the invitations" skips those already invited.
        else if (kind === 'invitation' && !chosen && mailed.has(org.invitationId)) skip('already_invited')
        else {
          const { subject, body } = waveMessage(wave, kind, org.name)
          messages.push({ kind, waveId: wave.id, invitationId: org.invitationId, to: org.email, subject, body })
        }
      }
      await app.db.transaction().execute(async (trx) => {
        await enqueueMessages(trx, messages)
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: kind === 'invitation' ? 'invitations.send' : 'reminders.send',
          details: { queued: messages.length, skipped: skipped.length },
        })
      })
      // Do not make staff wait for SMTP: the worker picks the messages up at once.
      void app.outbox.processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))
      return { queued: messages.length, skipped }
    },
  )

  app.get('/api/waves/:id/outbox', { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: OutboxSchema } } }, async (request) => {
    const wave = await requireWave(app.db, request.params.id)
    return { smtpConfigured: app.outbox.smtpConfigured, messages: (await listOutbox(app.db, wave.id)).map(toOutboxMessage) }
  })

  for (const action of ['revoke', 'regenerate'] as const) {
    app.post(
      `/api/waves/:id/organisations/:organisationId/invitation/${action}`,
      {
        config: { access: staff },
        schema: { params: OrganisationParamsSchema, response: { 200: WaveOrganisationSchema } },
      },
      async (request) => {
        const wave = await requireWave(app.db, request.params.id)
        const org = (await listWaveOrganisations(app.db, wave.id, request.params.organisationId))[0]
        if (!org) throw new AppError('ORGANISATION_NOT_FOUND')
        await app.db.transaction().execute(async (trx) => {
          if (action === 'revoke') {
            await revokeInvitation(trx, org.invitationId)
          } else {
            await regenerateInvitationToken(trx, app.links.secret, org.invitationId)
          }
          await recordAudit(trx, {
            actorType: 'user',
            actorId: request.user!.id,
            waveId: wave.id,
            action: `invitation.${action}`,
            details: { organisationId: org.id },
          })
        })
        const updated = (await listWaveOrganisations(app.db, wave.id, org.id))[0]!
        return toWaveOrganisation(updated, app.links.invitation(updated.tokenNonce))
      },
    )
  }
}

export default invitationRoutes
