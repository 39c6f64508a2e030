import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOrganisation, ApiSession, completeAnswers, createWave, signIn, submitThroughLink, unique, type WaveRef } from './admin-support'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'

// The research portal as a researcher reads a study: the wave overview, a page per family and
// per theme, the search and its filters, the empty waves; and what each page costs.

const N = '\u202F'
const S = '\u00A0'
const CIRCULAR = 'Économie circulaire : réemploi & reconditionnement'

let server: SondeServer
let browser: Browser
let wave: WaveRef
let demo: WaveRef
let unreleased: WaveRef
let noResponses: WaveRef
const researcher = { email: `${unique('chercheuse')}@example.org`, password: 'une phrase de passe assez longue' }

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
  // Seven organisations in two families, enough for their figures to be published (number-format.e2e.test.ts).
  wave = await createWave(admin, `Pages ${unique('vague')}`)
  const tag = unique('org')
  const members = []
  for (let index = 0; index < 7; index++) {
    members.push(await addOrganisation(admin, wave.id, { name: `Atelier ${index} ${tag}`, familyKeys: ['insertion', 'reemploi'] }))
  }
  await admin.json('POST', `/api/waves/${wave.id}/open`)
  for (const [index, member] of members.entries()) {
    await submitThroughLink(member.invitation.link, {
      ...completeAnswers,
      familles: ['insertion', 'reemploi'],
      budget_annuel: 250000 + 1607.5 * index,
      ree_smartphones: 3,
      ree_portables: 2,
    })
  }
  await admin.json('POST', `/api/waves/${wave.id}/releases`, {}, 201)
  // The demo wave: one organisation alone, every figure of its family hidden.
  await submitThroughLink(server.demoLink)
  const { waves } = await admin.json<{ waves: WaveRef[] }>('GET', '/api/waves')
  demo = waves.find((candidate) => candidate.title.includes('(démonstration)'))!
  await admin.json('POST', `/api/waves/${demo.id}/releases`, {}, 201)
  // A wave without a release, and one released before any response.
  unreleased = await createWave(admin, `Sans publication ${unique('vague')}`)
  noResponses = await createWave(admin, `Sans réponse ${unique('vague')}`)
  await admin.json('POST', `/api/waves/${noResponses.id}/releases`, {}, 201)
  await admin.json('POST', '/api/users', { ...researcher, role: 'researcher' }, 201)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface Opened {
  page: Page
  /** Bytes received since the page was opened (bodies as sent, compressed), first visit: nothing cached. */
  bytes(): number
  /** Requests made since the page was opened. */
  requests(): number
  close(): Promise<void>
}

async function open(path: string, account = researcher): Promise<Opened> {
  // Signed in once, then a fresh browser context with that session alone: a first visit, nothing cached.
  const signing = await browser.newContext({ locale: 'fr-FR' })
  const login = await signing.newPage()
  await login.goto(`${server.baseUrl}/research`)
  await signIn(login, account.email, account.password)
  await login.getByRole('combobox', { name: /^Vague d.enquête$/ }).waitFor()
  const storageState = await signing.storageState()
  await signing.close()
  const context = await browser.newContext({ locale: 'fr-FR', storageState })
  const page = await context.newPage()
  const foreign = recordForeignRequests(page, server.baseUrl)
  const csp = recordCspViolations(page)
  let bytes = 0
  let requests = 0
  page.on('requestfinished', (request) => {
    requests += 1
    void request.sizes().then(
      (sizes) => (bytes += sizes.responseBodySize + sizes.responseHeadersSize),
      () => undefined,
    )
  })
  await page.goto(`${server.baseUrl}${path}`)
  return {
    page,
    bytes: () => bytes,
    requests: () => requests,
    async close() {
      await context.close()
      expect(foreign, 'requests to another host than the server').toEqual([])
      expect(csp, 'Content-Security-Policy refusals').toEqual([])
    },
  }
}

/** EcoIndex (ecoindex.fr): DOM elements, requests and kilobytes placed on the quantiles of the HTTP Archive. */
function ecoIndex(dom: number, requests: number, kilobytes: number): number {
  const DOM = [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601]
  const REQ = [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 79, 87, 97, 108, 121, 137, 158, 184, 224, 291, 2060]
  const SIZE = [
    0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08,
    8037.54, 223212.26,
  ]
  const quantile = (quantiles: number[], value: number) => {
    for (let i = 1; i < quantiles.length; i++) {
      if (value < quantiles[i]!) return i - 1 + (value - quantiles[i - 1]!) / (quantiles[i]! - quantiles[i - 1]!)
    }
    return quantiles.length - 1
  }
  return 100 - (5 * (3 * quantile(DOM, dom) + 2 * quantile(REQ, requests) + quantile(SIZE, kilobytes))) / 6
}

/** The budgets of a portal page on a first visit, once its figures are on screen. */
async function expectWithinBudget(opened: Opened, what: string, minEcoIndex: number | null): Promise<void> {
  const { page } = opened
  await page.waitForLoadState('networkidle')
  const dom = await page.evaluate(() => document.querySelectorAll('*').length)
  const bytes = opened.bytes()
  const score = ecoIndex(dom, opened.requests(), bytes / 1024)
  console.info(`${what}: ${dom} DOM elements, ${opened.requests()} requests, ${Math.round(bytes / 1024)} kB, EcoIndex ${score.toFixed(0)}`)
  expect(dom, `${what}: DOM elements`).toBeLessThanOrEqual(1500)
  expect(bytes, `${what}: bytes of a first visit`).toBeLessThanOrEqual(500 * 1024)
  if (minEcoIndex !== null) expect(score, `${what}: EcoIndex`).toBeGreaterThanOrEqual(minEcoIndex)
  const serious = (await axeViolations(page)).filter((line) => /^(serious|critical) /.test(line))
  expect(serious, `${what}: serious or critical accessibility problems`).toEqual([])
}

describe('the research portal, page by page', () => {
  it('leads from the wave overview to a family’s key figures in two clicks, the back button going back', async () => {
    const opened = await open(`/research/${encodeURIComponent(wave.id)}`)
    const { page } = opened
    await page.getByRole('heading', { name: /^Vue d’ensemble de la vague/, level: 2 }).waitFor()
    await page.getByText(/^Publication n° 1 du .+, calculée sur 7 réponses$/).waitFor()
    // Key figures per family, on the overview itself.
    const circular = page.getByRole('region', { name: CIRCULAR })
    await circular.getByRole('article').first().waitFor()
    expect(await circular.getByRole('article').count()).toBe(3)
    // A researcher is never offered the console, which would refuse them.
    expect(await page.getByRole('link', { name: 'Retour à l’administration' }).count()).toBe(0)
    await expectWithinBudget(opened, 'overview', 75)

    // Click 1: the family page, from the overview's key figures (click 2 would be a theme of it).
    await circular.getByRole('link', { name: /^Fiche famille : tous ses indicateurs/ }).click()
    await page.getByRole('heading', { name: `Fiche famille : ${CIRCULAR}`, level: 2 }).waitFor()
    expect(new URL(page.url()).pathname).toBe(`/research/${encodeURIComponent(wave.id)}/famille/reemploi`)
    const themes = page.getByRole('navigation', { name: `Thèmes de la fiche « ${CIRCULAR} »` })
    await themes.getByRole('link', { name: /^Environnement \(\d+\)$/ }).click()
    await page.getByRole('heading', { name: 'Environnement', level: 3 }).waitFor()
    expect(new URL(page.url()).searchParams.get('theme')).toBe('environnement')
    const co2 = page.getByRole('article', { name: "Émissions évitées par le reconditionnement de smartphones et d'ordinateurs portables" })
    expect(await co2.locator('.figure-chart__value').innerText()).toBe(`895${S}kg CO2e`)

    // Bookmarkable, and the back button goes back through the pages.
    await page.reload()
    await co2.waitFor()
    await page.goBack()
    await page.getByRole('heading', { name: `Fiche famille : ${CIRCULAR}`, level: 2 }).waitFor()
    await page.goBack()
    await page.getByRole('heading', { name: /^Vue d’ensemble de la vague/, level: 2 }).waitFor()
    await opened.close()
  })

  it('draws the bar of a single family’s chart, its value written beside it in French', async () => {
    const opened = await open(`/research/${encodeURIComponent(wave.id)}/famille/reemploi?theme=economie_emploi`)
    const { page } = opened
    const budget = page.getByRole('article', { name: 'Budget annuel (médiane et quartiles)', exact: true })
    await budget.waitFor()
    const bar = budget.locator('.figure-chart__bar')
    expect(await bar.count()).toBe(1)
    expect((await bar.boundingBox())!.width).toBeGreaterThan(0)
    const value = budget.locator('.figure-chart__value')
    expect(await value.isVisible()).toBe(true)
    expect(await value.innerText()).toBe(`254${N}823${S}€`)
    // The interval and n are written, and the figures are a table a screen reader reads.
    const row = await budget.getByRole('row').innerText()
    expect(row).toMatch(new RegExp(`^${CIRCULAR}\\s+254${N}823${S}€ .*Quartiles.*n = 7$`, 's'))
    expect(await budget.getByRole('table').getAttribute('aria-describedby')).toBeNull()
    await expectWithinBudget(opened, 'family page', 75)
    await opened.close()
  })

  it('shows a theme across families, within the budgets, usable with the keyboard', async () => {
    const opened = await open(`/research/${encodeURIComponent(wave.id)}/theme/environnement`)
    const { page } = opened
    await page.getByRole('heading', { name: 'Thème : Environnement', level: 2 }).waitFor()
    const co2 = page.getByRole('article', { name: "Émissions évitées par le reconditionnement de smartphones et d'ordinateurs portables" })
    await co2.waitFor()
    // A family's own indicator has a line for that family; an every-family one, a line per family and « Toutes familles ».
    expect(await co2.getByRole('rowheader').allInnerTexts()).toEqual([CIRCULAR])
    const measured = page.getByRole('article', { name: 'Part des organisations ayant mesuré leur empreinte numérique' })
    const lines = await measured.getByRole('rowheader').allInnerTexts()
    expect(lines).toContain('Insertion & formation numérique')
    expect(lines.at(-1)).toBe('Toutes familles')
    // The heaviest theme of the catalogue (most every-family indicators, a line per family each).
    await page.getByRole('link', { name: 'Économie et emploi', exact: true }).click()
    await page.getByRole('heading', { name: 'Thème : Économie et emploi', level: 2 }).waitFor()
    await page.getByRole('article', { name: 'Budget annuel (médiane et quartiles)', exact: true }).waitFor()
    // A line per family for each indicator: within the DOM budget, but its EcoIndex (about 60) is
    // under 75 — only written down here.
    await expectWithinBudget(opened, 'theme page (economy and jobs)', null)

    // The keyboard reaches the pages: a link focused and followed with Enter.
    await page.getByRole('link', { name: 'Gouvernance', exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Thème : Gouvernance', level: 2 }).waitFor()
    expect(await page.getByRole('link', { name: 'Gouvernance', exact: true }).getAttribute('aria-current')).toBe('page')
    await opened.close()
  })

  it('finds indicators by words, family and theme, the server sending only what matches', async () => {
    const opened = await open(`/research/${encodeURIComponent(wave.id)}`)
    const { page } = opened
    const asked: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/indicators?')) asked.push(request.url())
    })
    await page.getByRole('link', { name: 'Rechercher un indicateur' }).click()
    await page.getByRole('heading', { name: 'Rechercher un indicateur', level: 2 }).waitFor()
    await page.getByRole('searchbox', { name: 'Mots de l’intitulé' }).pressSequentially('emissions')
    const results = page.getByRole('list').filter({ has: page.getByRole('link', { name: /^Émissions évitées/ }) })
    await results.waitFor()
    expect(await results.getByRole('link').count()).toBe(2)
    expect(new URL(page.url()).searchParams.get('q')).toBe('emissions')

    await page.getByRole('combobox', { name: 'Thème' }).selectOption({ label: 'Gouvernance' })
    await page.getByText('Aucun indicateur ne correspond à ces critères.').waitFor()
    expect(asked.some((url) => new URL(url).searchParams.get('theme') === 'gouvernance')).toBe(true)
    await page.getByRole('combobox', { name: 'Thème' }).selectOption({ label: 'Environnement' })
    await page.getByRole('combobox', { name: 'Famille' }).selectOption({ label: CIRCULAR })
    await results.waitFor()
    const chosen = new URL(asked.at(-1)!)
    expect(Object.fromEntries(chosen.searchParams)).toMatchObject({ family: 'reemploi', theme: 'environnement', cells: 'none' })
    expect(await axeViolations(page)).toEqual([])

    // A result leads to its indicator on its family's page.
    await results.getByRole('link', { name: /^Émissions évitées/ }).click()
    await page.getByRole('heading', { name: `Fiche famille : ${CIRCULAR}`, level: 2 }).waitFor()
    expect(new URL(page.url()).hash).toBe('#indicateur-ree_co2e_evite')
    await page.getByRole('article', { name: /^Émissions évitées/ }).waitFor()
    await opened.close()
  })

  it('says in one message that nothing is published, that no one answered, or that everything is hidden', async () => {
    const notYet = await open(`/research/${encodeURIComponent(unreleased.id)}`)
    await notYet.page.getByText('Résultats pas encore publiés').waitFor()
    expect(await notYet.page.getByRole('article').count()).toBe(0)
    expect(await axeViolations(notYet.page)).toEqual([])
    await notYet.close()

    const empty = await open(`/research/${encodeURIComponent(noResponses.id)}/famille/insertion`)
    await empty.page.getByText('Aucune réponse dans cette publication : il n’y a encore aucun chiffre à lire.').waitFor()
    expect(await empty.page.getByRole('article').count()).toBe(0)
    expect(await empty.page.getByText('pas de réponse').count()).toBe(0)
    await empty.page.getByRole('link', { name: 'Vue d’ensemble' }).click()
    await empty.page.getByText('Aucune réponse dans cette publication : il n’y a encore aucun chiffre à lire.').waitFor()
    expect(await empty.page.getByRole('article').count()).toBe(0)
    await empty.close()

    const hidden = await open(`/research/${encodeURIComponent(demo.id)}/famille/insertion`)
    await hidden.page.getByText(/^Tous les chiffres de cette page sont masqués par le secret statistique/).waitFor()
    expect(await hidden.page.getByRole('article').count()).toBe(0)
    await hidden.close()
  })

  it('offers staff the way back to the console', async () => {
    const opened = await open(`/research/${encodeURIComponent(wave.id)}`, { email: server.adminEmail, password: server.adminPassword })
    await opened.page.getByRole('link', { name: 'Retour à l’administration' }).waitFor()
    // Staff may read the response rates: the overview gives them per family.
    await opened.page.getByRole('table', { name: 'Réponses et taux de réponse par famille (en direct)' }).waitFor()
    await opened.close()
  })
})
