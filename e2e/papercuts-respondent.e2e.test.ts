import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEMO_ORGANISATIONS, demoLink, question, respondentSuite } from './respondent-support'

// Issue 14, the respondent's papercuts: what a newcomer noticed on the questionnaire.
const suite = respondentSuite()
const { sessions } = suite

const hint = (page: Page) => page.locator('.presence-hint')

/** Resolves once the page has told the server it is there and read its answer. */
const presenceAnswered = (page: Page) => page.waitForResponse((response) => /\/presence$/.test(new URL(response.url()).pathname) && response.ok())

/** How many browsers the server counts on a link, as a third browser that opens it for a moment is told. */
async function browsersSeenOn(link: string): Promise<number> {
  const token = new URL(link).pathname.split('/').pop()!
  const response = await fetch(`${suite.server.baseUrl}/api/r/${token}/presence`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ clientId: 'observer-tab', browserId: 'observer-browser', page: null }),
  })
  expect(response.status).toBe(200)
  const { others } = (await response.json()) as { others: unknown[] }
  // And goes at once, as a closing tab does, so as not to count itself for the others.
  const left = await fetch(`${suite.server.baseUrl}/api/r/${token}/presence/leave`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ clientId: 'observer-tab' }),
  })
  expect(left.status).toBe(204)
  return others.length
}

describe('who else has the questionnaire open', () => {
  it('does not take one’s own closed tab for another person when the link is opened again', async () => {
    const link = await demoLink(suite.api, DEMO_ORGANISATIONS[4])
    const context = await sessions.newContext()
    const first = await sessions.openQuestionnaire(link, context)
    await first.close({ runBeforeUnload: true })

    // Within the 75 s a silent tab is still counted, the same browser opens the link again.
    const again = await sessions.newPage(context)
    const told = presenceAnswered(again)
    await again.goto(link)
    expect(await (await told).json()).toEqual({ others: [] })
    expect(await hint(again).count()).toBe(0)

    // A second tab of the same browser is the same person too.
    const secondTab = await sessions.newPage(context)
    const toldSecond = presenceAnswered(secondTab)
    await secondTab.goto(link)
    expect(await (await toldSecond).json()).toEqual({ others: [] })
    expect(await hint(secondTab).count()).toBe(0)
  })

  it('still tells another browser, and forgets a person as soon as their tab closes', async () => {
    const link = await demoLink(suite.api, DEMO_ORGANISATIONS[5])
    const mine = await sessions.openQuestionnaire(link)
    const colleague = await sessions.openQuestionnaire(link)
    await expect
      .poll(() => hint(colleague).textContent(), { timeout: 10_000 })
      .toBe('Une autre personne a ce questionnaire ouvert en ce moment (page «\u00A0Votre organisation\u00A0»).')

    // The colleague closes the tab: at once (not 75 s later), the server counts only me.
    await colleague.close({ runBeforeUnload: true })
    await expect.poll(() => browsersSeenOn(link), { timeout: 10_000 }).toBe(1)
    const told = presenceAnswered(mine)
    await mine.getByRole('button', { name: 'Suivant' }).click()
    expect(await (await told).json()).toEqual({ others: [] })
    await expect.poll(() => hint(mine).count(), { timeout: 10_000 }).toBe(0)
  })
})

/** What a sighted person compares: the fill, the text colour, the weight and the size of an element. */
function looks(page: Page, selector: string) {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const style = getComputedStyle(element)
      return { background: style.backgroundColor, color: style.color, weight: Number(style.fontWeight), size: parseFloat(style.fontSize) }
    })
}

describe('the look of the questionnaire', () => {
  it('shows "Suivant" as the next step, filled, and "Précédent" as a secondary button', async () => {
    const page = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[0]))
    await page.getByRole('button', { name: 'Suivant' }).click()
    await page.getByRole('button', { name: 'Précédent' }).waitFor()
    const next = await looks(page, '.sd-navigation__next-btn')
    const previous = await looks(page, '.sd-navigation__prev-btn')
    // Sonde's blue, with white words; the previous step keeps a white ground.
    expect(next.background).toBe('rgb(11, 90, 138)')
    expect(await page.locator('.sd-navigation__next-btn .sd-action__title').evaluate((title) => getComputedStyle(title).color)).toBe('rgb(255, 255, 255)')
    expect(previous.background).toBe('rgb(255, 255, 255)')
    expect(next.weight).toBeGreaterThan(previous.weight)

    // On the last page, "Terminer" is the filled one.
    await page.getByRole('button', { name: /^Protection des données/ }).click()
    await page.getByRole('button', { name: 'Terminer' }).waitFor()
    expect((await looks(page, '.sd-navigation__complete-btn')).background).toBe('rgb(11, 90, 138)')
  })

  it('writes the consent notice’s heading smaller than the page’s title, itself smaller than the questionnaire’s', async () => {
    const page = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[0]))
    await page.getByRole('button', { name: /^Protection des données/ }).click()
    await page.getByRole('heading', { name: "Notice d'information sur vos données" }).waitFor()
    const questionnaireTitle = await looks(page, 'main h1')
    const pageTitle = await looks(page, '.sd-page__title')
    const noticeHeading = await looks(page, '.sd-html h3')
    expect(pageTitle.size).toBeLessThan(questionnaireTitle.size)
    expect(noticeHeading.size).toBeLessThan(pageTitle.size)
  })
})

describe('the words of the questionnaire', () => {
  it('asks for the EcoIndex as a score, not as a percentage, when the value is out of range', async () => {
    const page = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[1]))
    await page.getByRole('button', { name: /^Numérique responsable et souveraineté/ }).click()
    const field = page.getByRole('textbox', { name: /^Score EcoIndex/ })
    await field.fill('150')
    await field.press('Tab')
    await page.getByRole('button', { name: 'Vérifier cette page' }).click()
    const message = question(page, /^Score EcoIndex/).getByRole('alert')
    await expect.poll(() => message.innerText(), { timeout: 10_000 }).toContain('Saisissez un score entre 0 et 100.')
    expect(await message.innerText()).not.toContain('pourcentage')
  })
})
