import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { seededRandom } from '@sonde/analysis/testing'
import { type JsonValue } from '@sonde/db'
import { completeAnswers, loginCookie, startTestApp, submittedFactory, userFactory, waveFactory, type TestContext } from './support'

// Releases: the gate between the live computation (staff, provisional) and everyone else.

let ctx: TestContext
let staffCookie: string
let researcherCookie: string
let adminCookie: string
let researcher: { email: string; password: string }

type Cell = {
  indicator: string
  family: string
  dimensionValue: string | null
  category: string | null
  n: number | null
  value: number | null
  suppressed: boolean
  reason: string | null
}

const submitted = (waveId: string, answers: Record<string, unknown>, familyKeys: string[]) => submittedFactory(ctx.database, waveId, answers, familyKeys)

/** An organisation reopens its response, changes answers and submits again (a new submission). */
async function resubmitted(responseId: string, changes: Record<string, unknown>) {
  const current = await ctx.database.db.selectFrom('responses').select(['answers', 'revision']).where('id', '=', responseId).executeTakeFirstOrThrow()
  const answers = { ...current.answers, ...changes } as Record<string, JsonValue>
  const revision = current.revision + 1
  await ctx.database.db.updateTable('responses').set({ answers, revision, submitted_at: new Date() }).where('id', '=', responseId).execute()
  await ctx.database.db
    .insertInto('submissions')
    .values({ response_id: responseId, idempotency_key: `again-${revision}`, revision, answers })
    .execute()
}

async function get(url: string, cookie: string) {
  return ctx.app.inject({ method: 'GET', url, headers: { cookie } })
}

async function publish(waveId: string, body: Record<string, unknown> = {}) {
  return ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/releases`, headers: { cookie: staffCookie }, payload: body })
}

/** A wave with eight insertion organisations of different budgets, submitted. */
async function waveWithAnswers() {
  const wave = await waveFactory(ctx.database, { minCellSize: 5 })
  for (let i = 0; i < 8; i++) {
    await submitted(wave.id, { ...completeAnswers('insertion'), budget_annuel: 100_000 * (i + 1), gouvernance_democratique: i % 2 === 0 }, ['insertion'])
  }
  return wave
}

beforeAll(async () => {
  ctx = await startTestApp()
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  adminCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'admin'))
  researcher = await userFactory(ctx.database, 'researcher')
  researcherCookie = await loginCookie(ctx.app, researcher)
})
afterAll(async () => ctx?.close())

describe('before any release', () => {
  it('gives researchers 409 RESULTS_NOT_RELEASED and keeps the live computation for staff', async () => {
    const wave = await waveWithAnswers()
    const refused = await get(`/api/waves/${wave.id}/indicators`, researcherCookie)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('RESULTS_NOT_RELEASED')
    for (const file of ['indicators.csv', 'codebook.csv', 'datapackage.zip']) {
      const res = await get(`/api/waves/${wave.id}/exports/${file}`, researcherCookie)
      expect(res.statusCode, file).toBe(409)
    }

    const live = await get(`/api/waves/${wave.id}/indicators?release=live`, researcherCookie)
    expect(live.statusCode).toBe(403)
    expect(live.json().code).toBe('FORBIDDEN')

    const staff = await get(`/api/waves/${wave.id}/indicators?release=live`, staffCookie)
    expect(staff.statusCode).toBe(200)
    expect(staff.json()).toMatchObject({ source: 'live', release: null, minCellSize: 5, pPercent: 15 })
    // Staff see why a cell is hidden: réemploi has nobody, so its cells are hidden with a reason.
    const hidden = (staff.json().cells as Cell[]).filter((c) => c.suppressed)
    expect(hidden.length).toBeGreaterThan(0)
    expect(hidden.every((c) => c.reason !== null && c.n !== null)).toBe(true)
  })

  it('refuses a malformed release with 400 and an unknown one with 404 RELEASE_NOT_FOUND', async () => {
    const wave = await waveWithAnswers()
    const malformed = await get(`/api/waves/${wave.id}/indicators?release=first`, staffCookie)
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().code).toBe('INVALID_QUERY')
    expect(malformed.json().message).toContain('release')
    const unknown = await get(`/api/waves/${wave.id}/indicators?release=00000000-0000-0000-0000-000000000000`, staffCookie)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('RELEASE_NOT_FOUND')
  })
})

describe('POST /api/waves/{id}/releases', () => {
  it('is for staff only', async () => {
    const wave = await waveWithAnswers()
    const res = await ctx.app.inject({ method: 'POST', url: `/api/waves/${wave.id}/releases`, headers: { cookie: researcherCookie }, payload: {} })
    expect(res.statusCode).toBe(403)
    expect(await ctx.database.db.selectFrom('releases').select('id').where('wave_id', '=', wave.id).execute()).toEqual([])
  })

  it('refuses unknown fields with 400 naming them, and writes nothing', async () => {
    const wave = await waveWithAnswers()
    const res = await publish(wave.id, { note: 'x', hideDiferences: true })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('INVALID_BODY')
    expect(await ctx.database.db.selectFrom('releases').select('id').where('wave_id', '=', wave.id).execute()).toEqual([])
  })

  it('publishes a numbered, dated release that researchers read — the public view, one mark for hidden cells', async () => {
    const wave = await waveWithAnswers()
    const res = await publish(wave.id, { note: 'Premiers résultats' })
    expect(res.statusCode).toBe(201)
    const release = res.json()
    expect(release).toMatchObject({ waveId: wave.id, number: 1, note: 'Premiers résultats', responses: 8, minCellSize: 5, pPercent: 15 })
    expect(Date.now() - Date.parse(release.publishedAt)).toBeLessThan(60_000)

    const list = await get(`/api/waves/${wave.id}/releases`, researcherCookie)
    expect(list.json().releases.map((r: { id: string }) => r.id)).toEqual([release.id])

    const read = await get(`/api/waves/${wave.id}/indicators`, researcherCookie)
    expect(read.statusCode).toBe(200)
    const body = read.json()
    expect(body).toMatchObject({ source: 'release', release: { id: release.id, number: 1 } })
    const cells = body.cells as Cell[]
    const hidden = cells.filter((c) => c.suppressed)
    expect(hidden.length).toBeGreaterThan(0)
    // One public mark: nothing tells a hidden cell's reason or its n.
    for (const cell of hidden) expect(cell).toMatchObject({ n: null, value: null, reason: null })
    expect(cells.filter((c) => !c.suppressed).every((c) => c.reason === null)).toBe(true)
    const median = cells.find((c) => c.indicator === 'budget_annuel_median' && c.family === 'insertion')
    expect(median).toMatchObject({ n: 8, value: 450_000, suppressed: false })

    // Staff reading the same release see the reasons.
    const staff = (await get(`/api/waves/${wave.id}/indicators?release=${release.id}`, staffCookie)).json()
    expect((staff.cells as Cell[]).filter((c) => c.suppressed).every((c) => c.reason !== null)).toBe(true)

    // The CSV of the release: no reason either.
    const csv = await get(`/api/waves/${wave.id}/exports/indicators.csv`, researcherCookie)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-disposition']).toMatch(/indicateurs-publication-1\.csv"$/)
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[]
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.some((r) => r.suppressed === 'true')).toBe(true)
    expect(rows.every((r) => r.reason === '')).toBe(true)
    expect(rows.filter((r) => r.suppressed === 'true').every((r) => r.n === '' && r.value === '')).toBe(true)
  })

  it('keeps a release as it was: a submission after it changes the live figures, not the release', async () => {
    const wave = await waveWithAnswers()
    const first = (await publish(wave.id)).json()
    await submitted(wave.id, { ...completeAnswers('insertion'), budget_annuel: 5_000_000 }, ['insertion'])
    const read = (await get(`/api/waves/${wave.id}/indicators`, researcherCookie)).json()
    expect(read.release.id).toBe(first.id)
    expect((read.cells as Cell[]).find((c) => c.indicator === 'budget_annuel_median' && c.family === 'insertion')).toMatchObject({ n: 8, value: 450_000 })
    const live = (await get(`/api/waves/${wave.id}/indicators?release=live`, staffCookie)).json()
    expect((live.cells as Cell[]).find((c) => c.indicator === 'budget_annuel_median' && c.family === 'insertion')).toMatchObject({ n: 9, value: 500_000 })
  })

  it('cannot be changed in the database either', async () => {
    const wave = await waveWithAnswers()
    const release = (await publish(wave.id)).json()
    await expect(sql`update releases set note = 'rewritten' where id = ${release.id}`.execute(ctx.database.db)).rejects.toThrow(/immutable/)
    await expect(sql`update release_cells set cells = '[]'::jsonb where release_id = ${release.id}`.execute(ctx.database.db)).rejects.toThrow(/immutable/)
  })
})

describe('two releases read together (attack 5: differencing around one submission)', () => {
  it('refuses a release whose cells moved by fewer than k organisations, lists them, and hides them on request', async () => {
    const wave = await waveWithAnswers()
    const first = (await publish(wave.id)).json()
    // One more organisation: every published cell it falls in moves by 1.
    await submitted(wave.id, { ...completeAnswers('insertion'), budget_annuel: 777_000, gouvernance_democratique: true }, ['insertion'])

    const refused = await publish(wave.id)
    expect(refused.statusCode).toBe(409)
    const body = refused.json()
    expect(body.code).toBe('RELEASE_REFUSED')
    expect(body.details.total).toBeGreaterThan(0)
    const median = body.details.differences.find(
      (d: { indicator: string; family: string; dimension: string | null }) =>
        d.indicator === 'budget_annuel_median' && d.family === 'insertion' && d.dimension === null,
    )
    expect(median).toMatchObject({ releaseNumber: 1, nBefore: 8, nAfter: 9, changed: 1 })
    expect((await get(`/api/waves/${wave.id}/releases`, staffCookie)).json().releases).toHaveLength(1)

    const second = await publish(wave.id, { hideDifferences: true })
    expect(second.statusCode).toBe(201)
    expect(second.json().number).toBe(2)

    // The attacker: every cell published in both releases, read as a researcher.
    for (const dimension of ['', 'region', 'legal_form', 'size_class']) {
      const query = dimension ? `&dimension=${dimension}` : ''
      const before = (await get(`/api/waves/${wave.id}/indicators?release=${first.id}${query}`, researcherCookie)).json().cells as Cell[]
      const after = (await get(`/api/waves/${wave.id}/indicators?release=${second.json().id}${query}`, researcherCookie)).json().cells as Cell[]
      const key = (c: Cell) => JSON.stringify([c.indicator, c.family, c.dimensionValue, c.category])
      const earlier = new Map(before.filter((c) => !c.suppressed).map((c) => [key(c), c]))
      for (const cell of after.filter((c) => !c.suppressed)) {
        const was = earlier.get(key(cell))
        if (!was) continue
        const moved = Math.abs(cell.n! - was.n!)
        expect(moved === 0 || moved >= 5, `${key(cell)} moved by ${moved}`).toBe(true)
        // Unchanged organisations, unchanged figure: nothing isolates the newcomer.
        if (moved === 0) expect(cell.value).toBe(was.value)
      }
      // A cell hidden in the first release and unchanged stays hidden.
      const hiddenBefore = new Set(before.filter((c) => c.suppressed).map(key))
      const reopened = after.filter((c) => !c.suppressed && hiddenBefore.has(key(c)))
      for (const cell of reopened) {
        const staffBefore = (await get(`/api/waves/${wave.id}/indicators?release=${first.id}${query}`, staffCookie)).json().cells as Cell[]
        const was = staffBefore.find((c) => key(c) === key(cell))!
        expect(was.n, `${key(cell)} was hidden with n = ${was.n} and is now published with the same n`).not.toBe(cell.n)
      }
    }
  })

  it('also refuses when an organisation changed its answers without changing n', async () => {
    const wave = await waveWithAnswers()
    await publish(wave.id)
    const [response] = await ctx.database.db
      .selectFrom('responses')
      .select('id')
      .where('wave_id', '=', wave.id)
      .where('status', '=', 'submitted')
      .limit(1)
      .execute()
    await resubmitted(response!.id, { budget_annuel: 123_456 })
    const refused = await publish(wave.id)
    expect(refused.statusCode).toBe(409)
    const median = refused
      .json()
      .details.differences.find(
        (d: { indicator: string; family: string; dimension: string | null }) =>
          d.indicator === 'budget_annuel_median' && d.family === 'insertion' && d.dimension === null,
      )
    expect(median).toMatchObject({ nBefore: 8, nAfter: 8, changed: 1 })
  })

  it('publishes without refusal once at least k organisations joined', async () => {
    const wave = await waveWithAnswers()
    await publish(wave.id)
    for (let i = 0; i < 5; i++) await submitted(wave.id, { ...completeAnswers('insertion'), budget_annuel: 1_000_000 + i }, ['insertion'])
    const res = await publish(wave.id)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ number: 2, responses: 13 })
  })
})

describe('attack 5 on generated waves: two consecutive releases around one submission or one correction', () => {
  /** Reads every table of a release as a researcher, keyed by table and cell. */
  async function readRelease(waveId: string, releaseId: string, cookie: string) {
    const cells = new Map<string, Cell>()
    for (const dimension of ['', 'region', 'legal_form', 'size_class']) {
      const query = dimension ? `&dimension=${dimension}` : ''
      const res = await get(`/api/waves/${waveId}/indicators?release=${releaseId}${query}`, cookie)
      expect(res.statusCode).toBe(200)
      for (const c of res.json().cells as Cell[]) cells.set(JSON.stringify([dimension, c.indicator, c.family, c.dimensionValue, c.category]), c)
    }
    return cells
  }

  it.each([1, 2, 3, 4])('seed %i: nothing isolates the newcomer or the correction', async (seed) => {
    const random = seededRandom(seed)
    const integer = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1))
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
    const answersOf = (family: string) => ({
      ...completeAnswers(family),
      region: pick(['bretagne', 'normandie', 'occitanie']),
      forme_juridique: pick(['association', 'scop', 'scic']),
      budget_annuel: integer(10, 900) * 1000,
      salaries_nombre: integer(0, 40),
      salaries_etp: integer(0, 30),
      gouvernance_democratique: random() < 0.7,
    })
    const wave = await waveFactory(ctx.database, { minCellSize: 5 })
    // A larger family beside small ones of 1–6 organisations, and one giant contributor.
    const families = ['insertion', 'reemploi', 'inclusion', 'communs']
    for (const [i, family] of families.entries()) {
      for (let j = 0, size = i === 0 ? 12 : integer(1, 6); j < size; j++) await submitted(wave.id, answersOf(family), [family])
    }
    await submitted(wave.id, { ...answersOf('insertion'), budget_annuel: 50_000_000, salaries_nombre: 900 }, ['insertion'])
    const first = (await publish(wave.id)).json()
    expect(first.number).toBe(1)

    // Between the releases: one new organisation, and (odd seeds) one that corrects its budget.
    const newcomer = pick(families)
    await submitted(wave.id, answersOf(newcomer), [newcomer])
    if (seed % 2 === 1) {
      const [other] = await ctx.database.db
        .selectFrom('responses')
        .select('id')
        .where('wave_id', '=', wave.id)
        .where('status', '=', 'submitted')
        .orderBy('id')
        .limit(1)
        .execute()
      await resubmitted(other!.id, { budget_annuel: 333_000 })
    }
    const refused = await publish(wave.id)
    expect(refused.statusCode).toBe(409)
    const second = await publish(wave.id, { hideDifferences: true })
    expect(second.statusCode).toBe(201)

    const before = await readRelease(wave.id, first.id, researcherCookie)
    const after = await readRelease(wave.id, second.json().id, researcherCookie)
    const staffBefore = await readRelease(wave.id, first.id, staffCookie)
    let compared = 0
    for (const [key, cell] of after) {
      const was = before.get(key)
      if (!was) continue
      if (!cell.suppressed && !was.suppressed) {
        compared++
        // Published in both: the same organisations, or at least k more or fewer.
        const moved = Math.abs(cell.n! - was.n!)
        expect(moved === 0 || moved >= 5, `${key} moved by ${moved}`).toBe(true)
        // The same n: the same organisations with the same answers — a correction never shows by difference.
        if (moved === 0) expect(cell.value, key).toBe(was.value)
      }
      // Hidden in the first, published now with the same organisations: that would give the hidden figure away.
      if (was.suppressed && !cell.suppressed) expect(staffBefore.get(key)!.n, key).not.toBe(cell.n)
    }
    expect(compared).toBeGreaterThan(0)
  })
})

describe('microdata', () => {
  it('need a permission that an admin grants to a researcher, in the audit log; staff always may', async () => {
    const wave = await waveWithAnswers()
    await publish(wave.id)
    const refused = await get(`/api/waves/${wave.id}/exports/responses.csv`, researcherCookie)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().code).toBe('MICRODATA_FORBIDDEN')
    expect((await get('/api/auth/me', researcherCookie)).json().user.microdataAccess).toBe(false)
    expect((await get('/api/auth/me', staffCookie)).json().user.microdataAccess).toBe(true)

    const staffFile = await get(`/api/waves/${wave.id}/exports/responses.csv`, staffCookie)
    expect(staffFile.statusCode).toBe(200)

    const users = (await get('/api/users', adminCookie)).json().users as { id: string; email: string; microdataAccess: boolean }[]
    const target = users.find((u) => u.email === researcher.email)!
    expect(target.microdataAccess).toBe(false)
    const granted = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${target.id}`,
      headers: { cookie: adminCookie },
      payload: { microdataAccess: true },
    })
    expect(granted.statusCode).toBe(200)
    expect(granted.json().microdataAccess).toBe(true)
    const audit = (await get('/api/audit?action=user.microdata_granted', adminCookie)).json().events as { details: { userId: string } }[]
    expect(audit.some((e) => e.details.userId === target.id)).toBe(true)

    const file = await get(`/api/waves/${wave.id}/exports/responses.csv`, researcherCookie)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-disposition']).toMatch(/reponses-publication-1\.csv"$/)
    expect(file.body.trim().split('\r\n')).toHaveLength(9)

    // Staff cannot grant it: admins only.
    const staffGrant = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${target.id}`,
      headers: { cookie: staffCookie },
      payload: { microdataAccess: false },
    })
    expect(staffGrant.statusCode).toBe(403)
    const revoked = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/users/${target.id}`,
      headers: { cookie: adminCookie },
      payload: { microdataAccess: false },
    })
    expect(revoked.json().microdataAccess).toBe(false)
    expect((await get(`/api/waves/${wave.id}/exports/responses.csv`, researcherCookie)).statusCode).toBe(403)
  })

  it('come in a new row order with new pseudonyms at every download (attack 6: no linking of two files)', async () => {
    const wave = await waveWithAnswers()
    await publish(wave.id)
    const download = async () => (await get(`/api/waves/${wave.id}/exports/responses.csv`, staffCookie)).body.trim().split('\r\n')
    const files = [await download(), await download(), await download()]
    const ids = files.map((lines) => lines.slice(1).map((l) => l.split(',')[0]))
    expect(new Set(ids[0]).size).toBe(8)
    // Pseudonyms never repeat between files.
    expect(ids[0]!.filter((id) => ids[1]!.includes(id))).toEqual([])
    // Rows without their pseudonym: the same set, not the same order every time.
    const rows = files.map((lines) => lines.slice(1).map((l) => l.slice(l.indexOf(','))))
    expect([...rows[1]!].sort()).toEqual([...rows[0]!].sort())
    expect(rows.every((r) => JSON.stringify(r) === JSON.stringify(rows[0]))).toBe(false)
  })

  it.each([1, 2, 3])('seed %i: no row of the file is unique on its quasi-identifiers (attack 6), and amounts are top-coded', async (seed) => {
    const random = seededRandom(seed * 7919)
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
    const wave = await waveFactory(ctx.database, { minCellSize: 5 })
    const budgets: number[] = []
    for (let i = 0; i < 23; i++) {
      const family = pick(['insertion', 'insertion', 'reemploi', 'inclusion'])
      const budget = Math.round(random() * 900) * 1000
      budgets.push(budget)
      await submitted(
        wave.id,
        {
          ...completeAnswers(family),
          region: pick(['bretagne', 'bretagne', 'occitanie', 'ile_de_france']),
          forme_juridique: pick(['association', 'association', 'scop', 'scic']),
          annee_creation: 1960 + Math.floor(random() * 64),
          salaries_etp: Math.round(random() * 60),
          budget_annuel: budget,
        },
        [family],
      )
    }
    // The only organisation of Corsica, with a giant budget: the attack 6.
    await submitted(
      wave.id,
      { ...completeAnswers('communs'), region: 'corse', forme_juridique: 'fondation', annee_creation: 1901, salaries_etp: 320, budget_annuel: 90_000_000 },
      ['communs'],
    )
    expect((await publish(wave.id)).statusCode).toBe(201)
    const file = await get(`/api/waves/${wave.id}/exports/responses.csv`, staffCookie)
    expect(file.statusCode).toBe(200)
    const rows = parse(file.body, { columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(24)
    const quasi = ['familles', 'region', 'forme_juridique', 'salaries_etp', 'annee_creation']
    const combination = (r: Record<string, string>) => JSON.stringify(quasi.map((q) => r[q]))
    const sizes = new Map<string, number>()
    for (const r of rows) sizes.set(combination(r), (sizes.get(combination(r)) ?? 0) + 1)
    for (const [values, size] of sizes) expect(size, values).toBeGreaterThanOrEqual(5)
    // Nothing exact gives the Corsican organisation away: no row says Corsica, 1901, 320 FTE or its budget.
    expect(rows.some((r) => r.region === 'corse')).toBe(false)
    expect(rows.some((r) => r.annee_creation!.includes('1901'))).toBe(false)
    expect(rows.some((r) => r.salaries_etp === '320')).toBe(false)
    const written = rows.map((r) => Number(r.budget_annuel)).filter((b) => Number.isFinite(b))
    expect(Math.max(...written)).toBeLessThan(90_000_000)
  })

  it('leave the data package of a researcher without the permission', async () => {
    const wave = await waveWithAnswers()
    await publish(wave.id)
    const zip = await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/exports/datapackage.zip`, headers: { cookie: researcherCookie } })
    expect(zip.statusCode).toBe(200)
    const names = zipEntryNames(zip.rawPayload)
    expect(names).toContain('indicators.csv')
    expect(names).toContain('codebook.csv')
    expect(names).not.toContain('responses.csv')
    const staffZip = await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}/exports/datapackage.zip`, headers: { cookie: staffCookie } })
    expect(zipEntryNames(staffZip.rawPayload)).toContain('responses.csv')
  })
})

describe("members' reports", () => {
  it('read the latest release, once staff show it to members', async () => {
    const wave = await waveWithAnswers()
    const token = await submitted(wave.id, { ...completeAnswers('insertion'), budget_annuel: 450_000 }, ['insertion'])
    const before = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/report` })
    expect(before.statusCode).toBe(409)
    expect(before.json().code).toBe('RESULTS_NOT_PUBLISHED')
    const release = await publish(wave.id, { showMembers: true })
    expect(release.statusCode).toBe(201)
    const report = await ctx.app.inject({ method: 'GET', url: `/api/r/${token}/report` })
    expect(report.statusCode).toBe(200)
    expect(report.json().release).toMatchObject({ number: 1 })
    const items = report.json().items as {
      indicator: { id: string }
      family: string
      own: number | null
      value: number | null
      suppressed: boolean
      reason: string | null
      n: number | null
    }[]
    expect(items.find((i) => i.indicator.id === 'budget_annuel_median' && i.family === 'insertion')).toMatchObject({ own: 450_000, n: 9, suppressed: false })
    for (const hidden of items.filter((i) => i.suppressed)) expect(hidden).toMatchObject({ reason: null, n: null, value: null })
  })
})

/** The names of the entries of a ZIP file, from its central directory. */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const count = zip.readUInt16LE(end + 10)
  let offset = zip.readUInt32LE(end + 16)
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28)
    const extra = zip.readUInt16LE(offset + 30)
    const comment = zip.readUInt16LE(offset + 32)
    names.push(zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'))
    offset += 46 + nameLength + extra + comment
  }
  return names
}
