/**
 * `pnpm bench:pages` (`npx tsx bench/pages.ts`): the weight of the respondent's pages as Chromium
 * loads them from the real server, measured through the DevTools protocol — bytes transferred
 * (`encodedDataLength`: compressed bodies and headers), requests, DOM elements once the first
 * question is on screen, the EcoIndex of that, and the time to the first question on a slow 3G
 * profile — against a minimal page measured in the same run (the API's health check).
 *
 * Budgets of the first questionnaire page (issue 3): first visit ≤ 500 KB and ≤ 10 requests,
 * EcoIndex ≥ 75; repeat visit ≤ 30 KB. A benchmark prints, it does not fail: the figures and
 * whether each budget holds are in the table.
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
}

interface Measure {
  label: string
  traffic: Traffic
  domElements: number
  milliseconds: number
}

/** Counts what goes over the network for `page` from now on. */
async function recordTraffic(page: Page, context: BrowserContext): Promise<{ cdp: CDPSession; traffic: Traffic }> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const traffic: Traffic = { requests: 0, fromCache: 0, bytes: 0 }
  cdp.on('Network.requestWillBeSent', (event: { request: { url: string } }) => {
    if (!/^(data|blob):/.test(event.request.url)) traffic.requests += 1
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

/** A first visit: a fresh profile with the cache disabled, optionally on a slow network. */
async function firstVisit(browser: Browser, label: string, url: string, ready: (page: Page) => Promise<void>, network?: typeof SLOW_3G): Promise<Measure> {
  const context = await browser.newContext({ locale: 'fr-FR' })
  try {
    const page = await context.newPage()
    const { cdp, traffic } = await recordTraffic(page, context)
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    if (network) await cdp.send('Network.emulateNetworkConditions', network)
    const started = performance.now()
    await page.goto(url, { timeout: 120_000 })
    await ready(page)
    const milliseconds = performance.now() - started
    await page.waitForLoadState('networkidle')
    return { label, traffic, domElements: await domElements(page), milliseconds }
  } finally {
    await context.close()
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
    const { traffic } = await recordTraffic(page, context)
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

async function enableOpenLink(baseUrl: string, email: string, password: string): Promise<string | null> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (!login.ok) return null
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')
  const { waves } = (await (await fetch(`${baseUrl}/api/waves`, { headers: { Cookie: cookie } })).json()) as { waves: { id: string; slug: string }[] }
  const wave = waves.find((item) => item.slug === 'enquete-2025')
  if (!wave) return null
  const patched = await fetch(`${baseUrl}/api/waves/${wave.id}`, {
    method: 'PATCH',
    headers: { Cookie: cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({ settings: { openLink: true } }),
  })
  return patched.ok ? `${baseUrl}/w/${wave.slug}` : null
}

function row(measure: Measure, baselineBytes: number): string[] {
  const kilobytes = measure.traffic.bytes / 1024
  const { score, grade } = ecoIndex({ domElements: measure.domElements, requests: measure.traffic.requests, kilobytes })
  return [
    measure.label,
    kilobytes.toFixed(1),
    `${(measure.traffic.bytes / baselineBytes).toFixed(0)}×`,
    `${measure.traffic.requests}${measure.traffic.fromCache ? ` (${measure.traffic.fromCache} from cache)` : ''}`,
    String(measure.domElements),
    `${score} ${grade}`,
    `${(measure.milliseconds / 1000).toFixed(2)} s`,
  ]
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)))
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`)
  for (const cells of rows) console.log(line(cells))
}

async function main(): Promise<void> {
  checkEcoIndexReference()
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    const questionnaire = server.demoLink
    const baseline = await firstVisit(browser, 'baseline: GET /api/health (JSON)', `${server.baseUrl}/api/health`, async () => {})
    const first = await firstVisit(browser, 'questionnaire, first visit', questionnaire, firstQuestion)
    const repeat = await repeatVisit(browser, questionnaire)
    const slow = await firstVisit(browser, 'questionnaire, first visit, slow 3G', questionnaire, firstQuestion, SLOW_3G)
    const notFound = await firstVisit(browser, 'unknown link (not-found page)', `${server.baseUrl}/r/${'x'.repeat(43)}`, (page) =>
      page.getByRole('heading', { level: 1 }).waitFor(),
    )
    const openLinkUrl = await enableOpenLink(server.baseUrl, server.adminEmail, server.adminPassword)
    const openLink = openLinkUrl
      ? await firstVisit(browser, 'open link form, first visit', openLinkUrl, (page) => page.getByRole('button', { name: /^Recevoir/ }).waitFor())
      : null

    const measures = [baseline, first, repeat, slow, notFound, ...(openLink ? [openLink] : [])]
    console.log(`\nSonde respondent pages — ${new Date().toISOString()} — Chromium via the DevTools protocol, ${server.baseUrl}\n`)
    printTable(
      ['page', 'transferred KB', 'vs baseline', 'requests', 'DOM elements', 'EcoIndex', 'time to ready'],
      measures.map((measure) => row(measure, Math.max(baseline.traffic.bytes, 1))),
    )

    const firstKilobytes = first.traffic.bytes / 1024
    const firstScore = ecoIndex({ domElements: first.domElements, requests: first.traffic.requests, kilobytes: firstKilobytes }).score
    const budgets: [string, boolean, string][] = [
      ['first visit ≤ 500 KB', firstKilobytes <= 500, `${firstKilobytes.toFixed(1)} KB`],
      ['first visit ≤ 10 requests', first.traffic.requests <= 10, String(first.traffic.requests)],
      ['first visit EcoIndex ≥ 75', firstScore >= 75, String(firstScore)],
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
      { label: 'pages, questionnaire first visit: EcoIndex', value: firstScore, unit: '', baseline: null, target: '≥ 75', met: budgets[2]![1] },
      {
        label: 'pages, questionnaire repeat visit: transferred',
        value: repeat.traffic.bytes / 1024,
        unit: 'KB',
        baseline: baselineKilobytes,
        target: '≤ 30 KB',
        met: budgets[3]![1],
      },
      { label: 'pages, first question on slow 3G', value: slow.milliseconds / 1000, unit: 's', baseline: null, target: null, met: null },
    ])
    console.log('\nBudgets of the first questionnaire page (issue 3):')
    for (const [budget, held, measured] of budgets) console.log(`  ${held ? 'within' : 'OVER  '}  ${budget.padEnd(28)} measured ${measured}`)
    console.log(`\nSlow 3G (${SLOW_3G.latency} ms RTT, 400 kbit/s): first question on screen after ${(slow.milliseconds / 1000).toFixed(1)} s.`)
    console.log('EcoIndex reference check: the HTTP Archive median page (693 DOM, 78 requests, 2420 KB) scores 44 (D) — ok.')
  } finally {
    await browser.close()
    await server.stop()
  }
}

await main()
