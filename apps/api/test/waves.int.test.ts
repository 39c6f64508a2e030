import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from '@sonde/survey'
import { loginCookie, startTestApp, userFactory, type TestContext } from './support'

let ctx: TestContext
let staffCookie: string
let researcherCookie: string

beforeAll(async () => {
  ctx = await startTestApp()
  staffCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
  researcherCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'researcher'))
})
afterAll(async () => ctx?.close())

function asStaff(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return ctx.app.inject({ method, url, headers: { cookie: staffCookie, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
}

async function newWave(slug: string) {
  const res = await asStaff('POST', '/api/waves', { slug, title: `Vague ${slug}` })
  expect(res.statusCode).toBe(201)
  return res.json() as { id: string; status: string; families: { key: string }[]; settings: { minCellSize: number } }
}

describe('waves', () => {
  it('creates a draft with the default families, questionnaire and settings', async () => {
    const wave = await newWave('vague-a')
    expect(wave.status).toBe('draft')
    expect(wave.families.map((f) => f.key)).toEqual(['insertion', 'reemploi', 'inclusion', 'communs', 'plateformes', 'mesure'])
    expect(wave.settings.minCellSize).toBe(5)
    const q = await asStaff('GET', `/api/waves/${wave.id}/questionnaire`)
    expect(q.json()).toMatchObject({ version: 1, frozen: false })
  })

  it('refuses a slug that is taken, and a malformed one, changing nothing', async () => {
    await newWave('vague-b')
    const again = await asStaff('POST', '/api/waves', { slug: 'vague-b', title: 'Autre' })
    expect(again.statusCode).toBe(409)
    expect(again.json().code).toBe('SLUG_TAKEN')
    const bad = await asStaff('POST', '/api/waves', { slug: 'Vague B!', title: 'Autre' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('slug')
  })

  it('edits the title, settings and families; never a minimum cell size below 3', async () => {
    const wave = await newWave('vague-c')
    const res = await asStaff('PATCH', `/api/waves/${wave.id}`, {
      title: 'Vague C renommée',
      settings: { minCellSize: 7, editAfterSubmit: true },
      families: [{ key: 'insertion', labelFr: 'Insertion', labelEn: 'Integration' }],
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      title: 'Vague C renommée',
      settings: { minCellSize: 7, editAfterSubmit: true, openLink: false },
      families: [{ key: 'insertion', labelFr: 'Insertion', labelEn: 'Integration' }],
    })
    const low = await asStaff('PATCH', `/api/waves/${wave.id}`, { settings: { minCellSize: 2 } })
    expect(low.statusCode).toBe(400)
    expect(low.json().message).toContain('minCellSize')
  })

  it('changes only the families, and sets a template then takes back the default', async () => {
    const wave = await newWave('vague-f')
    const families = await asStaff('PATCH', `/api/waves/${wave.id}`, {
      families: [{ key: 'communs', labelFr: 'Communs', labelEn: 'Commons' }],
    })
    expect(families.statusCode).toBe(200)
    expect(families.json().families).toEqual([{ key: 'communs', labelFr: 'Communs', labelEn: 'Commons' }])
    const custom = { subject: 'Objet {{vague}}', body: 'Bonjour {{organisation}} : {{lien}}' }
    const set = await asStaff('PATCH', `/api/waves/${wave.id}`, { settings: { templates: { invitation: custom } } })
    expect(set.json().settings.templates.invitation).toEqual(custom)
    const reset = await asStaff('PATCH', `/api/waves/${wave.id}`, { settings: { templates: { invitation: null } } })
    expect(reset.json().settings.templates.invitation.subject).toContain('{{organisation}}')
    expect(reset.json().settings.templates.invitation).not.toEqual(custom)
  })

  it('moves through draft → open → closed → open → closed → archived, and refuses other moves', async () => {
    const wave = await newWave('vague-d')
    const step = async (action: string) => (await asStaff('POST', `/api/waves/${wave.id}/${action}`)).json()
    expect((await step('open')).status).toBe('open')
    expect((await step('close')).status).toBe('closed')
    expect((await step('open')).status).toBe('open')
    const archiveOpen = await asStaff('POST', `/api/waves/${wave.id}/archive`)
    expect(archiveOpen.statusCode).toBe(409)
    expect(archiveOpen.json().code).toBe('INVALID_TRANSITION')
    expect((await step('close')).status).toBe('closed')
    expect((await step('archive')).status).toBe('archived')
    const audit = await ctx.database.db.selectFrom('audit_events').select('action').where('wave_id', '=', wave.id).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['wave.create', 'wave.open', 'wave.close', 'wave.open', 'wave.close', 'wave.archive'])
  })

  it('copies a wave as next year’s draft with its questionnaire, families and indicators', async () => {
    const source = await newWave('vague-2025')
    await asStaff('PATCH', `/api/waves/${source.id}`, { settings: { minCellSize: 6 } })
    await asStaff('POST', `/api/waves/${source.id}/open`)
    const res = await asStaff('POST', `/api/waves/${source.id}/copy`, { slug: 'vague-2026', title: 'Enquête 2026' })
    expect(res.statusCode).toBe(201)
    const copy = res.json()
    expect(copy).toMatchObject({ slug: 'vague-2026', status: 'draft', settings: { minCellSize: 6 } })
    expect(copy.families).toHaveLength(6)
    const q = await asStaff('GET', `/api/waves/${copy.id}/questionnaire`)
    expect(q.json().definition).toEqual(defaultQuestionnaire)
    const indicators = await ctx.database.db.selectFrom('indicators').select('key').where('wave_id', '=', copy.id).execute()
    expect(indicators.length).toBeGreaterThanOrEqual(5)
  })

  it('is for staff: a researcher reads waves but cannot change them', async () => {
    const wave = await newWave('vague-e')
    const read = await ctx.app.inject({ method: 'GET', url: `/api/waves/${wave.id}`, headers: { cookie: researcherCookie } })
    expect(read.statusCode).toBe(200)
    const write = await ctx.app.inject({
      method: 'POST',
      url: `/api/waves/${wave.id}/open`,
      headers: { cookie: researcherCookie },
    })
    expect(write.statusCode).toBe(403)
  })
})

describe('PUT /api/waves/{id}/questionnaire', () => {
  const small = {
    pages: [{ name: 'p1', title: 'Page 1', elements: [{ type: 'text', name: 'nom', title: 'Nom ?' }] }],
  }

  it('saves a new version and returns the warnings', async () => {
    const wave = await newWave('vague-q1')
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, small)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: 2, frozen: false, definition: small })
  })

  it.each([
    [
      'a duplicate name',
      {
        pages: [
          {
            name: 'p',
            elements: [
              { type: 'text', name: 'a', title: 'A' },
              { type: 'text', name: 'a', title: 'B' },
            ],
          },
        ],
      },
    ],
    ['an unknown type', { pages: [{ name: 'p', elements: [{ type: 'telepathy', name: 'a', title: 'A' }] }] }],
    [
      'a script in a choice value',
      { pages: [{ name: 'p', elements: [{ type: 'radiogroup', name: 'a', title: 'A', choices: ['<script>alert(1)</script>'] }] }] },
    ],
    ['an expression naming an unknown question', { pages: [{ name: 'p', elements: [{ type: 'text', name: 'a', title: 'A', visibleIf: '{fantome} = 1' }] }] }],
  ])('answers 422 QUESTIONNAIRE_INVALID for %s and saves nothing', async (_label, definition) => {
    const wave = await newWave(`vague-q-${Math.random().toString(36).slice(2, 8)}`)
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, definition)
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('QUESTIONNAIRE_INVALID')
    expect(res.json().details.errors.length).toBeGreaterThan(0)
    expect((await asStaff('GET', `/api/waves/${wave.id}/questionnaire`)).json().version).toBe(1)
  })

  it('cleans the HTML of texts with the allow-list on save, says what it removed, and stores the clean version', async () => {
    const wave = await newWave('vague-q-html')
    const attack = {
      pages: [
        {
          name: 'p',
          description: 'Lisez <a href="jav&#x61;script:alert(1)">ceci</a> si x < 3.',
          elements: [
            { type: 'html', name: 'h', html: '<p onclick="alert(1)">Bonjour</p><script>alert(2)</script><img src=x onerror=alert(3)>' },
            {
              type: 'text',
              name: 'a',
              title: { default: 'Nom <b>légal</b>', en: 'Name <iframe src="https://evil.example"></iframe>' },
              visibleIf: '{h} < 3 or {h} empty',
            },
          ],
        },
      ],
      completedHtml: '<p>Merci <a href="https://example.org/fin">!</a></p>',
    }
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, attack)
    expect(res.statusCode).toBe(200)
    const clean = {
      pages: [
        {
          name: 'p',
          description: 'Lisez <a>ceci</a> si x &lt; 3.',
          elements: [
            { type: 'html', name: 'h', html: '<p>Bonjour</p>' },
            { type: 'text', name: 'a', title: { default: 'Nom <b>légal</b>', en: 'Name ' }, visibleIf: '{h} < 3 or {h} empty' },
          ],
        },
      ],
      completedHtml: '<p>Merci <a href="https://example.org/fin" rel="noopener noreferrer">!</a></p>',
    }
    expect(res.json().definition).toEqual(clean)
    expect(res.json().warnings).toEqual(
      expect.arrayContaining([
        { path: 'pages[0].description', message: expect.stringContaining('attribut href de <a>') },
        { path: 'pages[0].elements[0].html', message: expect.stringMatching(/attribut onclick, <script>, <img>\.$/) },
        { path: 'pages[0].elements[1].title.en', message: expect.stringContaining('<iframe>') },
      ]),
    )
    const stored = (await asStaff('GET', `/api/waves/${wave.id}/questionnaire`)).json()
    expect(stored.definition).toEqual(clean)
    expect(stored.warnings).toEqual([])
    expect(JSON.stringify(stored)).not.toMatch(/<script|onerror|onclick|<iframe|javascript:/i)
  })

  it('answers 400 for a body that is not JSON and 413 for 5 MB', async () => {
    const wave = await newWave('vague-q2')
    const notJson = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, '{"pages": [', { 'content-type': 'application/json' })
    expect(notJson.statusCode).toBe(400)
    expect(notJson.json().code).toBe('MALFORMED_JSON')
    const huge = { pages: [{ name: 'p', elements: [{ type: 'html', name: 'h', html: 'x'.repeat(5 * 1024 * 1024) }] }] }
    const tooBig = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, huge)
    expect(tooBig.statusCode).toBe(413)
    expect(tooBig.json().code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('answers 409 QUESTIONNAIRE_FROZEN once the wave has opened', async () => {
    const wave = await newWave('vague-q3')
    await asStaff('POST', `/api/waves/${wave.id}/open`)
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, small)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('QUESTIONNAIRE_FROZEN')
  })

  it('lints without saving for the live preview', async () => {
    const res = await asStaff('POST', '/api/questionnaires/lint', { pages: [] })
    expect(res.statusCode).toBe(200)
    expect(res.json().errors.length).toBeGreaterThan(0)
  })
})
