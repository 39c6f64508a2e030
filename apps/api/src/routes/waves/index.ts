import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  CopyWaveBodySchema,
  CreateWaveBodySchema,
  UpdateWaveBodySchema,
  WaveListSchema,
  WaveParamsSchema,
  WaveScheduleSchema,
  WaveSchema,
} from '@sonde/contracts'
import {
  copyWave,
  listFamilies,
  listFamiliesOfWaves,
  listHandledReminders,
  listWaves,
  recordAudit,
  replaceFamilies,
  setWaveStatus,
  slugTaken,
  toWave,
  updateWave,
  toWaveCalendar,
  waveHasQuestionnaire,
  type JsonValue,
  type WaveStatus,
} from '@sonde/db'
import { AppError } from '../../errors'
import { readers, staff } from '../../plugins/access'
import { createWaveWithDefaults } from '../../waves/new-wave'
import { requireWave } from '../../waves/require-wave'
import { plannedSteps, scheduleIssues } from '../../waves/schedule'

/** Allowed lifecycle moves: draft → open → closed → archived, and closed → open (logged). */
const transitions: Record<'open' | 'close' | 'archive', { from: WaveStatus[]; to: WaveStatus; verb: string }> = {
  open: { from: ['draft', 'closed'], to: 'open', verb: 'opened' },
  close: { from: ['open'], to: 'closed', verb: 'closed' },
  archive: { from: ['closed'], to: 'archived', verb: 'archived' },
}

const waveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/waves', { config: { access: readers }, schema: { response: { 200: WaveListSchema } } }, async () => {
    const waves = await listWaves(app.db)
    const families = await listFamiliesOfWaves(
      app.db,
      waves.map((w) => w.id),
    )
    return { waves: waves.map((w) => toWave(w, families.get(w.id) ?? [])) }
  })

  app.get('/api/waves/:id', { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: WaveSchema } } }, async (request) => {
    const wave = await requireWave(app.db, request.params.id)
    return toWave(wave, await listFamilies(app.db, wave.id))
  })

  app.post('/api/waves', { config: { access: staff }, schema: { body: CreateWaveBodySchema, response: { 201: WaveSchema } } }, async (request, reply) => {
    const body = request.body
    if (await slugTaken(app.db, body.slug)) throw new AppError('SLUG_TAKEN', undefined, { slug: body.slug })
    const wave = await app.db.transaction().execute(async (trx) => {
      const created = await createWaveWithDefaults(trx, { slug: body.slug, title: body.title, settings: body.settings, families: body.families })
      await recordAudit(trx, {
        actorType: 'user',
        actorId: request.user!.id,
        waveId: created.id,
        action: 'wave.create',
        details: { slug: body.slug },
      })
      return created
    })
    return reply.code(201).send(toWave(wave, await listFamilies(app.db, wave.id)))
  })

  app.patch(
    '/api/waves/:id',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: UpdateWaveBodySchema, response: { 200: WaveSchema } },
    },
    async (request) => {
      const wave = await requireWave(app.db, request.params.id)
      const { families, ...changes } = request.body
      const issues = scheduleIssues(toWaveCalendar(wave), changes, new Date())
      if (issues.length > 0) throw new AppError('SCHEDULE_INVALID', `${issues[0]!.field}: ${issues[0]!.message}`, { issues })
      const updated = await app.db.transaction().execute(async (trx) => {
        const row = await updateWave(trx, wave.id, changes)
        if (families) await replaceFamilies(trx, wave.id, families)
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: wave.id,
          action: 'wave.update',
          details: request.body as JsonValue as Record<string, JsonValue>,
        })
        return row
      })
      return toWave(updated, await listFamilies(app.db, wave.id))
    },
  )

  app.get(
    '/api/waves/:id/schedule',
    { config: { access: readers }, schema: { params: WaveParamsSchema, response: { 200: WaveScheduleSchema } } },
    async (request) => {
      const calendar = toWaveCalendar(await requireWave(app.db, request.params.id))
      const now = new Date()
      const sent = calendar.closesAt ? await listHandledReminders(app.db, calendar.id, calendar.closesAt) : []
      const due = calendar.status === 'draft' && calendar.opensAt !== null && calendar.opensAt <= now
      return {
        status: calendar.status,
        opensAt: calendar.opensAt?.toISOString() ?? null,
        closesAt: calendar.closesAt?.toISOString() ?? null,
        reminderDays: calendar.reminderDays,
        planned: plannedSteps(calendar, new Set(sent.map((r) => r.daysBefore)), now),
        blocked: due && !(await waveHasQuestionnaire(app.db, calendar.id)) ? ('no_questionnaire' as const) : null,
        sent: sent.map((r) => ({ daysBefore: r.daysBefore, sentAt: r.sentAt.toISOString(), recipients: r.recipients, superseded: r.superseded })),
      }
    },
  )

  app.post(
    '/api/waves/:id/copy',
    {
      config: { access: staff },
      schema: { params: WaveParamsSchema, body: CopyWaveBodySchema, response: { 201: WaveSchema } },
    },
    async (request, reply) => {
      const source = await requireWave(app.db, request.params.id)
      if (await slugTaken(app.db, request.body.slug)) throw new AppError('SLUG_TAKEN', undefined, { slug: request.body.slug })
      const wave = await app.db.transaction().execute(async (trx) => {
        const created = await copyWave(trx, source.id, request.body)
        await recordAudit(trx, {
          actorType: 'user',
          actorId: request.user!.id,
          waveId: created.id,
          action: 'wave.copy',
          details: { from: source.slug, slug: created.slug },
        })
        return created
      })
      return reply.code(201).send(toWave(wave, await listFamilies(app.db, wave.id)))
    },
  )

  for (const [action, rule] of Object.entries(transitions)) {
    app.post(
      `/api/waves/:id/${action}`,
      { config: { access: staff }, schema: { params: WaveParamsSchema, response: { 200: WaveSchema } } },
      async (request) => {
        const wave = await requireWave(app.db, request.params.id)
        if (!rule.from.includes(wave.status)) {
          throw new AppError('INVALID_TRANSITION', `A ${wave.status} wave cannot be ${rule.verb}.`)
        }
        const updated = await app.db.transaction().execute(async (trx) => {
          const row = await setWaveStatus(trx, wave.id, rule.to)
          await recordAudit(trx, {
            actorType: 'user',
            actorId: request.user!.id,
            waveId: wave.id,
            action: `wave.${action as keyof typeof transitions}`,
            details: { from: wave.status, to: rule.to },
          })
          return row
        })
        return toWave(updated, await listFamilies(app.db, wave.id))
      },
    )
  }
}

export default waveRoutes
