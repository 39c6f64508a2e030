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
  lockWave,
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
import { lastReminderDays, openingBlock, plannedSteps, scheduleIssues } from '../../waves/schedule'

/** The moves staff make by hand (`WAVE_MOVES_FROM` says from which statuses). */
const transitions: Record<'open' | 'close' | 'archive', { to: WaveStatus; verb: string }> = {
  open: { to: 'open', verb: 'opened' },
  close: { to: 'closed', verb: 'closed' },
  archive: { to: 'archived', verb: 'archived' },
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
      const updated = await app.db.transaction().execute(async (trx) => {
        // The dates are checked against the wave as it is once locked: the scheduler cannot open
        // it between the check and the write.
        const current = await lockWave(trx, wave.id)
        if (!current) throw new AppError('WAVE_NOT_FOUND')
        const issues = scheduleIssues(toWaveCalendar(current), changes, new Date())
        if (issues.length > 0) throw new AppError('SCHEDULE_INVALID', `${issues[0]!.field}: ${issues[0]!.message}`, { issues })
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
      // Reminders are handled once the wave is open: a draft has none to show.
      const sent = calendar.status === 'draft' ? [] : await listHandledReminders(app.db, calendar.id, calendar.opensAt)
      return {
        status: calendar.status,
        opensAt: calendar.opensAt?.toISOString() ?? null,
        closesAt: calendar.closesAt?.toISOString() ?? null,
        reminderDays: calendar.reminderDays,
        planned: plannedSteps(calendar, lastReminderDays(sent), now),
        blocked: openingBlock(calendar, await waveHasQuestionnaire(app.db, calendar.id), now),
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
        const updated = await app.db.transaction().execute(async (trx) => {
          // Checked on the locked row: a click as the scheduler moves the wave makes no second move.
          const current = await lockWave(trx, wave.id)
          if (!current) throw new AppError('WAVE_NOT_FOUND')
          const row = await setWaveStatus(trx, wave.id, rule.to)
          if (!row) throw new AppError('INVALID_TRANSITION', `A ${current.status} wave cannot be ${rule.verb}.`)
          await recordAudit(trx, {
            actorType: 'user',
            actorId: request.user!.id,
            waveId: wave.id,
            action: `wave.${action as keyof typeof transitions}`,
            details: { from: current.status, to: rule.to },
          })
          return row
        })
        return toWave(updated, await listFamilies(app.db, wave.id))
      },
    )
  }
}

export default waveRoutes
