import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'

// One server and one demo invitation for the whole file: the tests follow one organisation from
// its first answers to its submission, in order.
let server: SondeServer
let browser: Browser
let contexts: BrowserContext[] = []
// What every page of the current test did that it must not: reach another host, break the CSP.
let watched: { foreign: string[]; csp: string[] }[] = []

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

afterEach(async () => {
  await Promise.all(contexts.map((context) => context.close()))
  contexts = []
  const seen = watched
  watched = []
  expect(
    seen.flatMap((page) => page.foreign),
    'requests to another host than the server',
  ).toEqual([])
  expect(
    seen.flatMap((page) => page.csp),
    'Content-Security-Policy refusals',
  ).toEqual([])
})

/**
 * A fresh browser profile (no localStorage left by a previous test: another person, or the same
 * person on another device) on the demo link.
 */
async function openDemoLink(): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })
  contexts.push(context)
  const page = await context.newPage()
  watched.push({ foreign: recordForeignRequests(page, server.baseUrl), csp: recordCspViolations(page) })
  await page.goto(server.demoLink)
  await page
    .getByRole('button', { name: /^(Suivant|Terminer)$/ })
    .first()
    .waitFor()
  return page
}

/** A question, found as a person finds it: by the words of its title. */
function question(page: Page, title: string | RegExp): Locator {
  return page.locator('.sd-question').filter({ has: page.locator('.sd-question__title', { hasText: title }) })
}

function saveStatus(page: Page): Locator {
  return page.locator('.sticky-status').getByRole('status')
}

async function waitUntilSaved(page: Page): Promise<void> {
  await expect.poll(() => saveStatus(page).textContent(), { timeout: 20_000 }).toMatch(/^Enregistré à \d{2}:\d{2}$/)
}

/**
 * Opens a SurveyJS dropdown and picks an option. A person scrolls to the question before
 * clicking; SurveyJS closes an open list when the page scrolls, which Playwright's own
 * scroll-into-view during the click would do.
 */
async function chooseInDropdown(page: Page, title: string | RegExp, option: string): Promise<void> {
  const box = question(page, title).locator('.sd-dropdown')
  await box.scrollIntoViewIfNeeded()
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  await box.click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click()
  await field.press('ControlOrMeta+a')
  await field.pressSequentially(text, { delay: 15 })
}

async function goToLastPage(page: Page): Promise<void> {
  const next = page.getByRole('button', { name: 'Suivant' })
  while (await next.isVisible()) await next.click()
  await page.getByRole('button', { name: 'Terminer' }).waitFor()
}

const nameField = (page: Page) => page.getByRole('textbox', { name: "Nom de l'organisation" })

describe('a member organisation answers through its invitation link', () => {
  it('says in French that an unknown link does not exist', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    contexts.push(context)
    const page = await context.newPage()
    watched.push({ foreign: recordForeignRequests(page, server.baseUrl), csp: recordCspViolations(page) })
    await page.goto(`${server.baseUrl}/r/${'x'.repeat(43)}`)
    await page.getByRole('heading', { name: 'Lien introuvable', level: 1 }).waitFor()
    expect(await page.locator('main').innerText()).toContain('demandez un nouveau lien')
  })

  it('saves answers as they are given and finds them again after a reload', async () => {
    const page = await openDemoLink()
    await expect.poll(() => saveStatus(page).isVisible()).toBe(true)
    expect(await axeViolations(page)).toEqual([])

    await typeInto(nameField(page), 'Coopérative des Communs')
    await chooseInDropdown(page, 'Forme juridique', "SCIC (société coopérative d'intérêt collectif)")
    await waitUntilSaved(page)

    await page.reload()
    await nameField(page).waitFor()
    expect(await nameField(page).inputValue()).toBe('Coopérative des Communs')
    expect(await question(page, 'Forme juridique').innerText()).toContain("SCIC (société coopérative d'intérêt collectif)")
  })

  it('shows the missing required answers in French and does not submit', async () => {
    const page = await openDemoLink()
    await goToLastPage(page)
    await page.getByRole('button', { name: 'Terminer' }).click()

    // SurveyJS takes the person back to the first page with a missing answer.
    const agrement = question(page, "l'agrément ESUS")
    await agrement.waitFor()
    await expect.poll(() => agrement.innerText()).toContain('La réponse à cette question est obligatoire.')
    // What was answered before is not flagged, nor what the registry answered (region, families).
    expect(await question(page, 'Forme juridique').innerText()).not.toContain('obligatoire')
    expect(await question(page, 'Région du siège').innerText()).not.toContain('obligatoire')
    expect(await question(page, 'familles du réseau').innerText()).not.toContain('obligatoire')
    expect(await page.getByText('Merci, vos réponses ont été envoyées').count()).toBe(0)

    await page.reload()
    await nameField(page).waitFor()
    expect(await page.getByText('Merci, vos réponses ont été envoyées').count()).toBe(0)
  })

  it('keeps answers given offline in the browser and sends them once back online', async () => {
    const page = await openDemoLink()
    await page.context().setOffline(true)
    await typeInto(page.getByRole('textbox', { name: 'Année de création' }), '2012')
    await expect.poll(() => saveStatus(page).textContent()).toBe('Hors ligne — vos réponses sont gardées dans ce navigateur')

    await page.context().setOffline(false)
    await waitUntilSaved(page)
    await page.reload()
    await nameField(page).waitFor()
    expect(await page.getByRole('textbox', { name: 'Année de création' }).inputValue()).toBe('2012')
  })

  it('asks which answer to keep when a colleague changed the same question meanwhile', async () => {
    const mine = await openDemoLink()
    const colleague = await openDemoLink()

    await typeInto(nameField(colleague), 'Coopérative des Communs numériques')
    await waitUntilSaved(colleague)
    // This page still shows the old name: changing it now would overwrite the colleague's.
    await typeInto(nameField(mine), 'Coopérative des Communs')

    const notice = mine.getByRole('region', { name: 'Un·e collègue a modifié cette réponse' })
    await notice.waitFor({ timeout: 20_000 })
    const text = await notice.innerText()
    expect(text).toContain("Question «\u00A0Nom de l'organisation\u00A0»")
    expect(text).toMatch(/Votre réponse\s+Coopérative des Communs\s/)
    expect(text).toMatch(/Réponse de votre collègue\s+Coopérative des Communs numériques/)

    await notice.getByRole('button', { name: 'Garder la mienne' }).click()
    await waitUntilSaved(mine)
    expect(await notice.count()).toBe(0)

    await colleague.reload()
    await nameField(colleague).waitFor()
    expect(await nameField(colleague).inputValue()).toBe('Coopérative des Communs')
  })

  it('submits a complete questionnaire and stays submitted after a reload', async () => {
    const page = await openDemoLink()

    // Page 1, "Votre organisation": the name and legal form are already there from the first test.
    expect(await nameField(page).inputValue()).toBe('Coopérative des Communs')
    await question(page, "l'agrément ESUS").getByText('Oui', { exact: true }).click()
    await chooseInDropdown(page, 'Région du siège', 'Bretagne')
    await question(page, 'familles du réseau').getByText('Communs numériques & open data', { exact: true }).click()
    await page.getByRole('button', { name: 'Suivant' }).click()

    // Page 2, "Économie et emplois".
    await typeInto(page.getByRole('textbox', { name: /^Budget annuel/ }), '185000')
    await typeInto(page.getByRole('textbox', { name: /^Nombre de salariés au 31/ }), '4')
    await page.getByRole('button', { name: 'Suivant' }).click()

    // Page 3, "Gouvernance".
    await question(page, 'une personne, une voix').getByText('Oui', { exact: true }).click()

    // The family page for "communs" and the others have no required question.
    await goToLastPage(page)
    await page.getByText("J'ai lu la notice d'information et j'accepte").click()
    await waitUntilSaved(page)

    await page.getByRole('button', { name: 'Terminer' }).click()
    const thanks = page.getByRole('heading', { name: 'Merci, vos réponses ont été envoyées' })
    await thanks.waitFor({ timeout: 30_000 })
    expect(await page.locator('main').innerText()).toMatch(/Questionnaire envoyé le \d{1,2} \S+ \d{4}/)

    await page.reload()
    await thanks.waitFor()
    expect(await page.getByRole('button', { name: 'Terminer' }).count()).toBe(0)
    // The answers are still there to read, but not to change.
    await page.getByRole('button', { name: 'Relire mes réponses' }).click()
    expect(await nameField(page).inputValue()).toBe('Coopérative des Communs')
    expect(await nameField(page).isEditable()).toBe(false)
  })
})
