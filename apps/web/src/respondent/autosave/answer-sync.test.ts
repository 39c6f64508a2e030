import type { AnswerConflict, ErrorBody, RespondentView } from '@sonde/contracts'
import { confirmedQuestion } from '@sonde/survey/confirmation'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AnswerSync, type AnswerSyncOptions, type SaveState } from './answer-sync'

// The rules of the autosave engine, against a scripted API: `fetch` is the one outside edge, faked
// here with the answers the API gives (see the README's HTTP API), and time is the fake clock's.
// The browser around it is reduced to what the engine reads: `navigator.onLine`, the window's
// `online` and `offline` events, and a Storage.

const TOKEN = 'tok-123'
const ANSWERS_URL = `/api/r/${TOKEN}/answers`
const VIEW_URL = `/api/r/${TOKEN}`
const QUIET_MS = 600

interface Call {
  method: string
  url: string
  /** The body, but for the save ids and the form of the reply (below): what the other rules are about. */
  body: unknown
  saveId?: unknown
  unacknowledged?: unknown
  reply?: unknown
  at: number
}

type Reply = { status: number; body?: unknown } | 'network-down'

/** The API as the engine sees it through `fetch`: each call takes the next scripted reply. */
class FakeApi {
  readonly calls: Call[] = []
  private readonly replies: (Reply | Promise<Reply>)[] = []

  reply(status: number, body?: unknown): this {
    this.replies.push({ status, body })
    return this
  }

  error(status: number, code: string, details?: unknown): this {
    return this.reply(status, { code, message: code, details } satisfies ErrorBody)
  }

  networkDown(times = 1): this {
    for (let i = 0; i < times; i += 1) this.replies.push('network-down')
    return this
  }

  /** A reply that comes only when the test says so: the request stays on its way until then. */
  later(): (status: number, body?: unknown) => void {
    let settle!: (reply: Reply) => void
    this.replies.push(new Promise<Reply>((resolve) => (settle = resolve)))
    return (status, body) => settle({ status, body })
  }

  get patches(): Call[] {
    return this.calls.filter((call) => call.method === 'PATCH')
  }

  fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const method = init.method ?? 'GET'
    const parsed: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    const call: Call = { method, url, body: parsed, at: Date.now() }
    if (parsed !== null && typeof parsed === 'object' && 'saveId' in parsed) {
      const { saveId, unacknowledged, reply, ...body } = parsed as Record<string, unknown>
      Object.assign(call, { body, saveId, unacknowledged, reply })
    }
    this.calls.push(call)
    const next = this.replies.shift()
    if (next === undefined) throw new Error(`unexpected ${method} ${url}`)
    const reply = await next
    if (reply === 'network-down') throw new TypeError('fetch failed')
    return {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      text: async () => (reply.body === undefined ? '' : JSON.stringify(reply.body)),
    } as Response
  }
}

/** The questionnaire's side: the values on screen, and what arrived from the server. */
class FakeSurvey {
  readonly values = new Map<string, unknown>()
  readonly arrived: [string, unknown][] = []

  readonly target = {
    getValue: (name: string) => this.values.get(name),
    applyRemote: (name: string, value: unknown) => {
      this.arrived.push([name, value])
      this.values.set(name, value)
    },
  }
}

function memoryStorage(): Storage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  }
}

function respondentView(revision: number, answers: Record<string, unknown>): RespondentView {
  return {
    wave: { slug: 'enquete-2025', title: 'Enquête 2025', status: 'open', closesAt: null, editAfterSubmit: false, families: [] },
    organisation: { name: 'La Fabrique', familyKeys: [] },
    questionnaire: {},
    response: { status: 'in_progress', revision, answers, submittedAt: null },
  }
}

let api: FakeApi
let connection: { onLine: boolean }
let storage: ReturnType<typeof memoryStorage>
let survey: FakeSurvey
const engines: AnswerSync[] = []

beforeEach(() => {
  vi.useFakeTimers()
  api = new FakeApi()
  connection = { onLine: true }
  storage = memoryStorage()
  survey = new FakeSurvey()
  vi.stubGlobal('fetch', api.fetch)
  vi.stubGlobal('navigator', connection)
  vi.stubGlobal('window', new EventTarget())
  // The backoff's jitter at its middle: the delays are then exactly 1 s, 2 s, 4 s…
  vi.spyOn(Math, 'random').mockReturnValue(0.5)
})

afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** The engine as the questionnaire page makes it, started. */
function startSync(options: Partial<AnswerSyncOptions> = {}): AnswerSync {
  const answers = options.answers ?? {}
  for (const [name, value] of Object.entries(answers)) survey.values.set(name, value)
  const sync = new AnswerSync({
    token: TOKEN,
    revision: 1,
    answers,
    storage,
    target: survey.target,
    yieldsToColleague: (name) => confirmedQuestion(name) !== null,
    ...options,
  })
  engines.push(sync)
  return sync
}

/** The person types `value` into question `name`. */
function type(sync: AnswerSync, name: string, value: unknown): void {
  survey.values.set(name, value)
  sync.change(name, value)
}

const stored = () => {
  const raw = storage.items.get(`sonde.pending.${TOKEN}`)
  return raw === undefined ? undefined : (JSON.parse(raw) as { baseRevision: number; answers: Record<string, unknown>; conflicts: AnswerConflict[] })
}

const conflict = (name: string, yours: unknown, theirs: unknown): AnswerConflict => ({ name, yours, theirs })

describe('AnswerSync: saving as the person types', () => {
  it('sends the edits of a quiet moment as one PATCH against the revision it knows', async () => {
    const sync = startSync({ revision: 4 })
    sync.start()
    api.reply(200, { revision: 5, answers: { salaries: 12, benevoles: 30 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS / 2)
    type(sync, 'benevoles', 30)
    expect(sync.getSnapshot().state).toEqual({ kind: 'saving' })
    await vi.advanceTimersByTimeAsync(QUIET_MS - 1)
    expect(api.calls).toEqual([])

    await vi.advanceTimersByTimeAsync(1)
    expect(api.calls.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: 'PATCH', url: ANSWERS_URL, body: { baseRevision: 4, answers: { salaries: 12, benevoles: 30 } } },
    ])
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'saved' }, pendingCount: 0 })
    expect(sync.currentRevision).toBe(5)
  })

  it('sends a cleared answer as null', async () => {
    const sync = startSync({ answers: { region: 'Bretagne', familles: ['insertion'] } })
    sync.start()
    api.reply(200, { revision: 2, answers: {} })

    type(sync, 'region', '')
    type(sync, 'familles', [])
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(api.patches[0]?.body).toEqual({ baseRevision: 1, answers: { region: null, familles: null } })
  })

  it('sends what changed while a save was on its way right after it, and keeps it on screen', async () => {
    const sync = startSync()
    sync.start()
    const firstReply = api.later()
    api.reply(200, { revision: 3, answers: { salaries: 13 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    type(sync, 'salaries', 13)
    firstReply(200, { revision: 2, answers: { salaries: 12 } })
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(api.patches.map((call) => call.body)).toEqual([
      { baseRevision: 1, answers: { salaries: 12 } },
      { baseRevision: 2, answers: { salaries: 13 } },
    ])
    // The server's 12 never replaced the 13 being typed.
    expect(survey.arrived).toEqual([])
    expect(survey.values.get('salaries')).toBe(13)
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'saved' }, pendingCount: 0 })
  })
})

describe('AnswerSync: colleagues on other questions', () => {
  it('shows the answers a colleague saved meanwhile, including the ones they cleared', async () => {
    const sync = startSync({ answers: { salaries: 10, region: 'Bretagne' } })
    sync.start()
    api.reply(200, { revision: 7, answers: { salaries: 12, benevoles: 30 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(survey.arrived).toEqual([
      ['benevoles', 30],
      ['region', undefined],
    ])
    expect(sync.getSnapshot().conflicts).toEqual([])
    expect(sync.currentRevision).toBe(7)
  })
})

describe('AnswerSync: conflicts on the same question', () => {
  const conflictOn = (name: string, yours: unknown, theirs: unknown, revision = 3) =>
    api.error(409, 'ANSWER_CONFLICT', { revision, conflicts: [conflict(name, yours, theirs)] })

  it('writes nothing over a colleague’s answer: the question waits for the person’s choice, and the other answers of the colleague arrive', async () => {
    const sync = startSync({ answers: { salaries: 10 } })
    sync.start()
    conflictOn('salaries', 12, 15)
    api.reply(200, respondentView(3, { salaries: 15, benevoles: 30 }))

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(sync.getSnapshot()).toMatchObject({ conflicts: [conflict('salaries', 12, 15)], pendingCount: 0, state: { kind: 'idle' } })
    expect(api.calls.map((call) => `${call.method} ${call.url}`)).toEqual([`PATCH ${ANSWERS_URL}`, `GET ${VIEW_URL}`])
    // The person's 12 stays on screen beside the colleague's 15 until they choose.
    expect(survey.values.get('salaries')).toBe(12)
    expect(survey.arrived).toEqual([['benevoles', 30]])
    await expect(sync.flush()).resolves.toBe('conflicts')
  })

  it('"Garder la mienne" sends the person’s answer again, against the revision that has the colleague’s', async () => {
    const sync = startSync()
    sync.start()
    conflictOn('salaries', 12, 15)
    api.reply(200, respondentView(3, { salaries: 15 }))
    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    api.reply(200, { revision: 4, answers: { salaries: 12 } })
    sync.keepMine('salaries')
    await vi.advanceTimersByTimeAsync(0)

    expect(api.patches.at(-1)?.body).toEqual({ baseRevision: 3, answers: { salaries: 12 } })
    expect(sync.getSnapshot()).toMatchObject({ conflicts: [], state: { kind: 'saved' } })
    expect(survey.values.get('salaries')).toBe(12)
  })

  it('"Prendre la sienne" shows the colleague’s answer and sends nothing', async () => {
    const sync = startSync()
    sync.start()
    conflictOn('salaries', 12, 15)
    api.reply(200, respondentView(3, { salaries: 15 }))
    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    sync.takeTheirs('salaries')
    await vi.advanceTimersByTimeAsync(60_000)

    expect(survey.values.get('salaries')).toBe(15)
    expect(api.patches).toHaveLength(1)
    expect(sync.getSnapshot().conflicts).toEqual([])
    expect(stored()).toBeUndefined()
    await expect(sync.flush()).resolves.toBe('ok')
  })

  it('keeps typing into a question in conflict as the person’s answer, without deciding for them', async () => {
    const sync = startSync()
    sync.start()
    conflictOn('salaries', 12, 15)
    api.reply(200, respondentView(3, { salaries: 15 }))
    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    type(sync, 'salaries', 14)
    await vi.advanceTimersByTimeAsync(60_000)

    expect(api.patches).toHaveLength(1)
    expect(sync.getSnapshot().conflicts).toEqual([conflict('salaries', 14, 15)])
    api.reply(200, { revision: 4, answers: { salaries: 14 } })
    sync.keepMine('salaries')
    await vi.advanceTimersByTimeAsync(0)
    expect(api.patches.at(-1)?.body).toEqual({ baseRevision: 3, answers: { salaries: 14 } })
  })

  it('sends the questions that did not conflict again at once, against the new revision', async () => {
    const sync = startSync()
    sync.start()
    conflictOn('salaries', 12, 15)
    api.reply(200, { revision: 4, answers: { salaries: 15, benevoles: 30 } })

    type(sync, 'salaries', 12)
    type(sync, 'benevoles', 30)
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1)

    expect(api.patches.map((call) => call.body)).toEqual([
      { baseRevision: 1, answers: { salaries: 12, benevoles: 30 } },
      { baseRevision: 3, answers: { benevoles: 30 } },
    ])
    expect(sync.getSnapshot()).toMatchObject({ conflicts: [conflict('salaries', 12, 15)], pendingCount: 0 })
  })

  it('asks nothing when both sides hold the same answer (an earlier save whose reply was lost)', async () => {
    const sync = startSync()
    sync.start()
    conflictOn('salaries', 12, 12)
    api.reply(200, respondentView(3, { salaries: 12 }))

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(sync.getSnapshot()).toMatchObject({ conflicts: [], state: { kind: 'saved' } })
  })

  it('settles the confirmation of an unusual value in the colleague’s favour, while the answer itself asks', async () => {
    const sync = startSync()
    sync.start()
    api.error(409, 'ANSWER_CONFLICT', {
      revision: 3,
      conflicts: [conflict('budget', 900_000, 950_000), conflict('budget__confirme', 900_000, 950_000)],
    })
    api.reply(200, respondentView(3, { budget: 950_000, budget__confirme: 950_000 }))

    type(sync, 'budget', 900_000)
    type(sync, 'budget__confirme', 900_000)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(sync.getSnapshot().conflicts).toEqual([conflict('budget', 900_000, 950_000)])
    expect(survey.values.get('budget__confirme')).toBe(950_000)
    expect(survey.values.get('budget')).toBe(900_000)
  })
})

describe('AnswerSync: offline, and retries', () => {
  it('says "offline" at once when the browser is offline, and sends as soon as the connection returns', async () => {
    const sync = startSync()
    sync.start()
    connection.onLine = false

    type(sync, 'salaries', 12)
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'offline' }, pendingCount: 1 })
    await vi.advanceTimersByTimeAsync(5_000)
    expect(api.calls).toEqual([])

    connection.onLine = true
    api.reply(200, { revision: 2, answers: { salaries: 12 } })
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)

    expect(api.patches.map((call) => call.body)).toEqual([{ baseRevision: 1, answers: { salaries: 12 } }])
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'saved' }, pendingCount: 0 })
  })

  it('tries again after 10 s in case the browser is wrong about being offline', async () => {
    const sync = startSync()
    sync.start()
    connection.onLine = false
    api.reply(200, { revision: 2, answers: { salaries: 12 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(9_999)
    expect(api.calls).toEqual([])
    await vi.advanceTimersByTimeAsync(1)

    expect(api.patches).toHaveLength(1)
    expect(sync.getSnapshot().state).toMatchObject({ kind: 'saved' })
  })

  it('retries a lost connection with a doubling delay up to 30 s, saying "offline" all along, and loses nothing', async () => {
    const sync = startSync()
    sync.start()
    const states: SaveState['kind'][] = []
    sync.subscribe(() => states.push(sync.getSnapshot().state.kind))
    api.networkDown(7).reply(200, { revision: 2, answers: { salaries: 12 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1_000 + 2_000 + 4_000 + 8_000 + 16_000 + 30_000 + 30_000)

    const times = api.patches.map((call) => call.at)
    expect(times.slice(1).map((at, i) => at - times[i]!)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000])
    expect(api.patches.every((call) => JSON.stringify(call.body) === JSON.stringify({ baseRevision: 1, answers: { salaries: 12 } }))).toBe(true)
    // "saving" once, then "offline" until the answer is on the server: no flicker at each attempt.
    expect(states.slice(states.indexOf('offline'))).not.toContain('saving')
    expect(states.at(-1)).toBe('saved')
    expect(stored()).toBeUndefined()
  })

  it('says the server is being retried (not offline) on a 5xx answer', async () => {
    const sync = startSync()
    sync.start()
    api.error(503, 'SHUTTING_DOWN').reply(200, { revision: 2, answers: { salaries: 12 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'retrying' }, pendingCount: 1 })

    await vi.advanceTimersByTimeAsync(1_000)
    expect(api.patches).toHaveLength(2)
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'saved' }, pendingCount: 0 })
  })

  it('does not repeat a request the server refused for good, keeps the answers, and tries again with the next edit', async () => {
    const sync = startSync()
    sync.start()
    api.error(400, 'UNKNOWN_QUESTION')

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'rejected', code: 'UNKNOWN_QUESTION' }, pendingCount: 1 })
    await vi.advanceTimersByTimeAsync(120_000)
    expect(api.patches).toHaveLength(1)
    expect(stored()?.answers).toEqual({ salaries: 12 })

    api.reply(200, { revision: 2, answers: { salaries: 12, benevoles: 30 } })
    type(sync, 'benevoles', 30)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    expect(api.patches.at(-1)?.body).toEqual({ baseRevision: 1, answers: { salaries: 12, benevoles: 30 } })
  })

  it('"Terminer" waits for the unsent answers, and says when they could not be sent', async () => {
    const sync = startSync()
    sync.start()
    api.reply(200, { revision: 2, answers: { salaries: 12 } })
    type(sync, 'salaries', 12)
    await expect(sync.flush()).resolves.toBe('ok')
    expect(api.patches).toHaveLength(1)
    expect(sync.currentRevision).toBe(2)

    api.networkDown().reply(200, { revision: 3, answers: { salaries: 12, benevoles: 30 } })
    type(sync, 'benevoles', 30)
    await expect(sync.flush()).resolves.toBe('failed')
    // …and keeps trying in the background.
    await vi.advanceTimersByTimeAsync(1_000)
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'saved' }, pendingCount: 0 })
  })

  it('stops writing once the wave has closed', async () => {
    const sync = startSync()
    sync.start()
    api.error(409, 'WAVE_NOT_OPEN')

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    type(sync, 'benevoles', 30)
    await vi.advanceTimersByTimeAsync(60_000)

    expect(api.patches).toHaveLength(1)
    expect(sync.getSnapshot()).toMatchObject({ readOnly: true, state: { kind: 'readonly' } })
    await expect(sync.flush()).resolves.toBe('readonly')
  })
})

describe('AnswerSync: what this browser keeps', () => {
  it('keeps every unsent answer in storage with the revision it was made against, and forgets it once saved', async () => {
    const sync = startSync({ revision: 4 })
    sync.start()
    connection.onLine = false

    type(sync, 'salaries', 12)
    expect(stored()).toEqual({ baseRevision: 4, answers: { salaries: 12 }, conflicts: [] })

    connection.onLine = true
    api.reply(200, { revision: 5, answers: { salaries: 12 } })
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(stored()).toBeUndefined()
  })

  it('puts unsent answers back after a restart and sends them at once against their old revision, so that a colleague’s newer answer surfaces as a conflict', async () => {
    connection.onLine = false
    const before = startSync({ revision: 4 })
    before.start()
    type(before, 'salaries', 12)
    before.dispose()

    // Another day: the server is at revision 6, a colleague answered the same question.
    connection.onLine = true
    survey = new FakeSurvey()
    const after = startSync({ revision: 6, answers: { salaries: 15 } })
    expect(after.restore()).toBe(true)
    expect(survey.values.get('salaries')).toBe(12)
    expect(after.getSnapshot()).toMatchObject({ pendingCount: 1, restoredCount: 1 })

    api.error(409, 'ANSWER_CONFLICT', { revision: 6, conflicts: [conflict('salaries', 12, 15)] })
    api.reply(200, respondentView(6, { salaries: 15 }))
    after.start()
    await vi.advanceTimersByTimeAsync(0)

    expect(api.patches.map((call) => call.body)).toEqual([{ baseRevision: 4, answers: { salaries: 12 } }])
    expect(after.getSnapshot().conflicts).toEqual([conflict('salaries', 12, 15)])
    expect(stored()).toEqual({ baseRevision: 6, answers: {}, conflicts: [conflict('salaries', 12, 15)] })
  })

  it('puts a conflict waiting for a choice back after a reload, with the person’s answer on screen', async () => {
    storage.setItem(`sonde.pending.${TOKEN}`, JSON.stringify({ baseRevision: 3, answers: {}, conflicts: [conflict('salaries', 12, 15)] }))
    const sync = startSync({ revision: 3, answers: { salaries: 15 } })

    expect(sync.restore()).toBe(true)
    sync.start()
    await vi.advanceTimersByTimeAsync(60_000)

    expect(survey.values.get('salaries')).toBe(12)
    expect(sync.getSnapshot()).toMatchObject({ conflicts: [conflict('salaries', 12, 15)], restoredCount: 1, pendingCount: 0 })
    expect(api.calls).toEqual([])
  })

  it('finds nothing to restore in a browser that never stored anything, or stored something unreadable', () => {
    expect(startSync().restore()).toBe(false)
    storage.setItem(`sonde.pending.${TOKEN}`, '{not json')
    expect(startSync().restore()).toBe(false)
    expect(startSync({ storage: undefined }).restore()).toBe(false)
  })

  it('still saves when the browser refuses to store anything', async () => {
    const refusing = memoryStorage()
    refusing.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError')
    }
    const sync = startSync({ storage: refusing })
    sync.start()
    api.reply(200, { revision: 2, answers: { salaries: 12 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(api.patches).toHaveLength(1)
    expect(sync.getSnapshot().state).toMatchObject({ kind: 'saved' })
  })
})

describe('AnswerSync: save ids, so that a save that got no answer never conflicts with the next', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

  it('names every request with a new UUID and no unanswered save while all are answered', async () => {
    const sync = startSync()
    sync.start()
    api.reply(200, { revision: 2, answers: { salaries: 12 } }).reply(200, { revision: 3, answers: { salaries: 13 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    type(sync, 'salaries', 13)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    const [first, second] = api.patches
    expect(first!.saveId).toMatch(UUID)
    expect(second!.saveId).toMatch(UUID)
    expect(second!.saveId).not.toBe(first!.saveId)
    expect(api.patches.map((call) => call.unacknowledged)).toEqual([undefined, undefined])
  })

  it('names the saves that got no answer in the next requests, until one is answered', async () => {
    const sync = startSync()
    sync.start()
    api
      .networkDown(2)
      .reply(200, { revision: 2, answers: { salaries: 13 } })
      .reply(200, { revision: 3, answers: { salaries: 13, benevoles: 4 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    type(sync, 'salaries', 13)
    await vi.advanceTimersByTimeAsync(1_000 + 2_000)
    type(sync, 'benevoles', 4)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    const [lost1, lost2, answered, next] = api.patches
    expect(lost1!.unacknowledged).toBeUndefined()
    expect(lost2!.unacknowledged).toEqual([lost1!.saveId])
    expect(answered!.unacknowledged).toEqual([lost1!.saveId, lost2!.saveId])
    expect(answered!.body).toEqual({ baseRevision: 1, answers: { salaries: 13 } })
    expect(next!.unacknowledged).toBeUndefined()
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'saved' }, conflicts: [] })
  })

  it('does not count a save answered with an error (503) as one that may have landed', async () => {
    const sync = startSync()
    sync.start()
    api
      .networkDown()
      .error(503, 'SERVER_BUSY')
      .reply(200, { revision: 2, answers: { salaries: 12 } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS + 1_000 + 2_000)

    const [lost, busy, answered] = api.patches
    expect(busy!.unacknowledged).toEqual([lost!.saveId])
    expect(answered!.unacknowledged).toEqual([lost!.saveId])
  })

  it('keeps the unanswered saves with the pending answers through a reload', async () => {
    const first = startSync()
    first.start()
    api.networkDown()
    type(first, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    const lost = api.patches[0]!.saveId
    first.dispose()
    expect(stored()).toMatchObject({ answers: { salaries: 12 }, unacknowledged: [lost] })

    const again = startSync()
    expect(again.restore()).toBe(true)
    api.reply(200, { revision: 2, answers: { salaries: 12 } })
    again.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(api.patches[1]!.unacknowledged).toEqual([lost])
    expect(stored()).toBeUndefined()
  })
})

describe('AnswerSync: replies that carry only what changed', () => {
  it('asks for the changes since its revision and applies them: a colleague’s answers appear, a cleared one goes', async () => {
    const sync = startSync({ answers: { benevoles: 4, region: 'bretagne' } })
    sync.start()
    api.reply(200, { revision: 3, changes: { salaries: 12, benevoles: 6, region: null } })

    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)

    expect(api.patches[0]!.reply).toBe('changes')
    expect(survey.values.get('benevoles')).toBe(6)
    expect(survey.values.get('region')).toBeUndefined()
    expect(survey.values.get('salaries')).toBe(12)
    expect(sync.getSnapshot()).toMatchObject({ state: { kind: 'saved' }, pendingCount: 0 })
    expect(sync.currentRevision).toBe(3)
  })

  it('keeps what the person typed meanwhile over a change in the reply', async () => {
    const sync = startSync({ answers: { benevoles: 4 } })
    sync.start()
    const settle = api.later()
    type(sync, 'salaries', 12)
    await vi.advanceTimersByTimeAsync(QUIET_MS)
    type(sync, 'benevoles', 5)
    settle(200, { revision: 2, changes: { salaries: 12 } })
    await vi.advanceTimersByTimeAsync(0)
    expect(survey.values.get('benevoles')).toBe(5)
    expect(sync.getSnapshot().pendingCount).toBe(1)
  })
})
