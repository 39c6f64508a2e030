import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  DEMO_ORGANISATIONS,
  answerRequiredQuestions,
  demoLink,
  nameField,
  questionnaireReady,
  respondentSuite,
  screenshot,
  seriousViolations,
  typeInto,
  waitUntilSaved,
} from './respondent-support'

// One organisation from its submission to the close of the wave, in order: the tests of this file
// build on each other, as the days of a campaign do.
let waveId: string
let link: string
const suite = respondentSuite()
const { sessions } = suite

beforeAll(async () => {
  waveId = (await suite.api.demoWave()).id
  link = await demoLink(suite.api, DEMO_ORGANISATIONS[3])
})

const thanks = (page: Page) => page.getByRole('heading', { name: 'Merci, vos réponses ont été envoyées', level: 1 })
const yearField = (page: Page) => page.getByRole('textbox', { name: 'Année de création' })

/** What the organisation's own JSON download says, fetched as the browser would. */
async function ownAnswers(): Promise<{ status: string; answers: { name: string; text: string }[] }> {
  const url = new URL(link)
  const response = await fetch(`${url.origin}/api/r/${url.pathname.split('/').pop()}/answers.json`)
  expect(response.status).toBe(200)
  return (await response.json()) as { status: string; answers: { name: string; text: string }[] }
}

async function download(page: Page, linkName: string): Promise<{ name: string; text: string }> {
  const waiting = page.waitForEvent('download')
  await page.getByRole('link', { name: linkName }).click()
  const file = await waiting
  const path = await file.path()
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') }
}

describe('after sending the questionnaire', () => {
  it('confirms the submission, and the organisation downloads and prints its own answers', async () => {
    const page = await sessions.openQuestionnaire(link)
    await answerRequiredQuestions(page, 'Données Ouvertes en Commun')
    await page.getByRole('button', { name: 'Terminer' }).click()
    await thanks(page).waitFor({ timeout: 30_000 })
    expect(await page.locator('main').innerText()).toMatch(/Questionnaire envoyé le \d{1,2} \S+ \d{4}/)
    // This wave does not allow changing the answers after sending.
    expect(await page.getByRole('button', { name: 'Modifier mes réponses' }).count()).toBe(0)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'confirmation-desktop', true)

    const csv = await download(page, 'Télécharger mes réponses (CSV)')
    expect(csv.name).toMatch(/\.csv$/)
    expect(csv.text).toContain('nom_organisation')
    expect(csv.text).toContain('Données Ouvertes en Commun')
    // A file keeps numbers plain: no thousands separator (the French spreadsheet dialect, by default).
    expect(csv.text).toMatch(/;budget_annuel;[^\r\n]*;185000\r\n/)
    const json = await download(page, 'Télécharger mes réponses (JSON)')
    expect(json.name).toMatch(/\.json$/)
    const parsed = JSON.parse(json.text) as { answers: { name: string; text: string }[] }
    expect(parsed.answers).toContainEqual(expect.objectContaining({ name: 'forme_juridique', text: 'Association' }))

    // Printed: the questions and answers, without the page's header and buttons.
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.page-header').isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: 'Imprimer un récapitulatif' }).isVisible()).toBe(false)
    const printed = page.locator('.answers-summary')
    expect(await printed.isVisible()).toBe(true)
    const text = await printed.innerText()
    expect(text).toContain('Votre organisation')
    expect(text).toMatch(/Nom de l'organisation\s+Données Ouvertes en Commun/)
    expect(text).toMatch(/Région du siège\s+Bretagne/)
    // Numbers as a person reads them in French.
    expect(text).toMatch(/Budget annuel 2024 \(total des produits, en euros\)\s+185\u202f000\n/)
    await screenshot(page, 'print-summary', true)
    await page.emulateMedia({ media: 'screen' })

    await page.reload()
    await thanks(page).waitFor()
    expect((await ownAnswers()).status).toBe('submitted')
  })

  it('reopens the answers when the wave allows it; they count again once sent again', async () => {
    await suite.api.json('PATCH', `/api/waves/${waveId}`, { settings: { editAfterSubmit: true } })
    const page = await sessions.newPage()
    await page.goto(link)
    await thanks(page).waitFor()

    await page.getByRole('button', { name: 'Modifier mes réponses' }).click()
    await questionnaireReady(page)
    expect(await page.locator('.notice', { hasText: 'Vous avez rouvert vos réponses' }).innerText()).toMatch(
      /Vos modifications ne comptent qu’une fois le questionnaire envoyé de nouveau/,
    )
    expect(await nameField(page).inputValue()).toBe('Données Ouvertes en Commun')
    expect((await ownAnswers()).status).toBe('in_progress')

    await typeInto(yearField(page), '2016')
    await waitUntilSaved(page)
    const next = page.getByRole('button', { name: 'Suivant' })
    while (await next.isVisible()) await next.click()
    await page.getByRole('button', { name: 'Terminer' }).click()
    await thanks(page).waitFor({ timeout: 30_000 })

    const own = await ownAnswers()
    expect(own.status).toBe('submitted')
    expect(own.answers).toContainEqual(expect.objectContaining({ name: 'annee_creation', text: '2016' }))
  })

  it('shows the answers read-only once the wave is closed', async () => {
    await suite.api.json('POST', `/api/waves/${waveId}/close`)

    const submitted = await sessions.newPage()
    await submitted.goto(link)
    await thanks(submitted).waitFor()
    expect(await submitted.locator('main').innerText()).toContain('L’enquête est maintenant fermée\u00A0: vos réponses ne peuvent plus être modifiées.')
    expect(await submitted.getByRole('button', { name: 'Modifier mes réponses' }).count()).toBe(0)
    await submitted.getByRole('button', { name: 'Relire mes réponses' }).click()
    expect(await nameField(submitted).inputValue()).toBe('Données Ouvertes en Commun')
    expect(await nameField(submitted).isEditable()).toBe(false)
    expect(await seriousViolations(submitted)).toEqual([])

    // An organisation that had not sent its answers can still read them, not change them.
    const unsent = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[4]))
    await unsent.getByRole('heading', { name: 'Le questionnaire n’est plus ouvert', level: 2 }).waitFor()
    expect(await nameField(unsent).isEditable()).toBe(false)
    expect(await unsent.getByRole('button', { name: 'Vérifier cette page' }).count()).toBe(0)
    expect(await seriousViolations(unsent)).toEqual([])
    await screenshot(unsent, 'closed-read-only')
  })
})
