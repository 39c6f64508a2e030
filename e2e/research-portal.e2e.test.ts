import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'
import { ApiSession, signIn, submitThroughLink, unique, type WaveRef } from './admin-support'

let server: SondeServer
let browser: Browser
let release: { id: string; number: number }
const researcher = { email: `${unique('chercheuse')}@example.org`, password: 'une phrase de passe assez longue' }

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  // One organisation submits (through the respondent API): one response is below any minimum cell size.
  await submitThroughLink(server.demoLink)
  // The portal reads releases, staff's too by default: publish the demo wave's first one.
  const admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
  const { waves } = await admin.json<{ waves: WaveRef[] }>('GET', '/api/waves')
  const demo = waves.find((wave) => wave.title.includes('(démonstration)'))!
  release = await admin.json('POST', `/api/waves/${demo.id}/releases`, {}, 201)
  await admin.json('POST', '/api/users', { ...researcher, role: 'researcher' }, 201)
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
  await page.getByRole('heading', { name: /^Vue d’ensemble de la vague/, level: 2 }).waitFor()
}

/** A page of the portal, through its navigation at the top. */
async function openPage(page: Page, name: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages de la vague' }).getByRole('link', { name, exact: true }).click()
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor()
}

describe('the research portal', () => {
  it('shows each indicator of a theme as a chart per family with its interval and n, written in a table', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const foreign = recordForeignRequests(page, server.baseUrl)
    const csp = recordCspViolations(page)
    await page.goto(`${server.baseUrl}/research`)
    await signIn(page, server.adminEmail, server.adminPassword)
    await openDemoWave(page)

    // The pages: the overview, search, comparison, full table; a page per family and per theme.
    const pages = page.getByRole('navigation', { name: 'Pages de la vague' })
    expect(await pages.getByRole('link').count()).toBeGreaterThanOrEqual(4 + 6 + 5)
    await openPage(page, 'Économie et emploi', 'Thème : Économie et emploi')
    // One organisation has answered: every figure is hidden, said once; staff still see each cell and why.
    await page.getByText(/^Tous les chiffres de cette page sont masqués par le secret statistique/).waitFor()

    const budget = page.getByRole('article', { name: 'Budget annuel (médiane et quartiles)' })
    const table = budget.getByRole('table', { name: /^Valeur par famille/ })
    const insertion = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Insertion & formation numérique' }) })
    // One organisation: its family's cell is hidden, never 0; staff (this is the admin) see why, and its n.
    expect(await insertion.innerText()).toMatch(/secret statistique[\s\S]*moins de \d+ organisations[\s\S]*\b1\b/)
    expect(await insertion.innerText()).not.toMatch(/\b0\s*€/)
    expect(await budget.locator('.figure-chart__bar').count()).toBe(0)

    // The full table by family is a page of its own.
    await openPage(page, 'Tableau d’ensemble', /^Tableau d’ensemble/)
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
    // Crossing is offered on the pages of a family or a theme.
    expect(await page.getByRole('combobox', { name: 'Croiser les familles avec' }).count()).toBe(0)
    await openPage(page, 'Économie et emploi', 'Thème : Économie et emploi')
    await page.getByRole('combobox', { name: 'Croiser les familles avec' }).selectOption({ label: 'la région' })
    expect(new URL(page.url()).searchParams.get('dimension')).toBe('region')

    const budget = page.getByRole('article', { name: 'Budget annuel (médiane et quartiles)' })
    await budget.getByRole('table').getByRole('rowheader', { name: 'Hauts-de-France' }).waitFor()
    // Crossed, each indicator has its chart per modality (drawn by Observable Plot) and its table.
    expect(await budget.getByRole('img', { name: /Budget annuel \(médiane et quartiles\) — valeur par modalité/ }).count()).toBe(1)
    expect(await budget.getByRole('img').innerHTML()).toContain('secret statistique')
    const crossed = budget.getByRole('table')
    expect(await crossed.getByRole('rowheader', { name: 'Hauts-de-France' }).count()).toBe(1)
    expect(await crossed.getByRole('rowheader', { name: 'Toutes les valeurs' }).count()).toBe(1)
    expect(await crossed.getByRole('cell').filter({ hasText: 'secret statistique' }).count()).toBeGreaterThan(0)
    expect(await axeViolations(page)).toEqual([])

    // The crossed file of the release shown.
    const link = page.getByRole('link', { name: 'Indicateurs croisés avec la dimension choisie (CSV)' })
    const href = new URL((await link.getAttribute('href'))!, server.baseUrl)
    expect(href.pathname).toMatch(/^\/api\/waves\/[^/]+\/exports\/indicators\.csv$/)
    expect(Object.fromEntries(href.searchParams)).toEqual({ release: release.id, dimension: 'region' })

    await page.reload()
    await budget.getByRole('table').getByRole('rowheader', { name: 'Hauts-de-France' }).waitFor()
    expect(new URL(page.url()).pathname).toMatch(/\/theme\/economie_emploi$/)
    await context.close()
  })

  it('downloads the pseudonymised responses, once an admin allows it, the codebook and the data package', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    await page.goto(`${server.baseUrl}/research`)
    await signIn(page, researcher.email, researcher.password)
    await openDemoWave(page)
    const href = async (name: string) => `${server.baseUrl}${await page.getByRole('link', { name, exact: true }).getAttribute('href')}`

    // A researcher gets the microdata only with an admin's permission: until then, no link to them.
    await page.getByText('Les microdonnées (une ligne par organisation) demandent une autorisation').waitFor()
    expect(await page.getByRole('link', { name: 'Réponses pseudonymisées (CSV)', exact: true }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Paquet de données pour R et Python, sans microdonnées (Frictionless, ZIP)', exact: true }).count()).toBe(1)
    const adminContext = await browser.newContext({ locale: 'fr-FR' })
    const adminPage = await adminContext.newPage()
    await adminPage.goto(`${server.baseUrl}/admin/users`)
    await signIn(adminPage, server.adminEmail, server.adminPassword)
    await adminPage.getByRole('button', { name: `Autoriser les microdonnées — ${researcher.email}` }).click()
    await adminPage
      .getByRole('status')
      .filter({ hasText: `${researcher.email} peut désormais télécharger les microdonnées.` })
      .waitFor()
    await adminContext.close()
    await page.reload()
    await page.getByRole('link', { name: 'Réponses pseudonymisées (CSV)', exact: true }).waitFor()

    const responses = await page.request.get(await href('Réponses pseudonymisées (CSV)'))
    expect(responses.status()).toBe(200)
    const text = await responses.text()
    expect(text.split('\r\n')[0]).toMatch(/^id,forme_juridique,/)
    expect(text).not.toContain('Atelier Numérique Solidaire')
    // The file's name says which release it holds.
    expect(responses.headers()['content-disposition']).toBe(`attachment; filename="sonde-enquete-2025-reponses-publication-${release.number}.csv"`)

    const codebook = await page.request.get(await href('Dictionnaire des variables (CSV)'))
    const codebookLines = (await codebook.text()).split('\r\n')
    expect(codebookLines[0]).toBe(
      'variable,question,label_fr,label_en,type,question_type,values,value_labels_fr,value_labels_en,page,page_index,waves,exported,note,protection_fr,protection_en',
    )
    // One organisation alone cannot keep its region in a file protected for 5: the codebook says so.
    expect(codebookLines.find((line) => line.startsWith('region,'))).toContain('Quasi-identifiant (région) : entièrement vide dans ce fichier')

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
    // Comparison reads each wave's latest release: the copy has one too, before any answer.
    const copied = (await copy.json()) as { id: string }
    const published = await page.request.post(`${server.baseUrl}/api/waves/${copied.id}/releases`, { data: {}, headers: { Origin: server.baseUrl } })
    expect(published.status(), await published.text()).toBe(201)
    await page.reload()
    await openPage(page, 'Comparer avec une autre vague', 'Comparer avec une autre vague')
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
