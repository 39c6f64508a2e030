import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BundleSchema, type Bundle } from '@sonde/contracts'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, type TestContext } from './support'

// A wave's design exported from one Sonde and imported into another, each on its own fresh
// database: the imported draft opens, and a member fills and submits it.

let source: TestContext
let target: TestContext
let sourceStaff: string
let targetStaff: string
let targetAdmin: string
let exported: Bundle
let sourceWaveId: string

beforeAll(async () => {
  source = await startTestApp()
  target = await startTestApp()
  sourceStaff = await loginCookie(source.app, await userFactory(source.database, 'staff'))
  targetStaff = await loginCookie(target.app, await userFactory(target.database, 'staff'))
  targetAdmin = await loginCookie(target.app, await userFactory(target.database, 'admin'))
  const created = await source.app.inject({
    method: 'POST',
    url: '/api/waves',
    headers: { cookie: sourceStaff },
    payload: {
      slug: 'enquete-2025',
      title: 'Enquête 2025',
      settings: {
        minCellSize: 7,
        editAfterSubmit: true,
        retentionUntil: '2030-01-01',
        templates: { reminder: { subject: 'Relance {{vague}}', body: 'Bonjour {{lien}}' } },
      },
    },
  })
  expect(created.statusCode).toBe(201)
  sourceWaveId = created.json().id
  const res = await source.app.inject({ method: 'GET', url: `/api/waves/${sourceWaveId}/bundle`, headers: { cookie: sourceStaff } })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-disposition']).toBe('attachment; filename="enquete-2025-conception.sonde.json"')
  exported = res.json()
})
afterAll(async () => {
  await source?.close()
  await target?.close()
})

function importBundle(bundle: unknown, query = '') {
  return target.app.inject({ method: 'POST', url: `/api/bundles${query}`, headers: { cookie: targetStaff }, payload: bundle as object })
}

async function waveCount(): Promise<number> {
  const res = await target.app.inject({ method: 'GET', url: '/api/waves', headers: { cookie: targetStaff } })
  return (res.json() as { waves: unknown[] }).waves.length
}

const clone = (): Bundle => structuredClone(exported)
type Page = { name: string; elements: Record<string, unknown>[] }
const pagesOf = (bundle: Bundle) => bundle.questionnaire.pages as Page[]

describe('GET /api/waves/{id}/bundle', () => {
  it('gives the design in the versioned format: questionnaire, families, indicators with their factors, design settings only', async () => {
    expect(BundleSchema.safeParse(exported).success).toBe(true)
    expect(exported).toMatchObject({ format: 'sonde-bundle', schemaVersion: 1, generator: expect.stringMatching(/^Sonde \d+\.\d+\.\d+$/) })
    expect(exported.wave).toEqual({
      slug: 'enquete-2025',
      title: 'Enquête 2025',
      settings: {
        minCellSize: 7,
        pPercent: expect.any(Number),
        editAfterSubmit: true,
        openLink: false,
        exportFreeText: expect.any(Boolean),
        templates: { reminder: { subject: 'Relance {{vague}}', body: 'Bonjour {{lien}}' } },
      },
    })
    expect(JSON.stringify(exported)).not.toMatch(/retentionUntil|resultsPublished|opensAt|closesAt/)
    expect(exported.families.map((f) => f.key)).toEqual(['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure'])
    const derived = exported.indicators.find((d) => d.aggregation === 'derived_sum')
    expect(derived).toMatchObject({
      terms: expect.arrayContaining([
        expect.objectContaining({ factor: expect.objectContaining({ source: expect.any(String), version: expect.any(String) }) }),
      ]),
    })
    const questionnaire = await source.app.inject({ method: 'GET', url: `/api/waves/${sourceWaveId}/questionnaire`, headers: { cookie: sourceStaff } })
    expect(exported.questionnaire).toEqual(questionnaire.json().definition)
  })

  it('is for staff: a researcher is refused', async () => {
    const researcher = await loginCookie(source.app, await userFactory(source.database, 'researcher'))
    const res = await source.app.inject({ method: 'GET', url: `/api/waves/${sourceWaveId}/bundle`, headers: { cookie: researcher } })
    expect(res.statusCode).toBe(403)
  })
})

describe('POST /api/bundles on a fresh Sonde', () => {
  it('creates a draft wave with the same design, which opens and takes a member’s answers', async () => {
    const res = await importBundle(exported, '?slug=enquete-voisins&title=Enqu%C3%AAte%20des%20voisins')
    expect(res.statusCode).toBe(201)
    const wave = res.json()
    expect(wave).toMatchObject({
      slug: 'enquete-voisins',
      title: 'Enquête des voisins',
      status: 'draft',
      settings: { minCellSize: 7, editAfterSubmit: true, retentionUntil: null },
    })
    expect(wave.families).toEqual(exported.families)

    const asTarget = (url: string) => target.app.inject({ method: 'GET', url, headers: { cookie: targetStaff } })
    expect((await asTarget(`/api/waves/${wave.id}/questionnaire`)).json().definition).toEqual(exported.questionnaire)
    expect((await asTarget(`/api/waves/${wave.id}/indicator-definitions`)).json().indicators).toEqual(exported.indicators)
    const audit = await target.app.inject({ method: 'GET', url: `/api/audit?waveId=${wave.id}&action=bundle.import`, headers: { cookie: targetAdmin } })
    expect(audit.json().events).toEqual([
      expect.objectContaining({ action: 'bundle.import', details: expect.objectContaining({ slug: 'enquete-voisins', from: 'enquete-2025' }) }),
    ])

    const opened = await target.app.inject({ method: 'POST', url: `/api/waves/${wave.id}/open`, headers: { cookie: targetStaff } })
    expect(opened.statusCode).toBe(200)
    const { token } = await inviteFactory(target.database, wave.id, { familyKeys: ['insertion'] })
    const page = await target.app.inject({ method: 'GET', url: `/api/r/${token}` })
    expect(page.statusCode).toBe(200)
    const saved = await target.app.inject({ method: 'PATCH', url: `/api/r/${token}/answers`, payload: { baseRevision: 0, answers: completeAnswers() } })
    expect(saved.statusCode).toBe(200)
    const submitted = await target.app.inject({
      method: 'POST',
      url: `/api/r/${token}/submit`,
      payload: { revision: saved.json().revision },
      headers: { 'idempotency-key': 'bundle-import' },
    })
    expect(submitted.statusCode).toBe(200)
    expect(submitted.json().status).toBe('submitted')
  })

  it('refuses a slug already taken, as creating a wave does', async () => {
    const before = await waveCount()
    const res = await importBundle(exported, '?slug=enquete-voisins')
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('SLUG_TAKEN')
    expect(await waveCount()).toBe(before)
  })

  it.each([
    ['a slug of the wrong form', '?slug=Pas%20un%20slug', 'querystring.slug'],
    ['an empty title', '?slug=vague-titre-vide&title=%20%20', 'querystring.title'],
  ])('refuses %s in the query: 400 naming the field, nothing created', async (_label, query, field) => {
    const before = await waveCount()
    const res = await importBundle(exported, query)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'INVALID_QUERY', message: expect.stringContaining(field) })
    expect(await waveCount()).toBe(before)
  })

  it('lists each problem of a broken design — duplicate name, broken expression, indicator on a missing question — and creates nothing', async () => {
    const bundle = clone()
    const [, second] = pagesOf(bundle)
    second!.elements.push({ ...second!.elements[0]! })
    second!.elements[1]!.visibleIf = '{budget_annuel} > > 3'
    const median = bundle.indicators.findIndex((d) => d.aggregation === 'median')
    bundle.indicators[median] = { ...bundle.indicators[median]!, question: 'question_disparue' } as Bundle['indicators'][number]
    const before = await waveCount()
    const res = await importBundle(bundle, '?slug=vague-cassee')
    expect(res.statusCode).toBe(422)
    const body = res.json()
    expect(body.code).toBe('BUNDLE_INVALID')
    const problems = body.details.problems as { path: string; message: string }[]
    const paths = problems.map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^questionnaire\.pages\[1\]\.elements\[\d+\]\.name$/),
        'questionnaire.pages[1].elements[1].visibleIf',
        `indicators[${median}].question`,
      ]),
    )
    expect(problems.find((p) => p.path === `indicators[${median}].question`)!.message).toBe(
      'La question « question_disparue » n’est pas dans le questionnaire.',
    )
    expect(await waveCount()).toBe(before)
  })

  it.each([
    [
      'a question of unknown type',
      (b: Record<string, unknown>) => (pagesOf(b as unknown as Bundle)[0]!.elements[0]!.type = 'geopoint'),
      'questionnaire.pages[0].elements[0].type',
      /geopoint/,
    ],
    ['an unknown schema version', (b: Record<string, unknown>) => (b.schemaVersion = 2), 'schemaVersion', /version 2 inconnue/],
    ['another format', (b: Record<string, unknown>) => (b.format = 'kobo'), 'format', /fichier de conception Sonde/],
    [
      'a minimum cell size below 3',
      (b: Record<string, unknown>) => ((b.wave as Bundle['wave']).settings.minCellSize = 1),
      'wave.settings.minCellSize',
      /au moins 3/,
    ],
    [
      'an indicator of unknown aggregation',
      (b: Record<string, unknown>) => ((b.indicators as unknown[])[0] = { id: 'x', aggregation: 'mode' }),
      'indicators[0]',
      /forme inconnue/,
    ],
    ['an unknown key', (b: Record<string, unknown>) => (b.organisations = []), '', /clé\(s\) inconnue\(s\) : organisations/],
  ])('refuses %s: 422 at its path, nothing created', async (_label, breakIt, path, message) => {
    const bundle = clone() as unknown as Record<string, unknown>
    breakIt(bundle)
    const before = await waveCount()
    const res = await importBundle(bundle, '?slug=vague-refusee')
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('BUNDLE_INVALID')
    const problem = (res.json().details.problems as { path: string; message: string }[]).find((p) => p.path === path || p.path.startsWith(`${path}.`))
    expect(problem?.message).toMatch(message)
    expect(await waveCount()).toBe(before)
  })

  it('is for staff: a researcher is refused', async () => {
    const researcher = await loginCookie(target.app, await userFactory(target.database, 'researcher'))
    const res = await target.app.inject({ method: 'POST', url: '/api/bundles', headers: { cookie: researcher }, payload: exported })
    expect(res.statusCode).toBe(403)
  })
})
