import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  ErasureSchema,
  ImportQuerySchema,
  ImportResultSchema,
  OrganisationInputSchema,
  OrganisationListSchema,
  OrganisationParamsSchema,
  OrganisationPatchSchema,
  PersonalDataSchema,
  RegistryCsvQuerySchema,
  WaveOrganisationSchema,
  WaveParamsSchema,
} from '@sonde/contracts'
import {
  createInvitation,
  createOrganisation,
  findOrganisationsBySirenOrEmail,
  listFamilies,
  listWaveOrganisations,
  organisationPersonalData,
  recordAudit,
  toPersonalData,
  toWaveOrganisation,
  updateOrganisation,
  type WaveOrganisationRow,
} from '@sonde/db'
import { csvStream } from '@sonde/analysis'
import { exportFileName } from '../../csv'
import { AppError } from '../../errors'
import { ImportFileError } from '../../organisations/import-csv'
import { importOrganisations } from '../../organisations/import-organisations'
import { staff } from '../../plugins/access'
import { eraseOrganisation } from '../../retention/personal-data'
import { requireWave } from '../../waves/require-wave'

/**
 * The member registry of a wave: organisations imported from CSV (all or nothing, with a
 * preview), added and edited by hand, listed with their link and progress, exported.
 */
const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body))

  const bodyOf = (org: WaveOrganisationRow) => toWaveOrganisation(org, app.links.invitation(org.tokenNonce))

  async function assertFamilies(waveId: string, keys: readonly string[]) {
    const known = new Set((await listFamilies(app.db, waveId)).map((f) => f.key))
    const unknown = keys.filter((k) => !known.has(k))
    if (unknown.length) throw new AppError('UNKNOWN_FAMILY', `familyKeys: unknown ${unknown.join(', ')}`, { unknown })
  }

  app.get(
    '/api/waves/:id/organisations',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, response: { 200: OrganisationListSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      return { organisations: (await listWaveOrganisations(app.db, wave.id)).map(bodyOf) }
    },
  )

  app.post(
    '/api/waves/:id/organisations/import',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, querystring: ImportQuerySchema, response: { 200: ImportResultSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      if (!Buffer.isBuffer(request.body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the member file as text/csv.')
      try {
        return await importOrganisations(app.db, {
          wave,
          file: request.body,
          dryRun: request.query.dryRun === 'true',
          linkSecret: app.links.secret,
          actor: { type: 'user', id: request.user!.id },
        })
      } catch (err) {
        if (err instanceof ImportFileError) throw new AppError('IMPORT_INVALID', err.message)
        throw err
      }
    },
  )

  app.post(
    '/api/waves/:id/organisations',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: OrganisationInputSchema, response: { 201: WaveOrganisationSchema } },
    },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const body = request.body
      await assertFamilies(wave.id, body.familyKeys ?? [])
      const clash = await findOrganisationsBySirenOrEmail(app.db, body.siren ? [body.siren] : [], body.email ? [body.email] : [])
      if (clash.length > 0) throw new AppError('ORGANISATION_EXISTS', undefined, { id: clash[0]!.id })
      const id = await app.db.transaction().execute(async (trx) => {
        const org = await createOrganisation(trx, {
          name: body.name,
          email: body.email?.toLowerCase() ?? null,
          siren: body.siren ?? null,
          region: body.region ?? null,
          familyKeys: body.familyKeys ?? [],
        })
        await createInvitation(trx, app.links.secret, wave.id, org.id)
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'organisation.create',
          details: { organisationId: org.id },
        })
        return org.id
      })
      const row = (await listWaveOrganisations(app.db, wave.id, id))[0]!
      return reply.code(201).send(bodyOf(row))
    },
  )

  app.patch(
    '/api/waves/:id/organisations/:organisationId',
    {
      config: { access: staff },
      schema: {
        params: OrganisationParamsSchema,
        body: OrganisationPatchSchema,
        response: { 200: WaveOrganisationSchema },
      },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const current = (await listWaveOrganisations(app.db, wave.id, request.params.organisationId))[0]
      if (!current) throw new AppError('ORGANISATION_NOT_FOUND')
      const body = request.body
      if (body.familyKeys) await assertFamilies(wave.id, body.familyKeys)
      const clash = (await findOrganisationsBySirenOrEmail(app.db, body.siren ? [body.siren] : [], body.email ? [body.email] : [])).filter(
        (o) => o.id !== current.id,
      )
      if (clash.length > 0) throw new AppError('ORGANISATION_EXISTS', undefined, { id: clash[0]!.id })
      await app.db.transaction().execute(async (trx) => {
        await updateOrganisation(trx, current.id, {
          ...body,
          ...(body.email !== undefined ? { email: body.email?.toLowerCase() ?? null } : {}),
        })
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'organisation.update',
          details: { organisationId: current.id, fields: Object.keys(body) },
        })
      })
      const row = (await listWaveOrganisations(app.db, wave.id, current.id))[0]!
      return bodyOf(row)
    },
  )

  app.post(
    '/api/waves/:id/organisations/:organisationId/erase',
    {
      config: { access: staff },
      schema: { params: OrganisationParamsSchema, response: { 200: ErasureSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const erased = await eraseOrganisation(app.db, {
        waveId: wave.id,
        organisationId: request.params.organisationId,
        actor: { type: 'user', id: request.user!.id },
      })
      if (!erased) throw new AppError('ORGANISATION_NOT_FOUND')
      return erased
    },
  )

  app.get(
    '/api/waves/:id/organisations/:organisationId/personal-data',
    {
      config: { access: staff },
      schema: { params: OrganisationParamsSchema, response: { 200: PersonalDataSchema } },
    },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const member = (await listWaveOrganisations(app.db, wave.id, request.params.organisationId))[0]
      const data = member ? await organisationPersonalData(app.db, member.id) : undefined
      if (!data) throw new AppError('ORGANISATION_NOT_FOUND')
      await recordAudit(app.db, {
        actorType: 'user',
        actorId: request.user!.id,
        waveId: wave.id,
        action: 'organisation.access_export',
        details: { organisationId: member!.id },
      })
      return reply
        .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, 'donnees-organisation', 'json')}"`)
        .send(toPersonalData(data))
    },
  )

  app.get(
    '/api/waves/:id/organisations.csv',
    { config: { access: staff }, schema: { params: WaveParamsSchema, querystring: RegistryCsvQuerySchema } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const rows = (await listWaveOrganisations(app.db, wave.id)).map((o) => [
        o.name,
        o.email,
        o.familyKeys.join('|'),
        o.siren,
        o.region,
        o.responseStatus,
        o.submittedAt?.toISOString() ?? null,
      ])
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, 'organisations')}"`)
        .send(csvStream(['name', 'email', 'families', 'siren', 'region', 'status', 'submitted_at'], rows, request.query.dialect))
    },
  )

  app.get(
    '/api/waves/:id/invitations.csv',
    { config: { access: staff }, schema: { params: WaveParamsSchema, querystring: RegistryCsvQuerySchema } },
    async (request, reply) => {
      const wave = await requireWave(app.db, request.params.id)
      const rows = (await listWaveOrganisations(app.db, wave.id))
        .filter((o) => o.revokedAt === null)
        .map((o) => [o.name, o.email, o.familyKeys.join('|'), app.links.invitation(o.tokenNonce), o.responseStatus])
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${exportFileName(wave.slug, 'liens')}"`)
        .send(csvStream(['name', 'email', 'families', 'link', 'status'], rows, request.query.dialect))
    },
  )
}

export default organisationRoutes
