import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  DEMO_ORGANISATIONS,
  demoLink,
  nameField,
  question,
  respondentSuite,
  saveStatus,
  screenshot,
  seriousViolations,
  typeInto,
  waitUntilSaved,
} from './respondent-support'

// Several people of one organisation answer on the same link, each in their own browser.
const suite = respondentSuite()
const { sessions } = suite

const yearField = (page: Page) => page.getByRole('textbox', { name: 'Année de création' })

/** The conflict shown on a question: a region named after the notice and the question. */
const conflictOn = (page: Page, title: string) => question(page, title).getByRole('region', { name: 'Un·e collègue a modifié cette réponse' })

/** Two colleagues who opened the same link before either of them answered. */
async function twoColleagues(organisation: string): Promise<{ link: string; mine: Page; colleague: Page }> {
  const link = await demoLink(suite.api, organisation)
  const mine = await sessions.openQuestionnaire(link)
  const colleague = await sessions.openQuestionnaire(link)
  return { link, mine, colleague }
}

describe('several colleagues answer on one link', () => {
  it('tells each colleague that someone else has the questionnaire open, and on which page', async () => {
    const { mine, colleague } = await twoColleagues(DEMO_ORGANISATIONS[3])
    const hint = (page: Page) => page.locator('.presence-hint')
    // The colleague opened the link second: told at once where I am.
    await expect
      .poll(() => hint(colleague).textContent(), { timeout: 10_000 })
      .toBe('Une autre personne a ce questionnaire ouvert en ce moment (page «\u00A0Votre organisation\u00A0»).')
    // I am told when I change page (or within half a minute).
    await mine.getByRole('button', { name: 'Suivant' }).click()
    await expect
      .poll(() => hint(mine).textContent(), { timeout: 10_000 })
      .toBe('Une autre personne a ce questionnaire ouvert en ce moment (page «\u00A0Votre organisation\u00A0»).')
    expect(await seriousViolations(mine)).toEqual([])
    await screenshot(mine, 'colleague-present')
  })

  it('merges answers to different questions silently, in both browsers', async () => {
    const { link, mine, colleague } = await twoColleagues(DEMO_ORGANISATIONS[0])

    await typeInto(nameField(colleague), 'Atelier des Communs')
    await waitUntilSaved(colleague)
    // This page still shows an empty name: answering another question must not clear it.
    await typeInto(yearField(mine), '2012')
    await waitUntilSaved(mine)

    expect(await mine.locator('.conflict').count()).toBe(0)
    await expect.poll(() => nameField(mine).inputValue(), { timeout: 10_000 }).toBe('Atelier des Communs')

    const later = await sessions.openQuestionnaire(link)
    expect(await nameField(later).inputValue()).toBe('Atelier des Communs')
    expect(await yearField(later).inputValue()).toBe('2012')
  })

  it('shows both answers on the question a colleague changed meanwhile, and keeps mine when asked', async () => {
    const { link, mine, colleague } = await twoColleagues(DEMO_ORGANISATIONS[1])

    await typeInto(nameField(colleague), 'Recyclerie du Val')
    await waitUntilSaved(colleague)
    await typeInto(nameField(mine), 'Recyclerie Informatique du Val')

    const conflict = conflictOn(mine, "Nom de l'organisation")
    await conflict.waitFor({ timeout: 20_000 })
    const text = await conflict.innerText()
    expect(text).toMatch(/Votre réponse\s+Recyclerie Informatique du Val\s/)
    expect(text).toMatch(/Réponse de votre collègue\s+Recyclerie du Val\s/)
    // The always-visible status says a choice is waiting; nothing was overwritten on the server.
    expect(await saveStatus(mine).textContent()).toBe('Une réponse modifiée par un·e collègue attend votre choix, sur la question concernée')
    expect(await seriousViolations(mine)).toEqual([])
    await screenshot(mine, 'conflict-desktop')

    await conflict.getByRole('button', { name: 'Garder la mienne' }).click()
    await waitUntilSaved(mine)
    expect(await conflict.count()).toBe(0)
    // The focus goes back to the answer rather than to the top of the page.
    expect(await mine.evaluate(() => document.activeElement?.getAttribute('aria-labelledby') ?? '')).toContain('_ariaTitle')

    const later = await sessions.openQuestionnaire(link)
    expect(await nameField(later).inputValue()).toBe('Recyclerie Informatique du Val')
    await expect
      .poll(
        () =>
          nameField(colleague)
            .inputValue()
            .then(async (value) => {
              // The colleague's page picks the kept answer up at its next save or reload.
              if (value !== 'Recyclerie Informatique du Val') await colleague.reload().then(() => nameField(colleague).waitFor())
              return nameField(colleague).inputValue()
            }),
        { timeout: 20_000 },
      )
      .toBe('Recyclerie Informatique du Val')
  })

  it('takes the colleague’s answer when asked, and sends nothing of mine for that question', async () => {
    const { link, mine, colleague } = await twoColleagues(DEMO_ORGANISATIONS[2])

    await typeInto(yearField(colleague), '1998')
    await waitUntilSaved(colleague)
    await typeInto(yearField(mine), '2005')

    const conflict = conflictOn(mine, 'Année de création')
    await conflict.waitFor({ timeout: 20_000 })
    expect(await conflict.innerText()).toMatch(/Votre réponse\s+2005\s+Réponse de votre collègue\s+1998/)

    await conflict.getByRole('button', { name: 'Prendre la sienne' }).click()
    expect(await conflict.count()).toBe(0)
    expect(await yearField(mine).inputValue()).toBe('1998')
    // Nothing left to send: leaving the page does not warn, and a reload shows the colleague's answer.
    await mine.reload()
    await yearField(mine).waitFor()
    expect(await yearField(mine).inputValue()).toBe('1998')

    const later = await sessions.openQuestionnaire(link)
    expect(await yearField(later).inputValue()).toBe('1998')
  })
})
