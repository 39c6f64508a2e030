/**
 * `pnpm bench:pages` (`npx tsx bench/pages.ts`): the weight of Sonde's pages as Chromium loads them
 * from the real server, measured through the DevTools protocol — bytes transferred
 * (`encodedDataLength`: compressed bodies and headers), requests (and those to another host), DOM
 * elements once the page is ready, the EcoIndex of that, and the time to the first question on a
 * slow 3G profile — against a minimal page measured in the same run (the API's health check).
 *
 * Pages: the respondent's (questionnaire, not-found link, open-link form), then — once the demo
 * organisation has submitted and staff have published a release and the public page — the research
 * portal signed in as a researcher (overview, a family page, a theme page) and the public page.
 *
 * Budgets. The first questionnaire page (issue 3): first visit ≤ 10 requests, repeat visit
 * ≤ 30 KB. Every page on a first visit (issue 12): ≤ 500 KB, ≤ 1 500 DOM elements, EcoIndex ≥ 75
 * (the questionnaire: ≥ 85), no request to another host. A benchmark prints, it does not fail: the
 * figures and whether each budget holds are in the tables; a page that is not there (404, or never
 * ready) is reported as « not measured », with the reason.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { launchBrowser, startServer } from '../e2e/harness'
import { checkEcoIndexReference, ecoIndex } from './ecoindex'
import { writeResults } from './results'

// ~400 kbit/s down and up, 400 ms round trip: DevTools' "Slow 3G" (throughput in bytes per second).
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 }

interface Traffic {
  requests: number
  fromCache: number
  bytes: number
  /** Requests to a host other than the server's (`data:` and `blob:` URLs never leave the browser). */
  thirdParty: string[]
}

interface Measure {
  label: string
  traffic: Traffic
  domElements: number
  milliseconds: number
}

/** A page that could not be measured (not built yet, refused, never ready), and why. */
interface NotMeasured {
  label: string
  reason: string
}

/** Counts what goes over the network for `page` from now on. */
async function recordTraffic(page: Page, context: BrowserContext, origin: string): Promise<{ cdp: CDPSession; traffic: Traffic }> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const traffic: Traffic = { requests: 0, fromCache: 0, bytes: 0, thirdParty: [] }
  cdp.on('Network.requestWillBeSent', (event: { request: { url: string } }) => {
    if (/^(data|blob|about):/.test(event.request.url)) return
    traffic.requests += 1
    if (new URL(event.request.url).origin !== origin) traffic.thirdParty.push(event.request.url)
  })
  cdp.on('Network.requestServedFromCache', () => {
    traffic.fromCache += 1
  })
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    traffic.bytes += event.encodedDataLength
  })
  return { cdp, traffic }
}

async function firstQuestion(page: Page): Promise<void> {
  await page.locator('.sd-question__title').first().waitFor({ timeout: 120_000 })
}

const domElements = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length)

interface VisitOptions {
  network?: typeof SLOW_3G
  /** Cookies of a signed-in session (the research portal), set before the visit. */
  cookies?: { name: string; value: string }[]
  /** An HTTP error for the page itself means it is not there (a page not built yet). */
  requireOk?: boolean
}

/** A first visit: a fresh profile with the cache disabled, optionally on a slow network or signed in. */
async function firstVisit(browser: Browser, label: string, url: string, ready: (page: Page) => Promise<void>, options: VisitOptions = {}): Promise<Measure> {
  const context = await browser.newContext({ locale: 'fr-FR' })
  try {
    const origin = new URL(url).origin
    if (options.cookies) await context.addCookies(options.cookies.map((cookie) => ({ ...cookie, url: origin })))
    const page = await context.newPage()
    const { cdp, traffic } = await recordTraffic(page, context, origin)
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    if (options.network) await cdp.send('Network.emulateNetworkConditions', options.network)
    const started = performance.now()
    const response = await page.goto(url, { timeout: 120_000 })
    if (options.requireOk && response && response.status() >= 400) throw new Error(`HTTP ${response.status()} for ${new URL(url).pathname}`)
    await ready(page)
    const milliseconds = performance.now() - started
    await page.waitForLoadState('networkidle')
    return { label, traffic, domElements: await domElements(page), milliseconds }
  } finally {
    await context.close()
  }
}

/** A first visit that reports a page not there (a 404, never ready) instead of stopping the benchmark. */
async function tryFirstVisit(
  browser: Browser,
  label: string,
  url: string,
  ready: (page: Page) => Promise<void>,
  options: VisitOptions = {},
): Promise<Measure | NotMeasured> {
  try {
    return await firstVisit(browser, label, url, ready, options)
  } catch (error) {
    return { label, reason: (error instanceof Error ? error.message : String(error)).split('\n')[0]! }
  }
}

/** A repeat visit: the same profile loads the page, then reloads it (what travels the second time). */
async function repeatVisit(browser: Browser, url: string): Promise<Measure> {
  const context = await browser.newContext({ locale: 'fr-FR' })
  try {
    const page = await context.newPage()
    await page.goto(url)
    await firstQuestion(page)
    await page.waitForLoadState('networkidle')
    const { traffic } = await recordTraffic(page, context, new URL(url).origin)
    const started = performance.now()
    await page.reload()
    await firstQuestion(page)
    const milliseconds = performance.now() - started
    await page.waitForLoadState('networkidle')
    return { label: 'questionnaire, repeat visit (reload)', traffic, domElements: await domElements(page), milliseconds }
  } finally {
    await context.close()
  }
}

/** A signed-in API session: the cookies `POST /api/auth/login` sets, or null when the login is refused. */
async function login(baseUrl: string, email: string, password: string): Promise<{ name: string; value: string }[] | null> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) return null
  return response.headers.getSetCookie().map((line) => {
    const [pair] = line.split(';')
    const at = pair!.indexOf('=')
    return { name: pair!.slice(0, at), value: pair!.slice(at + 1) }
  })
}

/** Calls the API as `cookies`' session; throws with the status and the answer when it is not `expected`. */
async function api<T>(baseUrl: string, cookies: { name: string; value: string }[], method: string, path: string, body?: unknown, expected = 200): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Cookie: cookies.map(({ name, value }) => `${name}=${value}`).join('; '),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (response.status !== expected) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`)
  return (text ? JSON.parse(text) : null) as T
}

async function enableOpenLink(baseUrl: string, email: string, password: string): Promise<string | null> {
  const cookies = await login(baseUrl, email, password)
  if (!cookies) return null
  const { waves } = await api<{ waves: { id: string; slug: string }[] }>(baseUrl, cookies, 'GET', '/api/waves')
  const wave = waves.find((item) => item.slug === 'enquete-2025')
  if (!wave) return null
  await api(baseUrl, cookies, 'PATCH', `/api/waves/${wave.id}`, { settings: { openLink: true } })
  return `${baseUrl}/w/${wave.slug}`
}

/** Answers that satisfy the default 2025 questionnaire (as e2e/admin-support.ts's `completeAnswers`). */
const COMPLETE_ANSWERS = {
  nom_organisation: 'Atelier Numérique Solidaire',
  forme_juridique: 'association',
  agrement_esus: 'oui',
  region: 'hauts_de_france',
  familles: ['insertion'],
  budget_annuel: 250000,
  salaries_nombre: 6,
  gouvernance_democratique: true,
  consentement: true,
}

interface PortalSetup {
  waveId: string
  researcher: { name: string; value: string }[]
  publicPath: string | null
  publicProblem: string | null
}

/**
 * What the portal and the public page read: the demo organisation submits (through the
 * respondent API), staff publish a release of the demo wave and its public page, an admin creates
 * a researcher, who signs in. Runs after the respondent's pages: they show the questionnaire only
 * until it is submitted.
 */
async function setUpPortal(baseUrl: string, demoLink: string, email: string, password: string): Promise<PortalSetup> {
  const respondent = `${baseUrl}/api/r/${new URL(demoLink).pathname.split('/').pop()}`
  const view = await api<{ response: { revision: number } }>(baseUrl, [], 'GET', new URL(respondent).pathname)
  const { revision } = await api<{ revision: number }>(baseUrl, [], 'PATCH', `${new URL(respondent).pathname}/answers`, {
    baseRevision: view.response.revision,
    answers: COMPLETE_ANSWERS,
  })
  const submitted = await fetch(`${respondent}/submit`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ revision }),
  })
  if (!submitted.ok) throw new Error(`submitting the demo questionnaire: HTTP ${submitted.status} ${(await submitted.text()).slice(0, 200)}`)

  const admin = await login(baseUrl, email, password)
  if (!admin) throw new Error('the admin login was refused')
  const { waves } = await api<{ waves: { id: string; title: string }[] }>(baseUrl, admin, 'GET', '/api/waves')
  const demo = waves.find((wave) => wave.title.includes('(démonstration)'))
  if (!demo) throw new Error('no demo wave')
  await api(baseUrl, admin, 'POST', `/api/waves/${demo.id}/releases`, {}, 201)
  let publicPath: string | null = null
  let publicProblem: string | null = null
  try {
    publicPath = (await api<{ path: string }>(baseUrl, admin, 'PUT', `/api/waves/${demo.id}/public-page`, { licence: 'etalab-2.0' })).path
  } catch (error) {
    publicProblem = `publishing it: ${error instanceof Error ? error.message : String(error)}`
  }
  const researcher = { email: `chercheuse-bench-${Date.now().toString(36)}@example.org`, password: 'une phrase de passe pour le banc' }
  await api(baseUrl, admin, 'POST', '/api/users', { ...researcher, role: 'researcher' }, 201)
  const cookies = await login(baseUrl, researcher.email, researcher.password)
  if (!cookies) throw new Error('the researcher login was refused')
  return { waveId: demo.id, researcher: cookies, publicPath, publicProblem }
}

const READY_TIMEOUT = 30_000

/** Ready once the network is quiet and a first- or second-level heading matches `name`, outside a login form. */
function headingReady(name: RegExp, what: string): (page: Page) => Promise<void> {
  return async (page) => {
    await page.waitForLoadState('networkidle', { timeout: READY_TIMEOUT })
    if ((await page.locator('input[type="password"]').count()) > 0) throw new Error('the login form is shown instead')
    try {
      await page.locator('h1, h2').filter({ hasText: name }).first().waitFor({ timeout: READY_TIMEOUT })
    } catch {
      throw new Error(`no heading names ${what} within ${READY_TIMEOUT / 1000} s (is the page built yet?)`)
    }
  }
}

const isMeasure = (measure: Measure | NotMeasured): measure is Measure => 'traffic' in measure

function row(measure: Measure | NotMeasured, baselineBytes: number): string[] {
  if (!isMeasure(measure)) return [measure.label, `not measured: ${measure.reason}`, '', '', '', '', '', '']
  const kilobytes = measure.traffic.bytes / 1024
  const { score, grade } = ecoIndex({ domElements: measure.domElements, requests: measure.traffic.requests, kilobytes })
  return [
    measure.label,
    kilobytes.toFixed(1),
    `${(measure.traffic.bytes / baselineBytes).toFixed(0)}×`,
    `${measure.traffic.requests}${measure.traffic.fromCache ? ` (${measure.traffic.fromCache} from cache)` : ''}`,
    String(measure.traffic.thirdParty.length),
    String(measure.domElements),
    `${score} ${grade}`,
    `${(measure.milliseconds / 1000).toFixed(2)} s`,
  ]
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => (cells[1]!.startsWith('not measured') && column === 1 ? 0 : cells[column]!.length))),
  )
  const line = (cells: string[]) =>
    cells[1]!.startsWith('not measured')
      ? `| ${cells[0]!.padEnd(widths[0]!)} | ${cells[1]}`
      : `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`)
  for (const cells of rows) console.log(line(cells))
}

/** Issue 12's budgets of a page's first visit: ≤ 500 KB, ≤ 1 500 DOM elements, EcoIndex ≥ `minEcoIndex`, nothing from another host. */
interface PageBudget {
  kilobytes: { value: number; held: boolean }
  dom: { value: number; held: boolean }
  ecoIndex: { value: number; grade: string; min: number; held: boolean }
  thirdParty: { value: number; held: boolean }
  held: boolean
}

const MAX_KILOBYTES = 500
const MAX_DOM = 1500

function pageBudget(measure: Measure, minEcoIndex: number): PageBudget {
  const kilobytes = measure.traffic.bytes / 1024
  const { score, grade } = ecoIndex({ domElements: measure.domElements, requests: measure.traffic.requests, kilobytes })
  const budget = {
    kilobytes: { value: kilobytes, held: kilobytes <= MAX_KILOBYTES },
    dom: { value: measure.domElements, held: measure.domElements <= MAX_DOM },
    ecoIndex: { value: score, grade, min: minEcoIndex, held: score >= minEcoIndex },
    thirdParty: { value: measure.traffic.thirdParty.length, held: measure.traffic.thirdParty.length === 0 },
  }
  return { ...budget, held: budget.kilobytes.held && budget.dom.held && budget.ecoIndex.held && budget.thirdParty.held }
}

const mark = (held: boolean) => (held ? 'ok' : 'OVER')

function budgetRow(measure: Measure | NotMeasured, minEcoIndex: number): string[] {
  if (!isMeasure(measure)) return [measure.label, `not measured: ${measure.reason}`, '', '', '', '']
  const b = pageBudget(measure, minEcoIndex)
  return [
    measure.label,
    `${b.kilobytes.value.toFixed(1)} ${mark(b.kilobytes.held)}`,
    `${b.dom.value} ${mark(b.dom.held)}`,
    `${b.ecoIndex.value} ${b.ecoIndex.grade} (≥ ${b.ecoIndex.min}) ${mark(b.ecoIndex.held)}`,
    `${b.thirdParty.value} ${mark(b.thirdParty.held)}`,
    b.held ? 'within' : 'OVER',
  ]
}

async function main(): Promise<void> {
  checkEcoIndexReference()
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    const base = server.baseUrl
    const questionnaire = server.demoLink
    const baseline = await firstVisit(browser, 'baseline: GET /api/health (JSON)', `${base}/api/health`, async () => {})
    const first = await firstVisit(browser, 'questionnaire, first visit', questionnaire, firstQuestion)
    const repeat = await repeatVisit(browser, questionnaire)
    const slow = await firstVisit(browser, 'questionnaire, first visit, slow 3G', questionnaire, firstQuestion, { network: SLOW_3G })
    const notFound = await firstVisit(browser, 'unknown link (not-found page)', `${base}/r/${'x'.repeat(43)}`, (page) =>
      page.getByRole('heading', { level: 1 }).waitFor(),
    )
    const openLinkUrl = await enableOpenLink(base, server.adminEmail, server.adminPassword)
    const openLink: Measure | NotMeasured = openLinkUrl
      ? await firstVisit(browser, 'open link form, first visit', openLinkUrl, (page) => page.getByRole('button', { name: /^Recevoir/ }).waitFor())
      : { label: 'open link form, first visit', reason: 'the wave enquete-2025 or its open link is not there' }

    // The research portal (signed in as a researcher) and the public page, on the demo wave's first release.
    const portalLabels = ['research portal: overview', 'research portal: family page (insertion)', 'research portal: theme page (economie_emploi)']
    let portal: (Measure | NotMeasured)[]
    let publicPage: Measure | NotMeasured
    try {
      const setup = await setUpPortal(base, questionnaire, server.adminEmail, server.adminPassword)
      const signedIn = { cookies: setup.researcher, requireOk: true }
      const research = `${base}/research/${encodeURIComponent(setup.waveId)}`
      portal = [
        await tryFirstVisit(browser, portalLabels[0]!, research, headingReady(/\S/, 'anything'), signedIn),
        await tryFirstVisit(browser, portalLabels[1]!, `${research}/famille/insertion`, headingReady(/Insertion/i, 'the family « Insertion »'), signedIn),
        await tryFirstVisit(
          browser,
          portalLabels[2]!,
          `${research}/theme/economie_emploi`,
          headingReady(/[ée]conomie/i, 'the theme « Économie et emploi »'),
          signedIn,
        ),
      ]
      publicPage = setup.publicPath
        ? await tryFirstVisit(browser, `public page ${setup.publicPath}`, `${base}${setup.publicPath}`, headingReady(/\S/, 'anything'), { requireOk: true })
        : { label: 'public page /resultats/<slug>', reason: setup.publicProblem ?? 'not published' }
    } catch (error) {
      const reason = `setting up a release: ${error instanceof Error ? error.message : String(error)}`.split('\n')[0]!
      portal = portalLabels.map((label) => ({ label, reason }))
      publicPage = { label: 'public page /resultats/<slug>', reason }
    }

    const measures: (Measure | NotMeasured)[] = [baseline, first, repeat, slow, notFound, openLink, ...portal, publicPage]
    console.log(`\nSonde pages — ${new Date().toISOString()} — Chromium via the DevTools protocol, ${base}\n`)
    printTable(
      ['page', 'transferred KB', 'vs baseline', 'requests', 'third-party', 'DOM elements', 'EcoIndex', 'time to ready'],
      measures.map((measure) => row(measure, Math.max(baseline.traffic.bytes, 1))),
    )

    // Issue 12: every page a respondent, a researcher or the public opens, on a first visit.
    const RESPONDENT_ECOINDEX = 85
    const PAGE_ECOINDEX = 75
    const budgeted: [Measure | NotMeasured, number][] = [
      [first, RESPONDENT_ECOINDEX],
      [notFound, PAGE_ECOINDEX],
      [openLink, PAGE_ECOINDEX],
      ...portal.map((measure): [Measure | NotMeasured, number] => [measure, PAGE_ECOINDEX]),
      [publicPage, PAGE_ECOINDEX],
    ]
    console.log(
      `\nPage budgets, first visit (issue 12): ≤ ${MAX_KILOBYTES} KB, ≤ ${MAX_DOM} DOM elements, EcoIndex ≥ 75 (questionnaire ≥ 85), no third-party request\n`,
    )
    printTable(
      ['page', `KB (≤ ${MAX_KILOBYTES})`, `DOM (≤ ${MAX_DOM})`, 'EcoIndex', 'third-party (0)', 'budgets'],
      budgeted.map(([measure, min]) => budgetRow(measure, min)),
    )

    const firstKilobytes = first.traffic.bytes / 1024
    const firstBudget = pageBudget(first, RESPONDENT_ECOINDEX)
    const budgets: [string, boolean, string][] = [
      ['first visit ≤ 500 KB', firstBudget.kilobytes.held, `${firstKilobytes.toFixed(1)} KB`],
      ['first visit ≤ 10 requests', first.traffic.requests <= 10, String(first.traffic.requests)],
      [`first visit EcoIndex ≥ ${RESPONDENT_ECOINDEX}`, firstBudget.ecoIndex.held, String(firstBudget.ecoIndex.value)],
      ['repeat visit ≤ 30 KB', repeat.traffic.bytes / 1024 <= 30, `${(repeat.traffic.bytes / 1024).toFixed(1)} KB`],
    ]
    const baselineKilobytes = `GET /api/health ${(baseline.traffic.bytes / 1024).toFixed(1)} KB`
    writeResults('pages', [
      {
        label: 'pages, questionnaire first visit: transferred',
        value: firstKilobytes,
        unit: 'KB',
        baseline: baselineKilobytes,
        target: '≤ 500 KB',
        met: budgets[0]![1],
      },
      { label: 'pages, questionnaire first visit: requests', value: first.traffic.requests, unit: '', baseline: null, target: '≤ 10', met: budgets[1]![1] },
      {
        label: 'pages, questionnaire first visit: EcoIndex',
        value: firstBudget.ecoIndex.value,
        unit: '',
        baseline: null,
        target: `≥ ${RESPONDENT_ECOINDEX}`,
        met: budgets[2]![1],
      },
      {
        label: 'pages, questionnaire repeat visit: transferred',
        value: repeat.traffic.bytes / 1024,
        unit: 'KB',
        baseline: baselineKilobytes,
        target: '≤ 30 KB',
        met: budgets[3]![1],
      },
      { label: 'pages, first question on slow 3G', value: slow.milliseconds / 1000, unit: 's', baseline: null, target: null, met: null },
      // The portal's and the public page's first visits, when they could be measured.
      ...[...portal, publicPage].filter(isMeasure).flatMap((measure) => {
        const b = pageBudget(measure, PAGE_ECOINDEX)
        return [
          {
            label: `pages, ${measure.label}: transferred`,
            value: b.kilobytes.value,
            unit: 'KB',
            baseline: baselineKilobytes,
            target: `≤ ${MAX_KILOBYTES} KB`,
            met: b.kilobytes.held,
          },
          { label: `pages, ${measure.label}: DOM elements`, value: b.dom.value, unit: '', baseline: null, target: `≤ ${MAX_DOM}`, met: b.dom.held },
          { label: `pages, ${measure.label}: EcoIndex`, value: b.ecoIndex.value, unit: '', baseline: null, target: `≥ ${PAGE_ECOINDEX}`, met: b.ecoIndex.held },
        ]
      }),
    ])
    console.log('\nBudgets of the first questionnaire page (issues 3 and 12):')
    for (const [budget, held, measured] of budgets) console.log(`  ${held ? 'within' : 'OVER  '}  ${budget.padEnd(28)} measured ${measured}`)
    const foreign = measures.filter(isMeasure).flatMap((measure) => measure.traffic.thirdParty)
    if (foreign.length > 0) console.log(`\nRequests to another host: ${[...new Set(foreign)].join(', ')}`)
    console.log(`\nSlow 3G (${SLOW_3G.latency} ms RTT, 400 kbit/s): first question on screen after ${(slow.milliseconds / 1000).toFixed(1)} s.`)
    console.log('EcoIndex reference check: the HTTP Archive median page (693 DOM, 78 requests, 2420 KB) scores 44 (D) — ok.')
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
