import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replaceIndicatorDefinitions } from '@sonde/db'
import { loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

// A questionnaire save against the wave's indicators: an edit may not break what they read; a
// whole new questionnaire in a draft wave takes away, and says so, the indicators it cannot feed.

let ctx: TestContext
let staff: string

beforeAll(async () => {
  ctx = await startTestApp()
  staff = await loginCookie(ctx.app, await userFactory(ctx.database, 'staff'))
})
afterAll(async () => ctx?.close())

const asStaff = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: { cookie: staff }, ...(payload === undefined ? {} : { payload: payload as object }) })

type Json = Record<string, unknown>

/** The budget (a number) and the legal status (one choice among three) on one page, a remark on another. */
function questionnaire(edit: (elements: Json[]) => void = () => {}) {
  const elements: Json[] = [
    { type: 'text', name: 'budget_annuel', inputType: 'number', title: 'Budget annuel', min: 0 },
    { type: 'radiogroup', name: 'statut', title: 'Statut', choices: ['asso', 'scop', 'autre'] },
  ]
  edit(elements)
  return {
    pages: [
      { name: 'economie', elements },
      { name: 'fin', elements: [{ type: 'comment', name: 'remarque', title: 'Une remarque ?' }] },
    ],
  }
}

const base = { unit: '', families: null }
const budget = { ...base, id: 'budget_median', labelFr: 'Budget annuel médian', labelEn: 'Median budget', aggregation: 'median', question: 'budget_annuel' }
const statuses = {
  ...base,
  id: 'statuts',
  labelFr: 'Répartition des statuts',
  labelEn: 'Legal statuses',
  aggregation: 'distribution',
  question: 'statut',
  categories: ['asso', 'scop'],
  multiple: false,
}
const perStatus = {
  ...base,
  id: 'part_scop',
  labelFr: 'Part des SCOP',
  labelEn: 'Share of SCOPs',
  aggregation: 'share',
  question: 'statut',
  when: { equals: 'scop' },
}

async function waveWith(status: 'draft' | 'open', indicators: Json[] = [budget, statuses, perStatus]) {
  const wave = await waveFactory(ctx.database, { status, questionnaire: questionnaire() })
  await replaceIndicatorDefinitions(
    ctx.database.db,
    wave.id,
    indicators.map((definition) => ({ id: definition.id as string, definition: definition as never })),
  )
  return wave
}

const indicatorIds = async (waveId: string) =>
  ((await asStaff('GET', `/api/waves/${waveId}/indicator-definitions`)).json().indicators as { id: string }[]).map(({ id }) => id)
const currentVersion = async (waveId: string) => (await asStaff('GET', `/api/waves/${waveId}/questionnaire`)).json().version

type Refusal = { path: string; message: string }

describe('an edit of the questionnaire keeps what the indicators read', () => {
  it.each<[string, (elements: Json[]) => unknown, ...Refusal[]]>([
    [
      'a number turned into a text',
      (elements: Json[]) => delete elements[0]!.inputType,
      {
        path: 'pages[0].elements[0]',
        message:
          'La question budget_annuel est utilisée par l’indicateur « Budget annuel médian » : la question « budget_annuel » (text) n’est pas numérique. Changez la question, ou retirez-la de l’indicateur d’abord.',
      },
    ],
    [
      'a choice an indicator counts taken away',
      (elements: Json[]) => (elements[1]!.choices = ['asso', 'autre']),
      {
        path: 'pages[0].elements[1]',
        message:
          'La question statut est utilisée par l’indicateur « Répartition des statuts » : « scop » n’est pas un choix de « statut ». Changez la question, ou retirez-la de l’indicateur d’abord.',
      },
      {
        path: 'pages[0].elements[1]',
        message:
          'La question statut est utilisée par l’indicateur « Part des SCOP » : « statut » (radiogroup) ne vaut jamais "scop". Changez la question, ou retirez-la de l’indicateur d’abord.',
      },
    ],
    [
      'a choice question turned into a text',
      (elements: Json[]) => (elements[1] = { type: 'text', name: 'statut', title: 'Statut' }),
      {
        path: 'pages[0].elements[1]',
        message:
          'La question statut est utilisée par l’indicateur « Répartition des statuts » : la question « statut » (text) n’a pas de choix. Changez la question, ou retirez-la de l’indicateur d’abord.',
      },
      // A text may still be « scop »: the share can be computed.
    ],
  ])('refuses %s, naming the indicator at the question, in the designer’s lint too; nothing saved', async (_label, edit, ...expected) => {
    const wave = await waveWith('draft')
    const definition = questionnaire(edit)
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, definition)
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'QUESTIONNAIRE_INVALID', message: `${expected[0]!.path}: ${expected[0]!.message}` })
    expect(res.json().details.errors).toEqual(expected)
    expect(await currentVersion(wave.id)).toBe(1)
    expect(await indicatorIds(wave.id)).toEqual(['budget_median', 'statuts', 'part_scop'])

    const lint = await asStaff('POST', `/api/questionnaires/lint?waveId=${wave.id}`, definition)
    expect(lint.json().errors).toEqual(expected)
  })

  it('refuses renaming every question at once in a wave that has opened (a change of structure), indicators untouched', async () => {
    const wave = await waveWith('open')
    const renamed = questionnaire((elements) => elements.forEach((element) => (element.name = `${element.name as string}_2025`)))
    renamed.pages[1]!.elements[0]!.name = 'remarque_2025'
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, renamed)
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('QUESTIONNAIRE_FROZEN')
    expect(await indicatorIds(wave.id)).toEqual(['budget_median', 'statuts', 'part_scop'])
  })

  it('lets through an edit that leaves an already broken indicator as it was', async () => {
    const ghost = { ...budget, id: 'fantome', labelFr: 'Fantôme', question: 'question_disparue' }
    const wave = await waveWith('open', [budget, ghost])
    const res = await asStaff(
      'PUT',
      `/api/waves/${wave.id}/questionnaire`,
      questionnaire((elements) => (elements[0]!.title = 'Budget annuel (en euros)')),
    )
    expect(res.statusCode).toBe(200)
    expect(res.json().warnings).toEqual([])
  })
})

describe('a whole new questionnaire in a draft wave', () => {
  it('removes the indicators it cannot feed in the same save, each in the warnings and in the audit', async () => {
    const wave = await waveWith('draft')
    const other = {
      pages: [
        {
          name: 'activite',
          elements: [
            { type: 'text', name: 'chiffre_affaires', inputType: 'number', title: 'Chiffre d’affaires' },
            { type: 'text', name: 'statut_juridique', title: 'Statut juridique' },
          ],
        },
      ],
    }
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, other)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: 2, definition: other })
    expect(res.json().warnings).toEqual([
      { path: '', message: 'L’indicateur « Budget annuel médian » a été retiré : il utilise la question budget_annuel que ce questionnaire n’a pas.' },
      { path: '', message: 'L’indicateur « Répartition des statuts » a été retiré : il utilise la question statut que ce questionnaire n’a pas.' },
      { path: '', message: 'L’indicateur « Part des SCOP » a été retiré : il utilise la question statut que ce questionnaire n’a pas.' },
    ])
    expect(await indicatorIds(wave.id)).toEqual([])
    // Said once, with the save: the version's own warnings are the lint's.
    expect((await asStaff('GET', `/api/waves/${wave.id}/questionnaire`)).json().warnings).toEqual([])

    const audit = await ctx.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('wave_id', '=', wave.id)
      .where('action', '=', 'questionnaire.save')
      .execute()
    expect(audit).toEqual([{ details: expect.objectContaining({ version: 2, removedIndicators: ['budget_median', 'statuts', 'part_scop'] }) }])
  })

  it('is a replacement too when it keeps only the registry’s questions (name, families): every design keeps them', async () => {
    const familles = { type: 'checkbox', name: 'familles', title: 'Familles', choices: ['formation', 'reemploi'] }
    const nom = { type: 'text', name: 'nom_organisation', title: 'Nom de l’organisation' }
    const wave = await waveWith('draft')
    await asStaff(
      'PUT',
      `/api/waves/${wave.id}/questionnaire`,
      questionnaire((elements) => elements.unshift(nom, familles)),
    )
    const other = { pages: [{ name: 'activite', elements: [nom, familles, { type: 'text', name: 'chiffre_affaires', inputType: 'number', title: 'CA' }] }] }
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, other)
    expect(res.statusCode).toBe(200)
    expect(res.json().warnings.map((warning: Refusal) => warning.message)).toEqual([
      'L’indicateur « Budget annuel médian » a été retiré : il utilise la question budget_annuel que ce questionnaire n’a pas.',
      'L’indicateur « Répartition des statuts » a été retiré : il utilise la question statut que ce questionnaire n’a pas.',
      'L’indicateur « Part des SCOP » a été retiré : il utilise la question statut que ce questionnaire n’a pas.',
    ])
    expect(await indicatorIds(wave.id)).toEqual([])
  })

  it('keeps an indicator the new questionnaire feeds; a later edit of it removes nothing', async () => {
    const wave = await waveWith('draft', [budget])
    await replaceIndicatorDefinitions(ctx.database.db, wave.id, [
      { id: budget.id, definition: budget as never },
      { id: 'seule_total', definition: { ...budget, id: 'seule_total', labelFr: 'Seule', aggregation: 'sum', question: 'seule' } as never },
    ])
    const withNumber = { pages: [{ name: 'autre', elements: [{ type: 'text', name: 'seule', title: 'Seule', inputType: 'number' }] }] }
    const res = await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, withNumber)
    expect(res.statusCode).toBe(200)
    expect(res.json().warnings).toEqual([
      { path: '', message: 'L’indicateur « Budget annuel médian » a été retiré : il utilise la question budget_annuel que ce questionnaire n’a pas.' },
    ])
    expect(await indicatorIds(wave.id)).toEqual(['seule_total'])

    // The same questions again: an edit, nothing to remove, no warning.
    expect((await asStaff('PUT', `/api/waves/${wave.id}/questionnaire`, { ...withNumber, title: 'Autre' })).json().warnings).toEqual([])
  })
})
