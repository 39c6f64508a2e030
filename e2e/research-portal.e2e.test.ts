import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'
import { signIn, submitThroughLink } from './admin-support'

let server: SondeServer
let browser: Browser

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

async function openDemoWave(page: Page): Promise<void> {
  const wavePicker = page.getByRole('combobox', { name: /^Vague d.enquête$/ })
  await wavePicker.waitFor()
  const demoWave = (await wavePicker.locator('option').allTextContents()).find((label) => label.includes('(démonstration)'))
  expect(demoWave, 'the demo wave is offered').toBeDefined()
  await wavePicker.selectOption({ label: demoWave! })
  await page.getByRole('heading', { name: 'Chaque indicateur, par famille', level: 2 }).waitFor()
}

describe('the research portal', () => {
  it('shows each indicator as a chart with its interval and n, and a table of the same figures', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const foreign = recordForeignRequests(page, server.baseUrl)
    const csp = recordCspViolations(page)
    await page.goto(`${server.baseUrl}/research`)
    await signIn(page, server.adminEmail, server.adminPassword)
    await openDemoWave(page)

    // The groups: every family's blocks, then each family's own.
    const groups = page.getByRole('navigation', { name: 'Groupes d’indicateurs' })
    expect(await groups.getByRole('link').count()).toBeGreaterThanOrEqual(7)

    const budget = page.getByRole('article', { name: 'Budget annuel (médiane et quartiles)' })
    expect(await budget.getByRole('img', { name: /Budget annuel \(médiane et quartiles\) — valeur par famille/ }).count()).toBe(1)
    const table = budget.getByRole('table', { name: /Chiffres de « Budget annuel/ })
    const insertion = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Insertion & formation numérique' }) })
    // One organisation: its family's cell is hidden, with its n, never 0.
    expect(await insertion.innerText()).toMatch(/secret statistique[\s\S]*moins de \d+ organisations[\s\S]*\b1\b/)
    expect(await insertion.innerText()).not.toMatch(/\b0\s*€/)
    expect(await budget.getByRole('img').innerHTML()).toContain('secret statistique')

    // The overview table by family is there too.
    await page.getByRole('table', { name: /^Indicateurs de la vague/ }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    expect(foreign).toEqual([])
    expect(csp).toEqual([])
    await context.close()
  })

  it('crosses the families with the region, bookmarkably, and offers the crossed CSV', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    await page.goto(`${server.baseUrl}/research`)
    await signIn(page, server.adminEmail, server.adminPassword)
    await openDemoWave(page)
    await page.getByRole('combobox', { name: 'Croiser les familles avec' }).selectOption({ label: 'la région' })
    await page.getByRole('heading', { name: 'Chaque indicateur, par famille et selon la région', level: 2 }).waitFor()
    expect(new URL(page.url()).searchParams.get('dimension')).toBe('region')

    const budget = page.getByRole('article', { name: 'Budget annuel (médiane et quartiles)' })
    const crossed = budget.getByRole('table')
    expect(await crossed.getByRole('rowheader', { name: 'Hauts-de-France' }).count()).toBe(1)
    expect(await crossed.getByRole('rowheader', { name: 'Toutes les valeurs' }).count()).toBe(1)
    expect(await crossed.getByRole('cell').filter({ hasText: 'secret statistique' }).count()).toBeGreaterThan(0)
    expect(await axeViolations(page)).toEqual([])

    const link = page.getByRole('link', { name: 'Indicateurs croisés avec la dimension choisie (CSV)' })
    expect(await link.getAttribute('href')).toMatch(/\/exports\/indicators\.csv\?dimension=region$/)

    await page.reload()
    await page.getByRole('heading', { name: 'Chaque indicateur, par famille et selon la région', level: 2 }).waitFor()
    await context.close()
  })

  it('downloads the pseudonymised responses, the codebook and the data package', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    await page.goto(`${server.baseUrl}/research`)
    await signIn(page, server.adminEmail, server.adminPassword)
    await openDemoWave(page)
    const href = async (name: string) => `${server.baseUrl}${await page.getByRole('link', { name, exact: true }).getAttribute('href')}`

    const responses = await page.request.get(await href('Réponses pseudonymisées (CSV)'))
    expect(responses.status()).toBe(200)
    const text = await responses.text()
    expect(text.split('\r\n')[0]).toMatch(/^id,forme_juridique,/)
    expect(text).not.toContain('Atelier Numérique Solidaire')
    expect(responses.headers()['content-disposition']).toMatch(/^attachment; filename="sonde-[a-z0-9-]+-reponses\.csv"$/)

    const codebook = await page.request.get(await href('Dictionnaire des variables (CSV)'))
    expect((await codebook.text()).split('\r\n')[0]).toBe('variable,question,label_fr,label_en,type,question_type,values,value_labels_fr,value_labels_en,page,page_index,waves,exported,note')

    const archive = await page.request.get(await href('Paquet de données pour R et Python (Frictionless, ZIP)'))
    expect(archive.status()).toBe(200)
    expect(archive.headers()['content-type']).toBe('application/zip')
    expect((await archive.body()).subarray(0, 4).toString('hex')).toBe('504b0304')
    await context.close()
  })

  it('compares the wave with a copy of it, indicator by indicator', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    await page.goto(`${server.baseUrl}/research`)
    await signIn(page, server.adminEmail, server.adminPassword)
    await openDemoWave(page)
    const waveId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    const copy = await page.request.post(`${server.baseUrl}/api/waves/${waveId}/copy`, {
      data: { slug: 'vague-2026', title: 'Vague 2026' },
      headers: { Origin: server.baseUrl },
    })
    expect(copy.status(), await copy.text()).toBe(201)
    await page.reload()
    await page.getByRole('heading', { name: 'Comparer avec une autre vague', level: 2 }).waitFor()
    await page.getByRole('combobox', { name: 'Autre vague' }).selectOption({ label: 'Vague 2026' })
    const compared = page.getByRole('table', { name: 'Budget annuel (médiane et quartiles)', exact: true })
    await compared.waitFor()
    const headers = await compared.getByRole('columnheader').allTextContents()
    expect(headers).toEqual(expect.arrayContaining(['Famille', 'Vague 2026']))
    expect(headers.length).toBe(3)
    expect(await axeViolations(page)).toEqual([])
    await context.close()
  })
})
