import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  DEMO_ORGANISATIONS,
  demoLink,
  persistentProfile,
  questionnaireReady,
  respondentSuite,
  saveStatus,
  screenshot,
  seriousViolations,
  typeInto,
  waitUntilSaved,
} from './respondent-support'

// Poor connections: nothing typed is dropped from the browser until the server has it.
const suite = respondentSuite()
const { sessions } = suite

const yearField = (page: Page) => page.getByRole('textbox', { name: 'Année de création' })
const unsentNotice = (page: Page) => page.locator('.notice', { hasText: 'pas encore envoyée' })

/** The answer as the server has it, seen from another device (a fresh browser profile). */
async function yearOnServer(link: string): Promise<string> {
  const page = await sessions.openQuestionnaire(link)
  return yearField(page).inputValue()
}

describe('answers given without a connection', () => {
  it('says plainly where unsent answers are, warns before leaving, and sends them once back online', async () => {
    const link = await demoLink(suite.api, DEMO_ORGANISATIONS[0])
    const page = await sessions.openQuestionnaire(link)

    await page.context().setOffline(true)
    await typeInto(yearField(page), '2012')
    await expect.poll(() => saveStatus(page).textContent()).toBe('Hors ligne — vos réponses sont gardées dans ce navigateur')
    const notice = unsentNotice(page)
    await notice.waitFor()
    expect(await notice.innerText()).toContain('1 réponse n’est pas encore envoyée au serveur.')
    expect(await notice.innerText()).toContain('même si vous fermez la page ou redémarrez l’appareil')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'offline-desktop')

    // Closing the tab now asks first; staying keeps everything as it was.
    const dialog = page.waitForEvent('dialog')
    await page.close({ runBeforeUnload: true })
    const asked = await dialog
    expect(asked.type()).toBe('beforeunload')
    await asked.dismiss()
    expect(page.isClosed()).toBe(false)
    expect(await yearField(page).inputValue()).toBe('2012')

    await page.context().setOffline(false)
    await waitUntilSaved(page)
    expect(await notice.count()).toBe(0)
    expect(await yearOnServer(link)).toBe('2012')
  })

  it('keeps unsent answers through a reload and sends them when the server answers again', async () => {
    const link = await demoLink(suite.api, DEMO_ORGANISATIONS[1])
    const page = await sessions.openQuestionnaire(link)

    // The server cannot be reached (the page itself still loads: a flaky network, a proxy…).
    await page.route('**/api/r/*/answers', (route) => route.abort('connectionfailed'))
    await typeInto(yearField(page), '1987')
    await unsentNotice(page).waitFor({ timeout: 20_000 })

    // Reloading asks first (the person confirms), and the answer comes back from this browser.
    page.once('dialog', (dialog) => void dialog.accept())
    await page.reload()
    await questionnaireReady(page)
    expect(await yearField(page).inputValue()).toBe('1987')
    await unsentNotice(page).waitFor({ timeout: 20_000 })

    await page.unroute('**/api/r/*/answers')
    // Back in reach: sent by itself (the backoff retries), and said so.
    await waitUntilSaved(page)
    expect(await page.locator('.notice', { hasText: 'dernière visite' }).innerText()).toContain(
      'Une réponse saisie lors de votre dernière visite n’avait pas été envoyée\u00A0: elle a été reprise et enregistrée.',
    )
    expect(await yearOnServer(link)).toBe('1987')
  })

  it('keeps what is typed while the API process restarts, then stores it once', async () => {
    const link = await demoLink(suite.api, DEMO_ORGANISATIONS[3])
    const token = link.split('/r/')[1]!
    const page = await sessions.openQuestionnaire(link)
    await typeInto(yearField(page), '1990')
    await waitUntilSaved(page)
    const before = (await (await fetch(`${suite.server.baseUrl}/api/r/${token}`)).json()) as { response: { revision: number } }

    // The API process is stopped (SIGTERM) while the person types, and started again on the same database.
    await suite.server.restart(async () => {
      await yearField(page).fill('')
      await typeInto(yearField(page), '2001')
      await unsentNotice(page).waitFor({ timeout: 20_000 })
    })

    await waitUntilSaved(page)
    expect(await unsentNotice(page).count()).toBe(0)
    const after = (await (await fetch(`${suite.server.baseUrl}/api/r/${token}`)).json()) as {
      response: { revision: number; answers: Record<string, unknown> }
    }
    expect(after.response.answers.annee_creation).toBe(2001)
    // Everything typed while the server was away went in one save: one revision, nothing twice.
    expect(after.response.revision).toBe(before.response.revision + 1)
    expect(await yearOnServer(link)).toBe('2001')
  })

  it('keeps unsent answers when the browser is closed offline and started again', async () => {
    const link = await demoLink(suite.api, DEMO_ORGANISATIONS[2])
    const profile = await persistentProfile()
    try {
      let context = await profile.launch()
      let page = sessions.watch(await context.newPage())
      await page.goto(link)
      await questionnaireReady(page)
      await context.setOffline(true)
      await typeInto(yearField(page), '2020')
      await unsentNotice(page).waitFor()
      // The browser quits (the laptop is closed, the battery runs out) while still offline.
      await context.close()

      context = await profile.launch()
      page = sessions.watch(await context.newPage())
      await page.goto(link)
      await questionnaireReady(page)
      expect(await yearField(page).inputValue()).toBe('2020')
      await waitUntilSaved(page)
      await context.close()
    } finally {
      await profile.remove()
    }
    expect(await yearOnServer(link)).toBe('2020')
  })
})
