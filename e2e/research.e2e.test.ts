import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'
import { addOrganisation, ApiSession, createWave, Pages, signIn, submitThroughLink, unique, type WaveRef } from './admin-support'

let server: SondeServer
let browser: Browser
let context: BrowserContext
let demoId: string
let release: { id: string; number: number }

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  // One organisation submits (through the respondent API): one response is below any minimum cell size.
  await submitThroughLink(server.demoLink)
  // Everyone reads releases, staff too by default: publish the demo wave's first one.
  const admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
  const { waves } = await admin.json<{ waves: WaveRef[] }>('GET', '/api/waves')
  demoId = waves.find((wave) => wave.title.includes('(démonstration)'))!.id
  release = await admin.json('POST', `/api/waves/${demoId}/releases`, {}, 201)
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

    await demo.getByRole('link', { name: /^Indicateurs (de |d’)/ }).click()
    await page.getByRole('heading', { name: /^Vue d’ensemble de la vague/, level: 2 }).waitFor()

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
    // The wave's overview first; every indicator by family is one link away, in one table.
    await page.getByRole('heading', { name: /^Vue d’ensemble de la vague/, level: 2 }).waitFor()
    expect(new URL(page.url()).pathname).toBe(`/research/${encodeURIComponent(demoId)}`)
    await page.getByRole('navigation', { name: 'Pages de la vague' }).getByRole('link', { name: 'Tableau d’ensemble' }).click()

    const table = page.getByRole('table', { name: /^Indicateurs de la vague/ })
    await table.waitFor()
    const headers = await table.getByRole('columnheader').allTextContents()
    expect(headers).toEqual(
      expect.arrayContaining(['Insertion & formation numérique', 'Économie circulaire : réemploi & reconditionnement', 'Communs numériques & open data']),
    )
    expect(await table.getByRole('rowheader', { name: /Budget annuel/ }).count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])

    // The latest release is what the page reads.
    await page.getByText(/^Publication n° 1 du /).waitFor()

    // One organisation has submitted: its cells are below the minimum size, so they are hidden
    // and never show a 0; staff (this is the admin) see why, and the n.
    const suppressed = table.getByRole('cell').filter({ hasText: 'masqué — secret statistique' })
    expect(await suppressed.count()).toBeGreaterThan(0)
    expect(await suppressed.first().innerText()).toMatch(/^masqué — secret statistique\s+\S/)
    // The submitted organisation is in "insertion": its budget is there, and hidden.
    const budgetRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Budget annuel/ }) })
    const budgetCells = await budgetRow.getByRole('cell').allInnerTexts()
    const insertion = headers.indexOf('Insertion & formation numérique') - 1
    expect(budgetCells[insertion]).toMatch(/^masqué — secret statistique\s+moins de 5 organisations\s+n = 1$/)
    for (const text of budgetCells) expect(text).not.toMatch(/^\s*0\s*(€|EUR)?\s*$/)

    // The whole, never the raw key `_all`.
    expect(headers).toContain('Toutes familles')
    expect(headers).not.toContain('_all')

    // Bookmarkable, and the files of the release shown are one click away, at the top.
    expect(new URL(page.url()).pathname).toBe(`/research/${encodeURIComponent(demoId)}/tableau`)
    const csv = await page.getByRole('link', { name: 'Indicateurs (CSV)' }).getAttribute('href')
    expect(csv).toBe(`/api/waves/${encodeURIComponent(demoId)}/exports/indicators.csv?release=${release.id}`)
    const excel = await page.getByRole('link', { name: 'Indicateurs (CSV pour Excel en français)' }).getAttribute('href')
    expect(excel).toBe(`${csv}&dialect=excel-fr`)
    const download = await page.request.get(`${server.baseUrl}${csv}`)
    expect(download.status()).toBe(200)

    await page.reload()
    await table.waitFor()
    expect(foreign, 'requests to another host than the server').toEqual([])
    expect(cspViolations, 'Content-Security-Policy refusals').toEqual([])
    await context.close()
  })
})

describe('results wait for a release', () => {
  it('shows a researcher that nothing is published yet, and what staff publish from the Résultats tab', async () => {
    const admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
    const wave = await createWave(admin, `Sans publication ${unique('vague')}`)
    const members = [
      await addOrganisation(admin, wave.id, { name: unique('Atelier'), familyKeys: ['insertion'] }),
      await addOrganisation(admin, wave.id, { name: unique('Atelier'), familyKeys: ['insertion'] }),
    ]
    await admin.json('POST', `/api/waves/${wave.id}/open`)
    for (const member of members) await submitThroughLink(member.invitation.link)
    const researcher = { email: `${unique('chercheur')}@example.org`, password: 'une phrase de passe assez longue' }
    await admin.json('POST', '/api/users', { ...researcher, role: 'researcher' }, 201)
    const portal = `${server.baseUrl}/research/${encodeURIComponent(wave.id)}`
    const nothingYet = 'Aucun résultat n’est encore publié pour cette vague.'
    const pages = new Pages(browser, server.baseUrl)

    // A researcher: answers have come in, but nothing is published, so there is nothing to read
    // and nothing to pick — no figure, no release, no way to the live computation.
    const reader = await pages.open()
    await reader.goto(portal)
    await signIn(reader, researcher.email, researcher.password)
    await reader.getByText(nothingYet).waitFor()
    await reader.getByText('Résultats pas encore publiés').waitFor()
    expect(await reader.getByRole('article').count()).toBe(0)
    // A researcher is never offered the console, which would refuse them.
    expect(await reader.getByRole('link', { name: 'Retour à l’administration' }).count()).toBe(0)
    expect(await reader.getByRole('table').count()).toBe(0)
    expect(await reader.getByRole('combobox', { name: 'Publication' }).count()).toBe(0)
    expect(await reader.getByRole('link', { name: 'Publier les résultats' }).count()).toBe(0)
    expect(await reader.getByRole('button', { name: 'Voir le calcul en direct (provisoire)' }).count()).toBe(0)
    expect(await axeViolations(reader)).toEqual([])

    // Staff see the same, with a look at the live computation (provisional) and the way to publish.
    const staff = await pages.open()
    await staff.goto(portal)
    await signIn(staff, server.adminEmail, server.adminPassword)
    await staff.getByText(nothingYet).waitFor()
    await staff.getByRole('button', { name: 'Voir le calcul en direct (provisoire)' }).click()
    await staff
      .getByRole('note')
      .filter({ hasText: /^Calcul en direct, provisoire/ })
      .waitFor()
    expect(new URL(staff.url()).searchParams.get('release')).toBe('live')
    await staff.goBack()
    await staff.getByText(nothingYet).waitFor()
    await staff.getByRole('link', { name: 'Publier les résultats' }).click()

    // The wave's Résultats tab: no release yet; "Publier" makes the first.
    await staff.getByRole('heading', { name: 'Publications des résultats', level: 2 }).waitFor()
    expect(new URL(staff.url()).pathname).toBe(`/admin/waves/${encodeURIComponent(wave.id)}/results`)
    expect(await staff.getByRole('link', { name: 'Résultats', exact: true }).getAttribute('aria-current')).toBe('page')
    await staff.getByText('Aucune publication : les chercheur·es et les membres ne voient encore aucun résultat.').waitFor()
    await staff.getByRole('button', { name: 'Publier', exact: true }).click()
    await staff.getByText('Publication n° 1 enregistrée (2 réponses).').waitFor()
    expect(await axeViolations(staff)).toEqual([])
    await staff.getByRole('link', { name: 'Publication 1', exact: true }).click()
    await staff.getByText(/^Publication n° 1 du .+, calculée sur 2 réponses$/).waitFor()
    await staff.getByRole('heading', { name: 'Chiffres clés par famille', level: 3 }).waitFor()

    // The researcher comes back: release 1 is what the portal reads now.
    await reader.reload()
    await reader.getByText(/^Publication n° 1 du .+, calculée sur 2 réponses$/).waitFor()
    await reader.getByRole('heading', { name: 'Chiffres clés par famille', level: 3 }).waitFor()
    expect(await reader.getByText(nothingYet).count()).toBe(0)
    await pages.finish()
  })
})
