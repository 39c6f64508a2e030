import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOrganisation, ApiSession, completeAnswers, createWave, Pages, signIn, submitThroughLink, unique, type WaveRef } from './admin-support'
import { axeViolations, launchBrowser, startServer, type SondeServer } from './harness'

// The public observatory of a wave (`/resultats/<slug>`), read without a login: absent until staff
// publish it, then the release's figures through the disclosure gate only, in French and English,
// light and keyboard-usable, printable as an A4 report; absent again once staff take it down.

let server: SondeServer
let browser: Browser
let admin: ApiSession
let wave: WaveRef
let pages: Pages

const NOT_FOUND_FR = 'Pas de résultats publiés pour cette enquête'
const SALARIES_TOTAL = /^Salariés au 31 décembre \(total déclaré par les répondants\)$/
const SECRET = 'masqué — secret statistique'
/** The employees of five organisations of "insertion"; the sixth has 3: 43 in all in the release. */
const SALARIES = [6, 7, 8, 9, 10]

const pageUrl = (query = '') => `${server.baseUrl}/resultats/${encodeURIComponent(wave.slug)}${query}`

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
  wave = await createWave(admin, `Observatoire ${unique('vague')}`)
  // Six organisations of "insertion" (enough for its cells to pass the minimum of 5), one of them
  // in "réemploi" too (whose cells are all hidden), every one in Hauts-de-France.
  const insertion = await Promise.all(SALARIES.map(() => addOrganisation(admin, wave.id, { name: unique('Atelier'), familyKeys: ['insertion'] })))
  // It is in "insertion" too: otherwise the network's figures less those of "insertion" would give
  // its own, and the secondary suppression would hide figures of "insertion" to protect it.
  const reemploi = await addOrganisation(admin, wave.id, { name: unique('Ressourcerie'), familyKeys: ['insertion', 'reemploi'] })
  await admin.json('POST', `/api/waves/${wave.id}/open`)
  for (const [index, organisation] of insertion.entries()) {
    await submitThroughLink(organisation.invitation.link, { ...completeAnswers, salaries_nombre: SALARIES[index], budget_annuel: 200_000 + index * 10_000 })
  }
  await submitThroughLink(reemploi.invitation.link, { ...completeAnswers, familles: ['insertion', 'reemploi'], salaries_nombre: 3 })
  await admin.json('POST', `/api/waves/${wave.id}/releases`, {}, 201)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Every byte the page's first visit brought over the network (navigation and resources, compressed as sent). */
async function transferredBytes(page: Page): Promise<number> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('navigation')
      .concat(performance.getEntriesByType('resource'))
      .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).transferSize, 0),
  )
}

/** The texts of the value, interval and n cells of the row named `name` in `table`. */
async function rowCells(page: Page, name: RegExp): Promise<string[]> {
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
  expect(await row.count(), `one row ${name}`).toBe(1)
  return row.getByRole('cell').allInnerTexts()
}

describe('the public page of a wave', () => {
  it('does not exist before staff publish it, even with a release', async () => {
    pages = new Pages(browser, server.baseUrl)
    const page = await pages.open()
    await page.goto(pageUrl())
    await page.getByRole('heading', { level: 1, name: NOT_FOUND_FR }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr')
    expect(await page.getByRole('table').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    const api = await page.request.get(`${server.baseUrl}/api/public/${encodeURIComponent(wave.slug)}`)
    expect(api.status()).toBe(404)
    expect((await api.json()).code).toBe('PUBLIC_PAGE_NOT_FOUND')
    await pages.finish()
  })

  it('shows the released figures once published, and only them, light and accessible', async () => {
    // Staff publish it from the console: the « Résultats » tab, the licence chosen, one button.
    pages = new Pages(browser, server.baseUrl)
    const staffPage = await pages.open()
    await staffPage.goto(`${server.baseUrl}/admin/waves/${wave.id}/results`)
    await signIn(staffPage, server.adminEmail, server.adminPassword)
    const section = staffPage.getByRole('region', { name: 'Page publique' })
    await section.getByText('Cette vague n’a pas de page publique.').waitFor()
    await section.getByRole('radio', { name: 'CC BY 4.0' }).check()
    await section.getByRole('button', { name: 'Publier la page' }).click()
    await staffPage.getByText('Page publique en ligne sur la publication n° 1.').waitFor()
    expect(await section.getByRole('link', { name: 'Ouvrir la page publique' }).getAttribute('href')).toBe(`/resultats/${wave.slug}`)
    expect(await axeViolations(staffPage)).toEqual([])
    await pages.finish()
    const state = await admin.json<{ published: boolean; licence: string }>('GET', `/api/waves/${wave.id}/public-page`)
    expect([state.published, state.licence]).toEqual([true, 'cc-by-4.0'])
    // After the release, a sixth organisation of "insertion" answers: the live total changes, the page must not.
    const late = await addOrganisation(admin, wave.id, { name: unique('Atelier'), familyKeys: ['insertion'] })
    await submitThroughLink(late.invitation.link, { ...completeAnswers, salaries_nombre: 50 })

    pages = new Pages(browser, server.baseUrl)
    const page = await pages.open()
    await page.goto(pageUrl())
    await page.getByRole('heading', { level: 1, name: wave.title }).waitFor()
    await page.getByText(/^Publication n° 1 du .+, calculée sur 6 réponses$/).waitFor()
    expect(await page.title()).toBe(`${wave.title} — Résultats publics — Sonde`)

    // The first visit: at most 500 kB over the network, at most 1 500 elements, no other host (Pages.finish).
    expect(await transferredBytes(page)).toBeLessThanOrEqual(500 * 1024)
    expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThanOrEqual(1500)
    expect(await axeViolations(page)).toEqual([])

    // The network's total of employees in the release (43), not the live one (93).
    const [total, , totalN] = await rowCells(page, SALARIES_TOTAL)
    expect(total).toBe('43\u00A0personnes')
    expect(totalN).toBe('6')
    expect(await page.getByRole('cell', { name: /93\u00A0personnes/ }).count()).toBe(0)

    // One family at a time: the network first, a family chosen from the keyboard.
    const familyLinks = page.getByRole('navigation', { name: 'Choisir une famille' }).getByRole('link')
    expect(await familyLinks.first().getAttribute('aria-current')).toBe('true')
    let reached = false
    for (let tab = 0; tab < 30 && !reached; tab += 1) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate(() => document.activeElement?.textContent?.startsWith('Insertion') ?? false)
    }
    expect(reached, 'the family "Insertion" is reached with Tab').toBe(true)
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 2, name: /^Indicateurs : Insertion/ }).waitFor()
    expect(new URL(page.url()).searchParams.get('famille')).toBe('insertion')
    expect(await page.getByRole('heading', { level: 2, name: /^Indicateurs : / }).count()).toBe(1)
    expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThanOrEqual(1500)

    // The release's figures, in French format beside their bars — never the live ones: "insertion"
    // has its median of employees (7,5 and its quartiles), where the live median is 8 now; its
    // total is hidden in the release (so that the small "réemploi" cannot be worked out from it):
    // the mark, and no figure.
    const [median, quartiles, n] = await rowCells(page, /^Salariés par organisation \(médiane et quartiles\)$/)
    expect(median).toBe('7,5\u00A0personnes')
    expect(quartiles).toBe('—\nquartiles\u00A0: 6,25\u00A0personnes à 8,75\u00A0personnes')
    expect(n).toBe('6')
    const hiddenTotal = await rowCells(page, SALARIES_TOTAL)
    expect(hiddenTotal[0]).toBe(SECRET)
    expect(hiddenTotal.join(' ')).not.toMatch(/\d/)
    expect(await axeViolations(page)).toEqual([])

    // A family's indicators one theme at a time: « Économie et emploi » first, another theme a link away.
    const themes = page.getByRole('navigation', { name: /^Thèmes des indicateurs\s: Insertion & formation numérique$/ })
    expect(await themes.getByRole('link', { name: /^Économie et emploi/ }).getAttribute('aria-current')).toBe('true')
    await themes.getByRole('link', { name: /^Environnement/ }).click()
    await page.getByRole('heading', { level: 3, name: 'Environnement' }).waitFor()
    expect(new URL(page.url()).searchParams.get('theme')).toBe('environnement')
    expect(
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: SALARIES_TOTAL }) })
        .count(),
    ).toBe(0)
    await page.goBack()
    await page.getByRole('heading', { level: 3, name: 'Économie et emploi' }).waitFor()

    // "Réemploi" has one organisation: its figures are the one mark, without any figure.
    await page.goto(pageUrl('?famille=reemploi'))
    await page.getByRole('heading', { level: 2, name: /^Indicateurs : / }).waitFor()
    const hidden = await rowCells(page, SALARIES_TOTAL)
    expect(hidden[0]).toBe(SECRET)
    expect(hidden.join(' ')).not.toMatch(/\d/)
    await page.getByText(/^masqué — secret statistique : ce chiffre n’est pas publié/).waitFor()

    // The methodology says who answered, with "moins de 5" for the small family, and the rules.
    const who = page.getByRole('table', { name: 'Organisations invitées et répondantes, par famille' })
    const reemploiRow = await who
      .getByRole('row')
      .filter({ hasText: /^Économie circulaire/ })
      .getByRole('cell')
      .allInnerTexts()
    expect(reemploiRow).toEqual(['1', 'moins de 5', '—'])
    // "Insertion" holds the six, réemploi's one included: its count is no secret of réemploi's, and
    // it agrees with the n = 6 of its figures.
    const insertionRow = await who
      .getByRole('row')
      .filter({ hasText: /^Insertion/ })
      .getByRole('cell')
      .allInnerTexts()
    expect(insertionRow.slice(0, 2)).toEqual(['6', '6'])
    await page.getByText(/au moins 5 organisations/).waitFor()
    await page
      .getByText(/intervalle de confiance à 95\s%/)
      .first()
      .waitFor()

    // The open files of the release, with their licence named and linked.
    const csv = await page.getByRole('link', { name: 'Indicateurs (CSV)' }).getAttribute('href')
    expect(csv).toBe(`/api/public/${encodeURIComponent(wave.slug)}/indicators.csv`)
    expect(await page.getByRole('link', { name: 'Indicateurs (CSV pour Excel en français)' }).getAttribute('href')).toBe(`${csv}?dialect=excel-fr`)
    const dataPackage = await page.getByRole('link', { name: /^Paquet de données/ }).getAttribute('href')
    const licence = page.getByRole('link', { name: /Creative Commons Attribution 4\.0/ })
    expect(await licence.getAttribute('href')).toBe('https://creativecommons.org/licenses/by/4.0/deed.fr')
    for (const href of [csv, dataPackage]) expect((await page.request.get(`${server.baseUrl}${href}`)).status()).toBe(200)

    // The results by region: a table instead of a map, one indicator at a time; the six
    // organisations of "insertion" are all in Hauts-de-France, so its median passes there.
    await page.goto(pageUrl('?famille=insertion'))
    await page.getByLabel('Indicateur affiché par région').selectOption({ label: 'Salariés par organisation (médiane et quartiles)' })
    const regions = page.getByRole('table', { name: /^Salariés par organisation \(médiane et quartiles\) par région — Insertion/ })
    await regions.waitFor()
    const hautsDeFrance = await regions.getByRole('row').filter({ hasText: 'Hauts-de-France' }).getByRole('cell').allInnerTexts()
    expect([hautsDeFrance[0], hautsDeFrance[2]]).toEqual(['7,5\u00A0personnes', '6'])
    // No organisation in Brittany: the one mark, no figure (not even a 0).
    const bretagne = await regions.getByRole('row').filter({ hasText: 'Bretagne' }).getByRole('cell').allInnerTexts()
    expect(bretagne[0]).toBe(SECRET)
    expect(bretagne.join(' ')).not.toMatch(/\d/)
    expect(await axeViolations(page)).toEqual([])
    await pages.finish()
  })

  it('reads in English with ?lang=en', async () => {
    pages = new Pages(browser, server.baseUrl)
    const page = await pages.open()
    await page.goto(pageUrl('?lang=en'))
    await page.getByText(/^Release no\. 1 of .+, computed from 6 responses$/).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.getByRole('heading', { level: 2, name: /^Indicators: / }).waitFor()
    const [value] = await rowCells(page, /^Employees on 31 December \(total reported by respondents\)$/)
    expect(value).toBe('43\u00A0personnes')
    await page.getByRole('link', { name: /Creative Commons Attribution 4\.0/ }).waitFor()
    expect(await axeViolations(page)).toEqual([])
    await pages.finish()
  })

  it('prints every family as an A4 report whose tables are never cut', async () => {
    pages = new Pages(browser, server.baseUrl)
    const page = await pages.open()
    await page.goto(pageUrl())
    await page.getByRole('heading', { level: 1, name: wave.title }).waitFor()
    const families = await page.getByRole('navigation', { name: 'Choisir une famille' }).getByRole('link').count()

    // "Imprimer le rapport" puts every family on the page before the browser prints.
    await page.evaluate(() => {
      window.print = () => {
        ;(window as unknown as { printedFamilies: number }).printedFamilies = document.querySelectorAll('section.public-family').length
      }
    })
    await page.getByRole('button', { name: 'Imprimer le rapport' }).click()
    await expect.poll(() => page.evaluate(() => (window as unknown as { printedFamilies?: number }).printedFamilies)).toBe(families)

    // The print view (`?print=1`), laid out as on paper: A4 less the margins of the stylesheet
    // (210 × 297 mm, 15 mm left and right, 18 mm top, 20 mm bottom, at 96 px per inch).
    const mm = 96 / 25.4
    await page.setViewportSize({ width: Math.floor(180 * mm), height: Math.floor(259 * mm) })
    await page.emulateMedia({ media: 'print' })
    await page.goto(pageUrl('?print=1'))
    await page.getByRole('navigation', { name: 'Sommaire' }).waitFor()
    expect(await page.locator('section.public-family').count()).toBe(families)
    expect(await page.getByRole('navigation', { name: 'Sommaire' }).getByRole('link').count()).toBe(families + 3)
    // Each table is kept whole (`break-inside: avoid`) and is shorter than a page, so Chromium never
    // has to cut it: the stylesheet's promise holds only if both are true.
    const tables = await page.evaluate((pageHeight) => {
      return [...document.querySelectorAll('table')].map((table) => ({
        caption: table.caption?.textContent ?? '',
        breakInside: getComputedStyle(table).breakInside,
        height: Math.round(table.getBoundingClientRect().height),
        fits: table.getBoundingClientRect().height <= pageHeight,
      }))
    }, 259 * mm)
    expect(tables.length).toBeGreaterThan(families)
    expect(tables.filter((table) => table.breakInside !== 'avoid' || !table.fits)).toEqual([])

    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const pageCount = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0
    expect(pageCount).toBeGreaterThan(families)
    await pages.finish()
  })

  it('is gone once staff take it down', async () => {
    pages = new Pages(browser, server.baseUrl)
    const staffPage = await pages.open()
    await staffPage.goto(`${server.baseUrl}/admin/waves/${wave.id}/results`)
    await signIn(staffPage, server.adminEmail, server.adminPassword)
    const section = staffPage.getByRole('region', { name: 'Page publique' })
    await section.getByRole('button', { name: 'Retirer la page' }).click()
    await staffPage.getByRole('dialog', { name: 'Retirer la page publique ?' }).getByRole('button', { name: 'Retirer la page' }).click()
    await staffPage.getByText('Page publique retirée.').waitFor()
    await section.getByText('Cette vague n’a pas de page publique.').waitFor()
    expect((await admin.json<{ published: boolean }>('GET', `/api/waves/${wave.id}/public-page`)).published).toBe(false)
    const page = await pages.open()
    await page.goto(pageUrl())
    await page.getByRole('heading', { level: 1, name: NOT_FOUND_FR }).waitFor()
    await page.goto(pageUrl('?lang=en'))
    await page.getByRole('heading', { level: 1, name: 'No published results for this survey' }).waitFor()
    expect(await page.getByRole('table').count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    expect((await page.request.get(`${server.baseUrl}/api/public/${encodeURIComponent(wave.slug)}/indicators.csv`)).status()).toBe(404)
    await pages.finish()
  })
})
