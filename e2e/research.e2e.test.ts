import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'
import { signIn, submitThroughLink } from './admin-support'

let server: SondeServer
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  // One organisation submits (through the respondent API): one response is below any minimum cell size.
  await submitThroughLink(server.demoLink)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('a researcher reads the indicators of a wave', () => {
  it('lists the waves for the staff on /admin, each with a way to its indicators', async () => {
    const staff = await browser.newContext({ locale: 'fr-FR' })
    const page = await staff.newPage()
    const foreign = recordForeignRequests(page, server.baseUrl)
    await page.goto(`${server.baseUrl}/admin`)
    await signIn(page, server.adminEmail, server.adminPassword)
    const waves = page.getByRole('table', { name: /vagues d.enquête/i })
    await waves.waitFor()
    const demo = waves.getByRole('row').filter({ hasText: '(démonstration)' })
    expect(await demo.innerText()).toContain('ouverte')
    expect(await axeViolations(page)).toEqual([])

    await demo.getByRole('link', { name: /^Indicateurs de/ }).click()
    await page.getByRole('table', { name: /^Indicateurs de la vague/ }).waitFor()

    await page.getByRole('button', { name: 'Se déconnecter' }).click()
    await page.getByRole('button', { name: 'Se connecter' }).waitFor()
    await page.reload()
    await page.getByRole('button', { name: 'Se connecter' }).waitFor()
    expect(foreign, 'requests to another host than the server').toEqual([])
    await staff.close()
  })

  it('signs in, picks the demo wave and reads the table per family, with suppressed cells marked', async () => {
    context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const foreign = recordForeignRequests(page, server.baseUrl)
    const cspViolations = recordCspViolations(page)
    await page.goto(`${server.baseUrl}/research`)
    await page.getByRole('heading', { name: 'Connexion', level: 1 }).waitFor()
    expect(await axeViolations(page)).toEqual([])

    // A wrong password is refused in words, and the form stays.
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).pressSequentially(server.adminEmail)
    await page.getByLabel('Mot de passe').pressSequentially('not-the-password')
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect.' }).waitFor()
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).clear()
    await signIn(page, server.adminEmail, server.adminPassword)

    const wavePicker = page.getByRole('combobox', { name: /^Vague d.enquête$/ })
    await wavePicker.waitFor()
    const demoWave = (await wavePicker.locator('option').allTextContents()).find((label) => label.includes('(démonstration)'))
    expect(demoWave, 'the demo wave is offered').toBeDefined()
    await wavePicker.selectOption({ label: demoWave! })

    const table = page.getByRole('table', { name: /^Indicateurs de la vague/ })
    await table.waitFor()
    const headers = await table.getByRole('columnheader').allTextContents()
    expect(headers).toEqual(
      expect.arrayContaining([
        'Insertion & formation numérique',
        'Économie circulaire : réemploi & reconditionnement',
        'Communs numériques & open data',
      ]),
    )
    expect(await table.getByRole('rowheader', { name: /Budget annuel/ }).count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])

    // One organisation has submitted: its cells are below the minimum size, so they say why
    // they are hidden and never show a 0.
    const suppressed = table.getByRole('cell').filter({ hasText: 'secret statistique' })
    expect(await suppressed.count()).toBeGreaterThan(0)
    expect(await suppressed.first().innerText()).toMatch(/secret statistique\s+\S/)
    // The submitted organisation is in "insertion": its budget is there, and hidden.
    const budgetRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Budget annuel/ }) })
    const budgetCells = await budgetRow.getByRole('cell').allInnerTexts()
    const insertion = headers.indexOf('Insertion & formation numérique') - 1
    expect(budgetCells[insertion]).toMatch(/^secret statistique\s+moins de \d+ organisations$/)
    for (const text of budgetCells) expect(text).not.toMatch(/^\s*0\s*(€|EUR)?\s*$/)

    // Bookmarkable, and the exports are one click away.
    expect(new URL(page.url()).pathname).toMatch(/^\/research\/[^/]+$/)
    const csv = await page.getByRole('link', { name: 'Indicateurs (CSV)' }).getAttribute('href')
    expect(csv).toMatch(/^\/api\/waves\/[^/]+\/exports\/indicators\.csv$/)
    const excel = await page.getByRole('link', { name: 'Indicateurs (CSV pour Excel en français)' }).getAttribute('href')
    expect(excel).toBe(`${csv}?dialect=excel-fr`)
    const download = await page.request.get(`${server.baseUrl}${csv}`)
    expect(download.status()).toBe(200)

    await page.reload()
    await table.waitFor()
    expect(foreign, 'requests to another host than the server').toEqual([])
    expect(cspViolations, 'Content-Security-Policy refusals').toEqual([])
    await context.close()
  })
})
