import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockWaveIndicators, replaceIndicatorDefinitions } from '@sonde/db'
import { inviteFactory, loginCookie, startTestApp, untilWaitingOnALock, userFactory, waveFactory, type TestContext } from './support'

let ctx: TestContext
let staff: { email: string; cookie: string }
let colleague: { email: string; cookie: string }
let researcherCookie: string

beforeAll(async () => {
  ctx = await startTestApp()
  const staffUser = await userFactory(ctx.database, 'staff')
  const colleagueUser = await userFactory(ctx.database, 'admin')
  staff = { email: staffUser.email, cookie: await loginCookie(ctx.app, staffUser) }
  colleague = { email: colleagueUser.email, cookie: await loginCookie(ctx.app, colleagueUser) }
  researcherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
})
afterAll(async () => ctx?.close())

function request(cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return ctx.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) })
}
const asStaff = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => request(staff.cookie, method, url, payload)

type Json = Record<string, unknown>

/** A small questionnaire: the budget and the staff on a first page, a remark on a second. */
function questionnaire(edit: (pages: { name: string; title: string; elements: Json[] }[]) => void = () => {}) {
  const pages = [
    {
      name: 'economie',
      title: 'Économie',
      elements: [
        { type: 'text', name: 'budget_annuel', inputType: 'number', title: { default: 'Budget annuel', en: 'Annual budget' }, min: 0 },
        { type: 'text', name: 'salaries', inputType: 'number', title: 'Salariés', isRequired: true },
      ],
    },
    { name: 'fin', title: 'Fin', elements: [{ type: 'comment', name: 'remarque', title: 'Une remarque ?' }] },
  ]
  edit(pages)
  return { pages }
}

const budgetIndicator = {
  id: 'budget_median',
  labelFr: 'Budget annuel médian',
  labelEn: 'Median annual budget',
  unit: 'EUR',
  aggregation: 'median',
  question: 'budget_annuel',
  families: null,
}

/** A draft wave holding `questionnaire()` as version 1, and the budget indicator. */
async function draftWave() {
  const wave = await waveFactory(ctx.database, { status: 'draft', questionnaire: questionnaire() })
  await replaceIndicatorDefinitions(ctx.database.db, wave.id, [{ id: budgetIndicator.id, definition: budgetIndicator }])
  return wave
}

async function currentVersion(waveId: string): Promise<number> {
  return (await asStaff('GET', `/api/waves/${waveId}/questionnaire`)).json().version
}

describe('every save is a version with its author, time and note', () => {
  it('records who saved, when, and the change note; lists the versions newest first', async () => {
    const wave = await draftWave()
    const before = Date.now()
    const note = 'Budget : préciser l’année'
    const saved = await asStaff(
      'PUT',
      `/api/waves/${wave.id}/questionnaire?note=${encodeURIComponent(note)}&baseVersion=1`,
      questionnaire((pages) => (pages[0]!.elements[0]!.description = 'Exercice 2024.')),
    )
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ version: 2, frozen: false, author: { name: staff.email }, note })

    const read = (await asStaff('GET', `/api/waves/${wave.id}/questionnaire`)).json()
    expect(read).toMatchObject({ version: 2, author: { id: expect.any(String), name: staff.email }, note })
    expect(Date.parse(read.savedAt)).toBeGreaterThanOrEqual(before - 1000)

    const list = await asStaff('GET', `/api/waves/${wave.id}/questionnaire/versions`)
    expect(list.statusCode).toBe(200)
    expect(list.json().versions).toEqual([
      { version: 2, savedAt: read.savedAt, author: read.author, note, questions: 3 },
      { version: 1, savedAt: expect.any(String), author: null, note: null, questions: 3 },
    ])

    const first = await asStaff('GET', `/api/waves/${wave.id}/questionnaire/versions/1`)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ version: 1, author: null, definition: questionnaire() })
    const missing = await asStaff('GET', `/api/waves/${wave.id}/questionnaire/versions/9`)
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('QUESTIONNAIRE_VERSION_NOT_FOUND')
  })

  it('refuses a note over 500 characters and a malformed base version, naming them, and saves nothing', async () => {
    const wave = await draftWave()
    const long = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire?note=${'a'.repeat(501)}`, questionnaire())
    expect(long.statusCode).toBe(400)
    expect(long.json().message).toContain('note')
    const malformed = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire?baseVersion=deux`, questionnaire())
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().message).toContain('baseVersion')
    expect(await currentVersion(wave.id)).toBe(1)
  })

  it('never lets two staff overwrite each other: a save from an older version answers 409 QUESTIONNAIRE_CHANGED naming who saved', async () => {
    const wave = await draftWave()
    const mine = await request(
      colleague.cookie,
      'PUT',
      `/api/waves/${wave.id}/questionnaire?baseVersion=1`,
      questionnaire((p) => (p[1]!.title = 'Pour finir')),
    )
    expect(mine.statusCode).toBe(200)
    const theirs = await asStaff(
      'PUT',
      `/api/waves/${wave.id}/questionnaire?baseVersion=1`,
      questionnaire((p) => (p[1]!.title = 'Conclusion')),
    )
    expect(theirs.statusCode).toBe(409)
    expect(theirs.json()).toMatchObject({
      code: 'QUESTIONNAIRE_CHANGED',
      details: { version: 2, author: { name: colleague.email }, savedAt: mine.json().savedAt },
    })
    expect(theirs.json().message).toContain(colleague.email)
    const stored = (await asStaff('GET', `/api/waves/${wave.id}/questionnaire`)).json()
    expect(stored).toMatchObject({ version: 2, definition: { pages: [{}, { title: 'Pour finir' }] } })
    // Without a base version, the save is taken as it comes (the JSON door, scripts).
    expect((await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, questionnaire())).statusCode).toBe(200)
  })

  it('lets readers read the questionnaire, but the history and the diffs only to staff and admins', async () => {
    const wave = await draftWave()
    expect((await request(researcherCookie, 'GET', `/api/waves/${wave.id}/questionnaire`)).statusCode).toBe(200)
    for (const url of [
      `/api/waves/${wave.id}/questionnaire/versions`,
      `/api/waves/${wave.id}/questionnaire/versions/1`,
      `/api/waves/${wave.id}/questionnaire/diff`,
      `/api/questionnaires/diff?fromWave=${wave.id}&toWave=${wave.id}`,
    ]) {
      expect((await request(researcherCookie, 'GET', url)).statusCode, url).toBe(403)
    }
  })
})

describe('once the wave has opened, only wording fixes', () => {
  it('accepts a wording fix as a new version (audited), which the respondents get at once', async () => {
    const wave = await draftWave()
    const { token } = await inviteFactory(ctx.database, wave.id)
    expect((await asStaff('POST', `/api/waves/${wave.id}/open`)).statusCode).toBe(200)
    expect((await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })).json().questionnaire.pages[0].elements[1].title).toBe('Salariés')

    const fixed = questionnaire((pages) => {
      pages[0]!.elements[1]!.title = 'Salariés (au 31 décembre)'
      pages[0]!.elements[0]!.description = 'En euros.'
    })
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire?note=Coquille&baseVersion=1`, fixed)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: 2, frozen: true, note: 'Coquille' })

    const respondent = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(respondent.json().questionnaire.pages[0].elements[1].title).toBe('Salariés (au 31 décembre)')
    const audit = await ctx.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('wave_id', '=', wave.id)
      .where('action', '=', 'questionnaire.save')
      .execute()
    expect(audit).toEqual([{ action: 'questionnaire.save', details: expect.objectContaining({ version: 2, wordingFix: true, note: 'Coquille' }) }])
  })

  it('refuses a change of structure with 409 QUESTIONNAIRE_FROZEN listing each change in French, and saves nothing', async () => {
    const wave = await draftWave()
    await asStaff('POST', `/api/waves/${wave.id}/open`)
    const changed = questionnaire((pages) => {
      pages[0]!.elements[1]!.title = 'Salariés (au 31 décembre)'
      pages[0]!.elements[1]!.isRequired = false
      pages[1]!.elements.push({ type: 'text', name: 'site_web', title: 'Site web' })
      pages[1]!.elements.shift()
    })
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, changed)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('QUESTIONNAIRE_FROZEN')
    expect(res.json().message).toMatch(/^La vague est ouverte : seules les corrections de formulation sont acceptées\./)
    expect(res.json().details.changes).toEqual([
      'Question ajoutée : site_web (« Site web »), page fin.',
      'Question retirée : remarque (« Une remarque ? »), page fin.',
      'Règles modifiées de la question salaries : isRequired : true → false.',
    ])
    for (const change of res.json().details.changes) expect(res.json().message).toContain(change)
    expect(await currentVersion(wave.id)).toBe(1)
    const read = (await asStaff('GET', `/api/waves/${wave.id}/questionnaire`)).json()
    expect(read.frozen).toBe(true)
  })
})

describe('the questions the indicators use', () => {
  it.each([
    ['removed', (pages: { elements: Json[] }[]) => pages[0]!.elements.shift()],
    ['renamed', (pages: { elements: Json[] }[]) => (pages[0]!.elements[0]!.name = 'budget_total')],
  ])('refuses a save where a question an indicator uses is %s, naming the indicator at the question', async (_label, edit) => {
    const wave = await draftWave()
    const definition = questionnaire(edit)
    const expected = {
      path: 'pages[0].elements[0]',
      message: 'La question budget_annuel est utilisée par l’indicateur « Budget annuel médian » : retirez-la de l’indicateur d’abord.',
    }
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, definition)
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'QUESTIONNAIRE_INVALID', details: { errors: [expected] } })
    expect(await currentVersion(wave.id)).toBe(1)

    // The designer's lint says the same as staff edit, when it names the wave.
    const lint = await asStaff('POST', `/api/questionnaires/lint?waveId=${wave.id}`, definition)
    expect(lint.statusCode).toBe(200)
    expect(lint.json().errors).toEqual([expected])
    expect((await asStaff('POST', '/api/questionnaires/lint', definition)).json().errors).toEqual([])
  })

  it('accepts the removal of a question no indicator uses', async () => {
    const wave = await draftWave()
    const res = await asStaff(
      'PUT',
      `/api/waves/${wave.id}/questionnaire`,
      questionnaire((pages) => pages[1]!.elements.pop()),
    )
    expect(res.statusCode).toBe(200)
  })

  it('waits for an indicator save under way: a question it starts using is not removed behind its back', async () => {
    const wave = await draftWave()
    const staffIndicator = { ...budgetIndicator, id: 'salaries_median', labelFr: 'Salariés (médiane)', question: 'salaries' }
    let removal: ReturnType<typeof asStaff> | undefined
    // An indicator save holds its lock (as PUT …/indicator-definitions does) while a colleague removes the question.
    await ctx.database.db.transaction().execute(async (trx) => {
      await lockWaveIndicators(trx, wave.id)
      removal = asStaff(
        'PUT',
        `/api/waves/${wave.id}/questionnaire`,
        questionnaire((pages) => pages[0]!.elements.pop()),
      )
      await untilWaitingOnALock(ctx.database)
      await replaceIndicatorDefinitions(trx, wave.id, [
        { id: budgetIndicator.id, definition: budgetIndicator },
        { id: staffIndicator.id, definition: staffIndicator },
      ])
    })
    const saved = await removal!
    expect(saved.statusCode).toBe(422)
    expect(saved.json().details.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('« Salariés (médiane) »') })])
    expect(await currentVersion(wave.id)).toBe(1)
  })

  it('answers 404 for the lint of an unknown wave', async () => {
    const res = await asStaff('POST', '/api/questionnaires/lint?waveId=00000000-0000-4000-8000-000000000000', questionnaire())
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('WAVE_NOT_FOUND')
  })
})

describe('readable diffs', () => {
  it('compares the previous version with the current one by default, or any two', async () => {
    const wave = await draftWave()
    await asStaff(
      'PUT',
      `/api/waves/${wave.id}/questionnaire`,
      questionnaire((pages) => {
        pages[0]!.elements[0]!.title = { default: 'Budget annuel total', en: 'Annual budget' }
        pages[1]!.elements.push({ type: 'text', name: 'site_web', title: 'Site web' })
      }),
    )
    await asStaff(
      'PUT',
      `/api/waves/${wave.id}/questionnaire`,
      questionnaire((pages) => (pages[0]!.elements[1]!.isRequired = false)),
    )

    const latest = await asStaff('GET', `/api/waves/${wave.id}/questionnaire/diff`)
    expect(latest.statusCode).toBe(200)
    expect(latest.json()).toMatchObject({
      from: { waveId: wave.id, version: 2 },
      to: { waveId: wave.id, version: 3 },
      wordingOnly: false,
      diff: {
        removed: [{ name: 'site_web', page: 'fin' }],
        reworded: [{ name: 'budget_annuel', changes: [{ field: 'title', locale: 'fr', before: 'Budget annuel total', after: 'Budget annuel' }] }],
        rulesChanged: [{ name: 'salaries', changes: [{ field: 'isRequired', before: 'true', after: 'false' }] }],
      },
    })

    const firstTwo = (await asStaff('GET', `/api/waves/${wave.id}/questionnaire/diff?from=1&to=2`)).json()
    expect(firstTwo.diff.added).toEqual([{ name: 'site_web', type: 'text', title: 'Site web', page: 'fin', panel: null }])
    expect(firstTwo.diff.reworded).toEqual([expect.objectContaining({ name: 'budget_annuel' })])
    expect(firstTwo.diff.rulesChanged).toEqual([])

    const unknown = await asStaff('GET', `/api/waves/${wave.id}/questionnaire/diff?from=1&to=7`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('QUESTIONNAIRE_VERSION_NOT_FOUND')
    const malformed = await asStaff('GET', `/api/waves/${wave.id}/questionnaire/diff?from=zero`)
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().message).toContain('from')
  })

  it('compares the current questionnaires of two waves', async () => {
    const last = await draftWave()
    const next = await draftWave()
    await asStaff(
      'PUT',
      `/api/waves/${next.id}/questionnaire`,
      questionnaire((pages) => pages.push({ name: 'besoins', title: 'Besoins', elements: [{ type: 'comment', name: 'attentes', title: 'Vos attentes' }] })),
    )
    const res = await asStaff('GET', `/api/questionnaires/diff?fromWave=${last.id}&toWave=${next.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      from: { waveId: last.id, version: 1 },
      to: { waveId: next.id, version: 2 },
      wordingOnly: false,
      diff: {
        pagesAdded: [{ name: 'besoins', title: 'Besoins' }],
        pagesRemoved: [],
        added: [{ name: 'attentes', type: 'comment', title: 'Vos attentes', page: 'besoins', panel: null }],
        removed: [],
        moved: [],
        reworded: [],
        rulesChanged: [],
      },
    })
    const unknown = await asStaff('GET', `/api/questionnaires/diff?fromWave=${last.id}&toWave=nope`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('WAVE_NOT_FOUND')
  })
})
