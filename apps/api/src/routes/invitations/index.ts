import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  OutboxSchema,
  SendInvitationsBodySchema,
  SendInvitationsResultSchema,
  WaveOrganisationSchema,
} from '@sonde/contracts'
import {
  enqueueMessages,
  invitationIdsAlreadyMailed,
  listOutbox,
  listWaveOrganisations,
  recordAudit,
  regenerateInvitationToken,
} from '@sonde/db'
import { AppError } from '../../errors'
import { defaultTemplates, renderTemplate } from '../../mail/templates'
import { staff } from '../../plugins/access'
import { organisationBody, type LinkOptions } from '../organisations/organisation-body'
import { requireWave, WaveParamsSchema } from '../waves/require-wave'

const OrganisationParamsSchema = z.object({ id: z.string().max(100), organisationId: z.string().uuid() })

/**
 * Invitations and reminders by e-mail, through the outbox (sent by the worker with retries),
 * and the link of each organisation: revoke it, or give it a new one.
 */
const invitationRoutes: FastifyPluginAsyncZod<LinkOptions> = async (app, options) => {
  app.post(
    '/api/waves/:id/invitations',
    { config: { access: staff }, schema: { params: WaveParamsSchema, body: SendInvitationsBodySchema, response: { 200: SendInvitationsResultSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const { kind, organisationIds } = request.body
      const chosen = organisationIds ? new Set(organisationIds) : null
      const organisations = (await listWaveOrganisations(app.db, wave.id)).filter((o) => !chosen || chosen.has(o.id))
      const mailed = kind === 'invitation' ? await invitationIdsAlreadyMailed(app.db, wave.id) : new Set<string>()
      const template = wave.settings.templates?.[kind] ?? defaultTemplates[kind]
      const skipped: z.infer<typeof SendInvitationsResultSchema>['skipped'] = []
      const messages: Parameters<typeof enqueueMessages>[1] = []
      for (const org of organisations) {
        const skip = (reason: (typeof skipped)[number]['reason']) => skipped.push({ organisationId: org.id, name: org.name, reason })
        if (org.revokedAt) skip('revoked')
        else if (!org.email) skip('no_email')
        else if (org.responseStatus === 'submitted') skip('submitted')
        // Choosing organisations by hand sends again; "send the invitations" skips those already invited.
        else if (kind === 'invitation' && !chosen && mailed.has(org.invitationId)) skip('already_invited')
        else {
          const { subject, body } = renderTemplate(template, { organisation: org.name, vague: wave.title, closesAt: wave.closes_at })
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

  app.get(
    '/api/waves/:id/outbox',
    { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: OutboxSchema } } },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const [messages, organisations] = await Promise.all([listOutbox(app.db, wave.id), listWaveOrganisations(app.db, wave.id)])
      const nameByInvitation = new Map(organisations.map((o) => [o.invitationId, o.name]))
      return {
        smtpConfigured: app.outbox.smtpConfigured,
        messages: messages.map((m) => ({
          id: m.id,
          kind: m.kind,
          to: m.to_address,
          subject: m.subject,
          status: m.status,
          attempts: m.attempts,
          lastError: m.last_error,
          createdAt: m.created_at.toISOString(),
          sentAt: m.sent_at?.toISOString() ?? null,
          organisationName: (m.invitation_id && nameByInvitation.get(m.invitation_id)) || null,
        })),
      }
    },
  )

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
            await trx.updateTable('invitations').set({ revoked_at: new Date() }).where('id', '=', org.invitationId).execute()
          } else {
            await regenerateInvitationToken(trx, options.linkSecret, org.invitationId)
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
        return organisationBody(updated, options)
      },
    )
  }
}

export default invitationRoutes
