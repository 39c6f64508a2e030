import { describe, expect, it } from 'vitest'
import { dueReminders, lastReminderDays, openingBlock, plannedSteps, reminderSlots, reminderTime, scheduleIssues, type ScheduledWave } from './schedule'

// Paris is UTC+1 in winter and UTC+2 in summer; in 2026 summer time runs from 29 March to 25 October
// (EU Directive 2000/84/EC: last Sunday of March and of October, at 01:00 UTC).
describe('reminderTime', () => {
  it.each([
    ['7 days before a winter closing at 23:59', '2026-03-15T22:59:00Z', 7, '2026-03-08T08:00:00.000Z'],
    ['0 days before: the morning of the closing day', '2026-03-15T22:59:00Z', 0, '2026-03-15T08:00:00.000Z'],
    ['across the change to summer time (the reminder is in winter)', '2026-04-02T21:59:00Z', 7, '2026-03-26T08:00:00.000Z'],
    ['in summer time', '2026-04-02T21:59:00Z', 2, '2026-03-31T07:00:00.000Z'],
    ['across the change to winter time (the reminder is in summer)', '2026-10-27T22:59:00Z', 3, '2026-10-24T07:00:00.000Z'],
    ['a closing at 00:30 Paris counts from its Paris day, not its UTC one', '2026-03-15T23:30:00Z', 1, '2026-03-15T08:00:00.000Z'],
  ])('%s', (_label, closesAt, days, expected) => {
    expect(reminderTime(new Date(closesAt), days).toISOString()).toBe(expected)
  })
})

const wave = (more: Partial<ScheduledWave> = {}): ScheduledWave => ({
  status: 'open',
  opensAt: new Date('2026-02-01T08:00:00Z'),
  closesAt: new Date('2026-03-15T22:59:00Z'),
  reminderDays: [7, 2],
  ...more,
})

describe('reminderSlots', () => {
  it('drops a reminder that would fall before the opening or after the closing', () => {
    const slots = reminderSlots(wave({ opensAt: new Date('2026-03-10T08:00:00Z'), closesAt: new Date('2026-03-15T05:00:00Z'), reminderDays: [7, 2, 0] }))
    expect(slots.map((s) => s.daysBefore)).toEqual([2])
  })
})

describe('lastReminderDays', () => {
  it.each([
    ['none handled yet', [], null],
    ['the 7-day one', [7], 7],
    ['a 2-day one sent after a 7-day one', [7, 2], 2],
  ])('%s → %s', (_label, handled, expected) => {
    expect(lastReminderDays(handled.map((daysBefore) => ({ daysBefore })))).toBe(expected)
  })
})

describe('dueReminders', () => {
  const dayLater = wave({ closesAt: new Date('2026-03-16T22:59:00Z') })
  it.each([
    ['nothing before the first one is due', wave(), '2026-03-08T07:59:00Z', null, { send: null, superseded: [] }],
    ['the first one from its time on', wave(), '2026-03-08T08:00:00Z', null, { send: 7, superseded: [] }],
    ['nothing more once it is handled', wave(), '2026-03-10T08:00:00Z', 7, { send: null, superseded: [] }],
    ['the second one on its day', wave(), '2026-03-13T09:00:00Z', 7, { send: 2, superseded: [] }],
    ['after a stop, only the latest due one goes; the earlier is replaced', wave(), '2026-03-14T09:00:00Z', null, { send: 2, superseded: [7] }],
    ['none once the closing has passed', wave(), '2026-03-16T09:00:00Z', null, { send: null, superseded: [] }],
    ['closing a day later after the 7-day reminder: not again the next day', dayLater, '2026-03-09T08:00:00Z', 7, { send: null, superseded: [] }],
    ['closing a day later after the 7-day reminder: the 2-day one still goes', dayLater, '2026-03-14T08:00:00Z', 7, { send: 2, superseded: [] }],
    ['closing a day later after the 2-day reminder: nothing more', dayLater, '2026-03-14T08:00:00Z', 2, { send: null, superseded: [] }],
  ])('%s', (_label, scheduled, now, lastDays, expected) => {
    expect(dueReminders(scheduled, lastDays, new Date(now))).toEqual(expected)
  })

  it('sends none for a wave that is not open', () => {
    expect(dueReminders(wave({ status: 'closed' }), null, new Date('2026-03-14T09:00:00Z'))).toEqual({ send: null, superseded: [] })
  })
})

describe('openingBlock', () => {
  const draft = wave({ status: 'draft', opensAt: new Date('2026-03-01T08:00:00Z') })
  it.each([
    ['a draft whose opening has not come', draft, true, '2026-02-28T08:00:00Z', null],
    ['a draft whose opening has come', draft, true, '2026-03-01T08:00:00Z', null],
    ['a draft without a questionnaire', draft, false, '2026-03-01T08:00:00Z', 'no_questionnaire'],
    ['a draft whose closing has passed too (server down the whole time)', draft, true, '2026-03-16T08:00:00Z', 'closing_passed'],
    ['an open wave', wave(), false, '2026-03-16T08:00:00Z', null],
  ] as const)('%s → %s', (_label, scheduled, hasQuestionnaire, now, expected) => {
    expect(openingBlock(scheduled, hasQuestionnaire, new Date(now))).toBe(expected)
  })
})

describe('plannedSteps', () => {
  it('lists the opening, the reminders and the closing of a draft wave in time order', () => {
    expect(plannedSteps(wave({ status: 'draft' }), null, new Date('2026-01-01T00:00:00Z'))).toEqual([
      { kind: 'open', at: '2026-02-01T08:00:00.000Z', daysBefore: null },
      { kind: 'reminder', at: '2026-03-08T08:00:00.000Z', daysBefore: 7 },
      { kind: 'reminder', at: '2026-03-13T08:00:00.000Z', daysBefore: 2 },
      { kind: 'close', at: '2026-03-15T22:59:00.000Z', daysBefore: null },
    ])
  })

  it('leaves out reminders already handled, and plans nothing for a closed wave', () => {
    expect(plannedSteps(wave(), 7, new Date('2026-03-09T00:00:00Z')).map((s) => s.kind)).toEqual(['reminder', 'close'])
    expect(plannedSteps(wave({ status: 'closed' }), null, new Date('2026-03-09T00:00:00Z'))).toEqual([])
  })

  it('plans no second 7-day reminder when the closing moves a day later', () => {
    expect(plannedSteps(wave({ closesAt: new Date('2026-03-16T22:59:00Z') }), 7, new Date('2026-03-08T09:00:00Z'))).toEqual([
      { kind: 'reminder', at: '2026-03-14T08:00:00.000Z', daysBefore: 2 },
      { kind: 'close', at: '2026-03-16T22:59:00.000Z', daysBefore: null },
    ])
  })

  it('plans nothing for a draft whose closing has passed: it neither opens nor closes by itself', () => {
    expect(plannedSteps(wave({ status: 'draft' }), null, new Date('2026-03-16T00:00:00Z'))).toEqual([])
  })
})

describe('scheduleIssues', () => {
  const now = new Date('2026-03-01T12:00:00Z')
  const draft = { status: 'draft' as const, opensAt: null, closesAt: null }
  const open = { status: 'open' as const, opensAt: new Date('2026-02-01T08:00:00Z'), closesAt: new Date('2026-03-15T22:59:00Z') }
  it.each([
    ['a draft with both dates ahead, in order', draft, { opensAt: '2026-03-02T08:00:00+01:00', closesAt: '2026-03-15T23:59:00+01:00' }, []],
    ['a closing before the opening', draft, { opensAt: '2026-03-10T08:00:00Z', closesAt: '2026-03-09T08:00:00Z' }, ['body.closesAt']],
    ['a closing equal to the opening', draft, { opensAt: '2026-03-10T08:00:00Z', closesAt: '2026-03-10T08:00:00Z' }, ['body.closesAt']],
    ['a closing already past for an open wave', open, { closesAt: '2026-02-28T08:00:00Z' }, ['body.closesAt']],
    ['a closing already past for a draft', draft, { closesAt: '2026-02-28T08:00:00Z' }, ['body.closesAt']],
    ['a later closing for an open wave', open, { closesAt: '2026-03-31T21:59:00Z' }, []],
    ['no closing any more', open, { closesAt: null }, []],
    ['the opening moved once open', open, { opensAt: '2026-02-02T08:00:00Z' }, ['body.opensAt']],
    ['the dates of an open wave sent back unchanged', open, { opensAt: '2026-02-01T09:00:00+01:00', closesAt: '2026-03-15T22:59:00.000Z' }, []],
    [
      'a past closing of a closed wave sent back unchanged',
      { ...open, status: 'closed' as const, closesAt: new Date('2026-02-20T00:00:00Z') },
      { closesAt: '2026-02-20T00:00:00Z' },
      [],
    ],
  ])('%s', (_label, wave, changes, fields) => {
    expect(scheduleIssues(wave, changes, now).map((issue) => issue.field)).toEqual(fields)
  })
})
