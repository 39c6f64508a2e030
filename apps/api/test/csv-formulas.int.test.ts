import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultIndicators } from '@sonde/analysis'
import { replaceIndicatorDefinitions, type JsonValue } from '@sonde/db'
import { defaultQuestionnaire } from '@sonde/survey'
import { completeAnswers, inviteFactory, loginCookie, startTestApp, userFactory, waveFactory, type TestContext } from './support'

// Every CSV Sonde writes, opened as a French spreadsheet (cells split on `;`) and as an English one
// (on `,`) would open it when it ignores or misreads the quoting — the naive split — must show no
// cell starting with a formula sign, whatever the texts staff, members or respondents typed.
let ctx: TestContext
let adminCookie: string
let waveId: string
let token: string

// Issue 9's attack and its variants: the other delimiter, a tab, a line break, a quote, spaces.
const HOSTILE = ['Acme;=1+1', 'Acme,=1+1', 'Acme\t+1', 'Acme\r\n@SUM(A1)', 'Acme "x";-2+3', 'Acme;  =cmd', '=Acme']

beforeAll(async () => {
  ctx = await startTestApp()
  adminCookie = await loginCookie(ctx.app, await userFactory(ctx.database, 'admin'))
  const questionnaire = structuredClone(defaultQuestionnaire) as { pages: { elements: { name: string; title: unknown }[] }[] }
  for (const element of questionnaire.pages.flatMap((page) => page.elements)) {
    if (element.name === 'attentes' || element.name === 'nom_organisation') element.title = { default: `${element.name};=1+1`, en: 'x,=1' }
  }
  const wave = await waveFactory(ctx.database, { questionnaire, minCellSize: 3 })
  waveId = wave.id
  await ctx.database.db
    .updateTable('waves')
    .set({ settings: { minCellSize: 3, exportFreeText: true } })
    .where('id', '=', waveId)
    .execute()
  await ctx.database.db.updateTable('families').set({ label_fr: 'Insertion;=1+1' }).where('wave_id', '=', waveId).where('key', '=', 'insertion').execute()
  await replaceIndicatorDefinitions(
    ctx.database.db,
    waveId,
    defaultIndicators.map((d, i) => ({
      id: d.id,
      definition: (i === 0 ? { ...d, labelFr: 'Budget;=1+1', labelEn: 'Budget,=1+1' } : d) as unknown as JsonValue,
    })),
  )
  for (const [i, name] of HOSTILE.entries()) {
    const invited = await inviteFactory(ctx.database, waveId, { name, familyKeys: ['insertion'] })
    if (i === 0) token = invited.token
    await ctx.database.db
      .updateTable('responses')
      .set({
        status: 'submitted',
        submitted_at: new Date(),
        answers: { ...completeAnswers('insertion'), nom_organisation: name, attentes: name } as Record<string, JsonValue>,
      })
      .where('organisation_id', '=', invited.organisationId)
      .execute()
  }
  const release = await ctx.app.inject({ method: 'POST', url: `/api/waves/${waveId}/releases`, headers: { cookie: adminCookie }, payload: {} })
  expect(release.statusCode).toBe(201)
})
afterAll(async () => ctx?.close())

const FORMULA = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/
// A number is not a formula, even negative: `-2.5` is the value -2.5 in every spreadsheet.
const NUMBER = /^[-+]?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?$/i

/** The cells a spreadsheet that splits lines, then `delimiter`, without reading quotes, finds. */
function naiveCells(text: string, delimiter: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .flatMap((line) => line.split(delimiter))
    .map((cell) => cell.replace(/^[ "]+/, ''))
}

const FILES: [string, () => string][] = [
  ['indicators', () => `/api/waves/${waveId}/exports/indicators.csv`],
  ['microdata', () => `/api/waves/${waveId}/exports/responses.csv`],
  ['codebook', () => `/api/waves/${waveId}/exports/codebook.csv`],
  ['members', () => `/api/waves/${waveId}/organisations.csv`],
  ['links', () => `/api/waves/${waveId}/invitations.csv`],
  ['respondent answers', () => `/api/r/${token}/answers.csv`],
]

describe('CSV exports read by French and English spreadsheets', () => {
  describe.each(['rfc4180', 'excel-fr'])('in the %s dialect', (dialect) => {
    it.each(FILES)('%s: no cell starts with a formula sign, split on ; or on ,', async (what, url) => {
      const res = await ctx.app.inject({ method: 'GET', url: `${url()}?dialect=${dialect}`, headers: { cookie: adminCookie } })
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200)
      // The hostile texts are in the file (neutralised), so the check below is not vacuous.
      expect(res.body, what).toMatch(/;\s*'[=+\-@]|,\s*'[=+\-@]|\t'[=+\-@]|\n'[=+\-@]/)
      for (const delimiter of [';', ',']) {
        const formulas = naiveCells(res.body, delimiter).filter((cell) => FORMULA.test(cell) && !NUMBER.test(cell))
        expect(formulas, `${what}, ${dialect}, split on ${delimiter}`).toEqual([])
      }
    })
  })
})
