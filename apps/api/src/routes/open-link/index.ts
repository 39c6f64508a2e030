import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { FamilySchema, WaveStatusSchema } from '@sonde/contracts'
import {
  createInvitation,
  createOrganisation,
  enqueueMessages,
  findOrganisationsBySirenOrEmail,
  findWaveBySlug,
  invitedOrganisationIds,
  listFamilies,
  listWaveOrganisations,
  recordAudit,
  waveSettings,
  type Wave,
} from '@sonde/db'
import { AppError } from '../../errors'
import { defaultTemplates, renderTemplate } from '../../mail/templates'
import type { LinkOptions } from '../organisations/organisation-body'
import { validSiren } from '../organisations/import-csv'

const SlugParamsSchema = z.object({ slug: z.string().max(100) })
const JoinBodySchema = z.strictObject({
  organisation: z.strictObject({
    name: z.string().trim().min(1).max(300),
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()).optional(),
    familyKeys: z.array(z.string().max(40)).max(20).optional(),
    siren: z
      .string()
      .transform((s) => s.replace(/\s/g, ''))
      .refine(validSiren, 'not a valid SIREN (9 digits with a check digit)')
      .optional(),
  }),
  /** The person ticked the notice's consent box (the form requires it); recorded in the audit log. */
  consent: z.literal(true).optional(),
})

/**
 * The open link of a wave (`/w/<slug>`, when the wave allows it): an organisation that is not
 * on the member list declares itself and gets its private link — on screen and by e-mail the
 * first time; when its e-mail or SIREN is already known, only by e-mail to the address on file,
 * so that nobody can obtain another organisation's link by typing its e-mail.
 */
const openLinkRoutes: FastifyPluginAsyncZod<LinkOptions> = async (app, options) => {
  async function openWave(slug: string): Promise<Wave> {
    const wave = await findWaveBySlug(app.db, slug)
    if (!wave || wave.status !== 'open' || !waveSettings(wave).openLink) throw new AppError('WAVE_NOT_FOUND')
    return wave
  }

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
      schema: {
        params: SlugParamsSchema,
        body: JoinBodySchema,
        response: {
          201: z.object({ token: z.string(), url: z.string() }),
          202: z.object({ status: z.literal('link_sent') }),
        },
      },
    },
    async (request, reply) => {
      const counter = app.rateLimits.joinsPerAddress
      counter.assertAllowed(request.ip)
      counter.recordFailure(request.ip)
      const wave = await openWave(request.params.slug)
      const { name, email, siren, familyKeys = [] } = request.body.organisation
      const known = new Set((await listFamilies(app.db, wave.id)).map((f) => f.key))
      const unknown = familyKeys.filter((k) => !known.has(k))
      if (unknown.length) throw new AppError('UNKNOWN_FAMILY', `organisation.familyKeys: unknown ${unknown.join(', ')}`)

      const template = wave.settings.templates?.invitation ?? defaultTemplates.invitation
      const [existing] = await findOrganisationsBySirenOrEmail(app.db, siren ? [siren] : [], email ? [email] : [])
      const outcome = await app.db.transaction().execute(async (trx) => {
        if (existing) {
          if (!(await invitedOrganisationIds(trx, wave.id)).has(existing.id)) {
            await createInvitation(trx, options.linkSecret, wave.id, existing.id)
          }
          const invitation = (await listWaveOrganisations(trx, wave.id, existing.id))[0]!
          if (existing.email && invitation.revokedAt === null) {
            const message = renderTemplate(template, { organisation: existing.name, vague: wave.title, closesAt: wave.closes_at })
            await enqueueMessages(trx, [{ kind: 'invitation', waveId: wave.id, invitationId: invitation.invitationId, to: existing.email, ...message }])
          }
          await recordAudit(trx, {
            actorType: 'system',
            actorId: null,
            waveId: wave.id,
            action: 'open_link.known_organisation',
            details: { organisationId: existing.id, consent: request.body.consent === true },
          })
          return { kind: 'known' as const }
        }
        const org = await createOrganisation(trx, { name, email: email ?? null, siren: siren ?? null, familyKeys })
        const { token, invitationId } = await createInvitation(trx, options.linkSecret, wave.id, org.id)
        if (email) {
          const message = renderTemplate(template, { organisation: name, vague: wave.title, closesAt: wave.closes_at })
          await enqueueMessages(trx, [{ kind: 'invitation', waveId: wave.id, invitationId, to: email, ...message }])
        }
        await recordAudit(trx, {
          actorType: 'system',
          actorId: null,
          waveId: wave.id,
          action: 'open_link.registered',
          details: { organisationId: org.id, consent: request.body.consent === true },
        })
        return { kind: 'created' as const, token }
      })
      void app.outbox.processDue().catch((err: unknown) => app.log.warn({ err }, 'outbox pass failed'))
      if (outcome.kind === 'known') return reply.code(202).send({ status: 'link_sent' as const })
      return reply.code(201).send({ token: outcome.token, url: `${options.baseUrl}/r/${outcome.token}` })
    },
  )
}

export default openLinkRoutes
