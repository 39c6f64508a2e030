import type { FastifyInstance } from 'fastify'
import { closeWaveOnSchedule, createWave, openWaveOnSchedule } from '@sonde/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app'
import { completeAnswers, loginCookie, startTestApp, testConfig, untilWaitingOnALock, userFactory, waveFactory, type TestContext } from './support'
import { mailText, startSmtpServer } from './smtp'

// A wave's calendar (issue 11, point 4): planned dates open and close waves by themselves, and
// planned reminders go once, to those who have not submitted — on both engines, across a restart,
// and with two API processes on one database. Time is driven by calling the scheduler's pass with
// a `now` of the test's choosing.

let ctx: TestContext
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let cookie: string
const smtpConfig = () => ({ url: smtp.url, from: 'Sonde <enquete@example.org>' })

beforeAll(async () => {
  smtp = await startSmtpServer()
  ctx = await startTestApp({ smtp: smtpConfig() })
  cookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => {
  await ctx?.close()
  await smtp?.close()
})

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
const later = (ms: number, from = new Date()) => new Date(from.getTime() + ms)

const patch = (waveId: string, body: object) => ctx.app.inject({ method: 'PATCH', url: `/api/waves/${waveId}`, headers: { cookie }, payload: body })
const getWave = async (waveId: string) => (await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}`, headers: { cookie } })).json()
const schedule = async (waveId: string) => (await ctx.app.inject({ method: 'GET', url: `/api/waves/${waveId}/schedule`, headers: { cookie } })).json()
const audit = (waveId: string) =>
  ctx.database.db.selectFrom('audit_events').select(['action', 'actor_type', 'details']).where('wave_id', '=', waveId).orderBy('id').execute()

/** A wave with members imported from a member file (with addresses); returns their links by name. */
async function waveWithMembers(status: 'draft' | 'open', names: string[]) {
  const wave = await waveFactory(ctx.database, { status })
  const csv = `name,email\n${names.map((name) => `${name},${name.toLowerCase().replace(/\W+/g, '-')}@example.org`).join('\n')}\n`
  const imported = await ctx.app.inject({
    method: 'POST',
    url: `/api/waves/${wave.id}/organisations/import`,
    headers: { cookie, 'content-type': 'text/csv' },
    payload: csv,
  })
  expect(imported.json().written).toBe(true)
  const list = (await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/organisations`, headers: { cookie } })).json()
  const tokens = new Map<string, string>(
    list.organisations.map((o: { name: string; invitation: { link: string } }) => [o.name, o.invitation.link.split('/r/')[1]!]),
  )
  return { wave, tokens }
}

async function submit(token: string) {
  const saved = await ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 0, answers: completeAnswers() } })
  expect(saved.statusCode, saved.body).toBe(200)
  const submitted = await ctx.app.inject({
    method: 'POST',
    url: `/api/r/${token}/submit`,
    payload: { revision: saved.json().revision },
    headers: { 'idempotency-key': `submit-${token.slice(0, 12)}` },
  })
  expect(submitted.statusCode, submitted.body).toBe(200)
}

describe('planned dates in PATCH /api/waves/{id}', () => {
  it('stores the opening, the closing and the reminder days, and plans them in order', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const res = await patch(wave.id, {
      opensAt: '2099-03-01T09:00:00+01:00',
      closesAt: '2099-03-31T23:59:00+02:00',
      settings: { reminderDays: [7, 2] },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ opensAt: '2099-03-01T08:00:00.000Z', closesAt: '2099-03-31T21:59:00.000Z', settings: { reminderDays: [7, 2] } })
    expect(await schedule(wave.id)).toEqual({
      status: 'draft',
      opensAt: '2099-03-01T08:00:00.000Z',
      closesAt: '2099-03-31T21:59:00.000Z',
      reminderDays: [7, 2],
      planned: [
        { kind: 'open', at: '2099-03-01T08:00:00.000Z', daysBefore: null },
        // 9 h in Paris: winter time on the 24th, summer time (from the 29th) on the 29th.
        { kind: 'reminder', at: '2099-03-24T08:00:00.000Z', daysBefore: 7 },
        { kind: 'reminder', at: '2099-03-29T07:00:00.000Z', daysBefore: 2 },
        { kind: 'close', at: '2099-03-31T21:59:00.000Z', daysBefore: null },
      ],
      blocked: null,
      sent: [],
    })
  })

  it.each([
    ['a closing before the opening', 'draft', { opensAt: '2099-03-10T09:00:00Z', closesAt: '2099-03-01T09:00:00Z' }, 'body.closesAt'],
    ['a closing already past, for an open wave', 'open', { closesAt: '2020-01-01T00:00:00Z' }, 'body.closesAt'],
    ['a new opening for a wave already open', 'open', { opensAt: '2099-03-10T09:00:00Z' }, 'body.opensAt'],
  ] as const)('refuses %s with 422 SCHEDULE_INVALID naming the field, and changes nothing', async (_label, status, body, field) => {
    const wave = await waveFactory(ctx.database, { status })
    const before = await getWave(wave.id)
    const res = await patch(wave.id, { ...body, title: 'Nouveau titre' })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'SCHEDULE_INVALID', message: expect.stringMatching(new RegExp(`^${field}: `)), details: { issues: [{ field }] } })
    expect(await getWave(wave.id)).toEqual(before)
  })

  it.each([
    ['a day twice', [2, 2]],
    ['more than 90 days', [91]],
    ['six reminders', [1, 2, 3, 4, 5, 6]],
    ['a fraction of a day', [1.5]],
  ])('refuses reminder days with %s (400 naming the field)', async (_label, reminderDays) => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const res = await patch(wave.id, { settings: { reminderDays } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'INVALID_BODY', message: expect.stringMatching(/^body\.settings\.reminderDays/) })
    expect((await getWave(wave.id)).settings.reminderDays).toEqual([])
  })

  it('refuses a date without its offset (400), since "9 h" means nothing without a time zone', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const res = await patch(wave.id, { opensAt: '2099-03-01T09:00:00' })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/^body\.opensAt/)
  })

  it('keeps a planned closing when staff open the wave by hand, and records the moment it opened', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    await patch(wave.id, { opensAt: '2099-03-01T09:00:00Z', closesAt: '2099-03-31T21:59:00Z' })
    const started = Date.now()
    const opened = await ctx.app.inject({ method: 'POST', url: `/api/waves/${wave.id}/open`, headers: { cookie } })
    expect(opened.json()).toMatchObject({ status: 'open', closesAt: '2099-03-31T21:59:00.000Z' })
    expect(new Date(opened.json().opensAt).getTime()).toBeGreaterThanOrEqual(started - 1000)
  })
})

describe('the scheduler', () => {
  it('opens a draft wave at its opening and closes it at its closing; respondents can answer in between only', async () => {
    const { wave, tokens } = await waveWithMembers('draft', ['Atelier Calendrier'])
    const token = tokens.get('Atelier Calendrier')!
    const opensAt = later(HOUR)
    const closesAt = later(2 * DAY)
    expect((await patch(wave.id, { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() })).statusCode).toBe(200)

    expect(await ctx.app.schedule.tick(later(-1000, opensAt))).toMatchObject({ opened: [], closed: [] })
    expect((await getWave(wave.id)).status).toBe('draft')

    expect((await ctx.app.schedule.tick(opensAt)).opened).toEqual([wave.id])
    expect((await getWave(wave.id)).status).toBe('open')
    const save = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/r/${token}/answers`,
      payload: { baseRevision: 0, answers: { attentes: 'dans les temps' } },
    })
    expect(save.statusCode).toBe(200)

    expect((await ctx.app.schedule.tick(later(-1000, closesAt))).closed).toEqual([])
    expect((await ctx.app.schedule.tick(closesAt)).closed).toEqual([wave.id])
    expect(await getWave(wave.id)).toMatchObject({ status: 'closed', opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() })
    const tooLate = await ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 1, answers: { attentes: 'trop tard' } } })
    expect(tooLate.json().code).toBe('WAVE_NOT_OPEN')
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })).json().wave).toMatchObject({ status: 'closed', closesAt: closesAt.toISOString() })

    const events = (await audit(wave.id)).filter((e) => e.actor_type === 'system')
    expect(events).toEqual([
      { action: 'wave.open_scheduled', actor_type: 'system', details: { from: 'draft', to: 'open', opensAt: opensAt.toISOString() } },
      { action: 'wave.close_scheduled', actor_type: 'system', details: { from: 'open', to: 'closed', closesAt: closesAt.toISOString() } },
    ])
  })

  it('closes a wave to its respondents at its closing, before the scheduler has passed (WAVE_NOT_OPEN)', async () => {
    const { wave, tokens } = await waveWithMembers('open', ['Atelier Minuit'])
    const token = tokens.get('Atelier Minuit')!
    const closesAt = later(2 * DAY)
    expect((await patch(wave.id, { closesAt: closesAt.toISOString() })).statusCode).toBe(200)
    const save = (answers: object, baseRevision: number) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision, answers } })
    expect((await save({ attentes: 'dans les temps' }, 0)).statusCode).toBe(200)

    // The closing comes; no scheduler pass has run yet, so the row still says open.
    const passed = later(-1000)
    await ctx.database.db.updateTable('waves').set({ closes_at: passed }).where('id', '=', wave.id).execute()
    expect((await getWave(wave.id)).status).toBe('open')

    const tooLate = await save({ attentes: 'trop tard' }, 1)
    expect(tooLate.statusCode).toBe(409)
    expect(tooLate.json().code).toBe('WAVE_NOT_OPEN')
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: `/api/r/${token}/submit`,
      payload: { revision: 1 },
      headers: { 'idempotency-key': `submit-${token.slice(0, 12)}` },
    })
    expect(submitted.json().code).toBe('WAVE_NOT_OPEN')
    const view = (await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })).json()
    expect(view.wave).toMatchObject({ status: 'closed', closesAt: passed.toISOString() })
    expect(view.response.answers).toMatchObject({ attentes: 'dans les temps' })
  })

  it('never reopens a wave closed by hand, though its opening date is past', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    await patch(wave.id, { opensAt: later(HOUR).toISOString() })
    await ctx.app.schedule.tick(later(2 * HOUR))
    await ctx.app.inject({ method: 'POST', url: `/api/waves/${wave.id}/close`, headers: { cookie } })
    expect((await ctx.app.schedule.tick(later(3 * HOUR))).opened).toEqual([])
    expect((await getWave(wave.id)).status).toBe('closed')
  })

  it('leaves a wave without a questionnaire in draft, and says why once in the audit log and in its schedule', async () => {
    const row = await createWave(ctx.database.db, { slug: `sans-questionnaire-${Date.now()}`, title: 'Sans questionnaire' })
    await patch(row.id, { opensAt: later(HOUR).toISOString() })
    expect((await ctx.app.schedule.tick(later(2 * HOUR))).blocked).toEqual([row.id])
    expect((await ctx.app.schedule.tick(later(3 * HOUR))).blocked).toEqual([])
    expect((await getWave(row.id)).status).toBe('draft')
    expect((await audit(row.id)).filter((e) => e.action === 'wave.open_blocked')).toHaveLength(1)
  })

  it('leaves in draft a wave whose opening and closing both passed while no process ran, says why once, and opens it once a closing ahead is set', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const opensAt = later(-2 * HOUR)
    const closesAt = later(-HOUR)
    // Written as the database would hold them after a stop over both dates.
    await ctx.database.db.updateTable('waves').set({ opens_at: opensAt, closes_at: closesAt }).where('id', '=', wave.id).execute()

    expect(await ctx.app.schedule.tick()).toMatchObject({ opened: [], closed: [], blocked: [wave.id] })
    expect((await ctx.app.schedule.tick()).blocked).toEqual([])
    expect((await getWave(wave.id)).status).toBe('draft')
    expect(await schedule(wave.id)).toMatchObject({ status: 'draft', blocked: 'closing_passed', planned: [] })
    expect((await audit(wave.id)).filter((e) => e.action.startsWith('wave.') && e.actor_type === 'system')).toEqual([
      {
        action: 'wave.open_blocked',
        actor_type: 'system',
        details: { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), reason: 'closing_passed' },
      },
    ])

    expect((await patch(wave.id, { closesAt: later(DAY).toISOString() })).statusCode).toBe(200)
    expect((await ctx.app.schedule.tick()).opened).toEqual([wave.id])
    expect((await getWave(wave.id)).status).toBe('open')
  })

  it('does not send a reminder again when the closing moves a day later; a reminder due later still goes', async () => {
    const { wave } = await waveWithMembers('open', ['Atelier Report'])
    await patch(wave.id, { closesAt: '2099-06-15T21:59:00Z', settings: { reminderDays: [7, 2] } })
    // 9 h in Paris, summer time.
    expect((await ctx.app.schedule.tick(new Date('2099-06-08T07:00:00Z'))).reminders).toMatchObject([{ waveId: wave.id, daysBefore: 7, recipients: 1 }])

    expect((await patch(wave.id, { closesAt: '2099-06-16T21:59:00Z' })).statusCode).toBe(200)
    expect((await ctx.app.schedule.tick(new Date('2099-06-09T07:00:00Z'))).reminders).toEqual([])
    expect(await schedule(wave.id)).toMatchObject({
      planned: [
        { kind: 'reminder', at: '2099-06-14T07:00:00.000Z', daysBefore: 2 },
        { kind: 'close', at: '2099-06-16T21:59:00.000Z', daysBefore: null },
      ],
      sent: [{ daysBefore: 7, sentAt: '2099-06-08T07:00:00.000Z', recipients: 1, superseded: false }],
    })
    expect((await ctx.app.schedule.tick(new Date('2099-06-14T07:00:00Z'))).reminders).toMatchObject([{ waveId: wave.id, daysBefore: 2, recipients: 1 }])
    const queued = await ctx.database.db.selectFrom('outbox').select('to_address').where('wave_id', '=', wave.id).where('kind', '=', 'reminder').execute()
    expect(queued).toHaveLength(2)
  })

  it('sends a planned reminder once, only to the organisations that have not submitted, with the deadline in it', async () => {
    const { wave, tokens } = await waveWithMembers('open', ['Atelier Envoye', 'Atelier Commence', 'Atelier Muet'])
    await submit(tokens.get('Atelier Envoye')!)
    const closesAt = new Date('2099-03-15T22:59:00Z')
    expect((await patch(wave.id, { closesAt: closesAt.toISOString(), settings: { reminderDays: [7, 2] } })).statusCode).toBe(200)

    const before = smtp.received.length
    expect((await ctx.app.schedule.tick(new Date('2099-03-08T07:59:00Z'))).reminders).toEqual([])
    const first = await ctx.app.schedule.tick(new Date('2099-03-08T08:00:00Z'))
    expect(first.reminders).toEqual([{ waveId: wave.id, daysBefore: 7, recipients: 2, superseded: [] }])
    expect((await ctx.app.schedule.tick(new Date('2099-03-08T09:00:00Z'))).reminders).toEqual([])
    await ctx.app.outbox.processDue()

    const mails = smtp.received.slice(before)
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['atelier-commence@example.org', 'atelier-muet@example.org'])
    for (const mail of mails) {
      const text = mailText(mail)
      expect(text).toContain('Le questionnaire est ouvert jusqu’au 15 mars 2099 à 23\u00A0h\u00A059 (heure de Paris).')
      expect(text).toMatch(/http:\/\/sonde\.test\/r\/[\w-]+/)
    }
    expect((await schedule(wave.id)).sent).toEqual([{ daysBefore: 7, sentAt: '2099-03-08T08:00:00.000Z', recipients: 2, superseded: false }])
    expect((await audit(wave.id)).filter((e) => e.action === 'reminders.scheduled')).toEqual([
      { action: 'reminders.scheduled', actor_type: 'system', details: { daysBefore: 7, closesAt: closesAt.toISOString(), queued: 2, superseded: [] } },
    ])
  })

  it('puts the closing date in the invitations too', async () => {
    const { wave } = await waveWithMembers('open', ['Atelier Invite'])
    await patch(wave.id, { closesAt: '2099-07-01T12:00:00+02:00' })
    const before = smtp.received.length
    await ctx.app.inject({ method: 'POST', url: `/api/waves/${wave.id}/invitations`, headers: { cookie }, payload: { kind: 'invitation' } })
    await ctx.app.outbox.processDue()
    const [mail] = smtp.received.slice(before)
    expect(mailText(mail!)).toContain('Le questionnaire est ouvert jusqu’au 1er juillet 2099 à 12\u00A0h\u00A000 (heure de Paris).')
  })
})

describe('staff and the scheduler at the same moment', () => {
  // The scheduler's move holds the wave's row (as its transaction does) while staff's request
  // arrives; the request then sees the wave as the scheduler left it.
  async function whileTheSchedulerMoves(move: (trx: Parameters<typeof openWaveOnSchedule>[0]) => Promise<unknown>, request: () => ReturnType<typeof patch>) {
    let pending: ReturnType<typeof patch> | undefined
    await ctx.database.db.transaction().execute(async (trx) => {
      expect(await move(trx)).toBeDefined()
      pending = request()
      await untilWaitingOnALock(ctx.database)
    })
    return pending!
  }

  it('checks new dates against the wave the scheduler has just opened: its opening no longer moves (422)', async () => {
    const wave = await waveFactory(ctx.database, { status: 'draft' })
    const opensAt = later(HOUR).toISOString()
    await patch(wave.id, { opensAt })
    const res = await whileTheSchedulerMoves(
      (trx) => openWaveOnSchedule(trx, wave.id, later(2 * HOUR)),
      () => patch(wave.id, { opensAt: later(3 * HOUR).toISOString() }),
    )
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json()).toMatchObject({ code: 'SCHEDULE_INVALID', details: { issues: [{ field: 'body.opensAt' }] } })
    expect(await getWave(wave.id)).toMatchObject({ status: 'open', opensAt })
  })

  it.each([
    ['opens', 'open'],
    ['closes', 'close'],
  ] as const)('answers 409 INVALID_TRANSITION to a click as the scheduler %s the wave, and moves it once', async (_label, action) => {
    const wave = await waveFactory(ctx.database, { status: action === 'open' ? 'draft' : 'open' })
    await patch(wave.id, action === 'open' ? { opensAt: later(HOUR).toISOString() } : { closesAt: later(HOUR).toISOString() })
    const res = await whileTheSchedulerMoves(
      (trx) => (action === 'open' ? openWaveOnSchedule : closeWaveOnSchedule)(trx, wave.id, later(2 * HOUR)),
      () => ctx.app.inject({ method: 'POST', url: `/api/waves/${wave.id}/${action}`, headers: { cookie } }),
    )
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json().code).toBe('INVALID_TRANSITION')
    expect((await getWave(wave.id)).status).toBe(action === 'open' ? 'open' : 'closed')
    // The scheduler's move is the only one: no move by hand in the log.
    expect((await audit(wave.id)).filter((e) => e.action === `wave.${action}`)).toEqual([])
  })
})

describe('the scheduler across processes and restarts', () => {
  let second: FastifyInstance | undefined
  afterAll(async () => second?.close())

  it('two API processes on one database open a wave once and send each reminder once', async () => {
    second = await buildApp(testConfig(ctx.database.url, { smtp: null }))
    const draft = await waveFactory(ctx.database, { status: 'draft' })
    await patch(draft.id, { opensAt: later(HOUR).toISOString() })
    const { wave, tokens } = await waveWithMembers('open', ['Atelier Alpha', 'Atelier Beta', 'Atelier Gamma'])
    await submit(tokens.get('Atelier Beta')!)
    await patch(wave.id, { closesAt: '2099-05-20T21:59:00Z', settings: { reminderDays: [3] } })

    for (const now of [later(2 * HOUR), new Date('2099-05-17T07:00:00Z'), new Date('2099-05-17T07:00:01Z')]) {
      await Promise.all([ctx.app.schedule.tick(now), second.schedule.tick(now), ctx.app.schedule.tick(now), second.schedule.tick(now)])
    }

    expect((await getWave(draft.id)).status).toBe('open')
    expect((await audit(draft.id)).filter((e) => e.action === 'wave.open_scheduled')).toHaveLength(1)
    expect((await audit(wave.id)).filter((e) => e.action === 'reminders.scheduled')).toHaveLength(1)
    const queued = await ctx.database.db.selectFrom('outbox').select('to_address').where('wave_id', '=', wave.id).where('kind', '=', 'reminder').execute()
    expect(queued.map((m) => m.to_address).sort()).toEqual(['atelier-alpha@example.org', 'atelier-gamma@example.org'])
  })

  it('after a restart, an opening that passed while no process ran happens at start-up, and a sent reminder does not go again', async () => {
    await second?.close()
    const { wave, tokens } = await waveWithMembers('open', ['Atelier Delta', 'Atelier Epsilon'])
    await patch(wave.id, { closesAt: '2098-01-20T22:59:00Z', settings: { reminderDays: [7, 2] } })
    const reminders = async () =>
      (await ctx.database.db.selectFrom('outbox').select('to_address').where('wave_id', '=', wave.id).where('kind', '=', 'reminder').execute()).length
    expect((await ctx.app.schedule.tick(new Date('2098-01-13T08:00:00Z'))).reminders).toMatchObject([{ waveId: wave.id, daysBefore: 7, recipients: 2 }])

    // While no process runs, a draft's opening passes (written as the database would then hold it).
    const draft = await waveFactory(ctx.database, { status: 'draft' })
    await ctx.database.db
      .updateTable('waves')
      .set({ opens_at: later(-HOUR) })
      .where('id', '=', draft.id)
      .execute()
    second = await buildApp(testConfig(ctx.database.url, { smtp: null, scheduleIntervalMs: 60_000 }))
    await expect.poll(async () => (await getWave(draft.id)).status, { timeout: 10_000 }).toBe('open')

    expect((await second.schedule.tick(new Date('2098-01-13T09:00:00Z'))).reminders).toEqual([])
    expect(await reminders()).toBe(2)
    await submit(tokens.get('Atelier Delta')!)
    expect((await second.schedule.tick(new Date('2098-01-18T08:00:00Z'))).reminders).toMatchObject([{ waveId: wave.id, daysBefore: 2, recipients: 1 }])
    expect(await reminders()).toBe(3)
  })
})
