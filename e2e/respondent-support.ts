import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'

/**
 * What the respondent browser tests share: opening a link as a person in a fresh browser profile
 * (watched for requests to other hosts and CSP refusals), finding questions by their words, and
 * the staff API to set the scene (wave settings, other organisations' links).
 */

export interface Watched {
  foreign: string[]
  csp: string[]
}

/** Opened browser contexts and what their pages did that they must not, for one test. */
export class Sessions {
  private contexts: BrowserContext[] = []
  private watched: Watched[] = []

  constructor(
    private readonly browser: () => Browser,
    private readonly server: () => SondeServer,
  ) {}

  /** A fresh browser profile: another person, or the same person on another device. */
  async newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await this.browser().newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', ...options })
    this.contexts.push(context)
    return context
  }

  watch(page: Page): Page {
    this.watched.push({ foreign: recordForeignRequests(page, this.server().baseUrl), csp: recordCspViolations(page) })
    return page
  }

  async newPage(context?: BrowserContext): Promise<Page> {
    return this.watch(await (context ?? (await this.newContext())).newPage())
  }

  /** A page on `url`, once the questionnaire shows its navigation buttons. */
  async openQuestionnaire(url: string, context?: BrowserContext): Promise<Page> {
    const page = await this.newPage(context)
    await page.goto(url)
    await questionnaireReady(page)
    return page
  }

  /** Closes everything and checks that no page reached another host or broke the CSP. */
  async closeAll(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close().catch(() => undefined)))
    this.contexts = []
    const seen = this.watched
    this.watched = []
    expect(
      seen.flatMap((page) => page.foreign),
      'requests to another host than the server',
    ).toEqual([])
    expect(
      seen.flatMap((page) => page.csp),
      'Content-Security-Policy refusals',
    ).toEqual([])
  }
}

export async function questionnaireReady(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: /^(Suivant|Terminer)$/ })
    .first()
    .waitFor()
}

/** The axe-core findings a person would be stopped by: serious and critical only. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page)).filter((line) => /^(serious|critical) /.test(line))
}

/** A question, found as a person finds it: by the words of its title. */
export function question(page: Page, title: string | RegExp): Locator {
  return page.locator('.sd-question').filter({ has: page.locator('.sd-question__title', { hasText: title }) })
}

export function saveStatus(page: Page): Locator {
  return page.locator('.sticky-status').getByRole('status')
}

export async function waitUntilSaved(page: Page): Promise<void> {
  await expect.poll(() => saveStatus(page).textContent(), { timeout: 20_000 }).toMatch(/^Enregistré à \d{2}:\d{2}$/)
}

export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click()
  await field.press('ControlOrMeta+a')
  await field.pressSequentially(text, { delay: 10 })
}

/**
 * Opens a SurveyJS dropdown and picks an option. A person scrolls to the question before
 * clicking; SurveyJS closes an open list when the page scrolls, which Playwright's own
 * scroll-into-view during the click would do.
 */
export async function chooseInDropdown(page: Page, title: string | RegExp, option: string): Promise<void> {
  const box = question(page, title).locator('.sd-dropdown')
  await box.scrollIntoViewIfNeeded()
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  await box.click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

export const nameField = (page: Page) => page.getByRole('textbox', { name: "Nom de l'organisation" })

export async function goToLastPage(page: Page): Promise<void> {
  const next = page.getByRole('button', { name: 'Suivant' })
  while (await next.isVisible()) await next.click()
  await page.getByRole('button', { name: 'Terminer' }).waitFor()
}

/**
 * Answers every required question of the 2025 questionnaire, page by page (among the families,
 * "Communs numériques & open data" at least), and ends on the last page.
 */
export async function answerRequiredQuestions(page: Page, organisation: string): Promise<void> {
  await typeInto(nameField(page), organisation)
  await chooseInDropdown(page, 'Forme juridique', 'Association')
  await question(page, "l'agrément ESUS").getByText('Oui', { exact: true }).click()
  await chooseInDropdown(page, 'Région du siège', 'Bretagne')
  // The registry may have ticked it already: a click would untick it.
  const families = question(page, 'familles du réseau')
  if (!(await families.getByRole('checkbox', { name: 'Communs numériques & open data' }).isChecked())) {
    await families.getByText('Communs numériques & open data', { exact: true }).click()
  }
  await page.getByRole('button', { name: 'Suivant' }).click()
  await typeInto(page.getByRole('textbox', { name: /^Budget annuel/ }), '185000')
  await typeInto(page.getByRole('textbox', { name: /^Nombre de salariés au 31/ }), '4')
  await page.getByRole('button', { name: 'Suivant' }).click()
  await question(page, 'une personne, une voix').getByText('Oui', { exact: true }).click()
  await goToLastPage(page)
  await page.getByText("J'ai lu la notice d'information et j'accepte").click()
  await waitUntilSaved(page)
}

/** The staff HTTP API with an admin's session cookie, to set the scene of a test. */
export class StaffApi {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  static async signIn(server: SondeServer): Promise<StaffApi> {
    const response = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }),
    })
    expect(response.status, await response.clone().text()).toBe(200)
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ')
    return new StaffApi(server.baseUrl, cookie)
  }

  async json<T>(method: string, path: string, body?: unknown, status?: number): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Cookie: this.cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (status === undefined) expect(response.ok, `${method} ${path}: ${response.status} ${text}`).toBe(true)
    else expect(response.status, `${method} ${path}: ${text}`).toBe(status)
    return (text ? JSON.parse(text) : undefined) as T
  }

  /** The demo wave the server seeds (`enquete-2025`). */
  async demoWave(): Promise<{ id: string; slug: string }> {
    const { waves } = await this.json<{ waves: { id: string; slug: string }[] }>('GET', '/api/waves')
    const wave = waves.find((item) => item.slug === 'enquete-2025')
    if (!wave) throw new Error('the demo wave is missing')
    return wave
  }

  /** Invitation links of a wave's organisations, by organisation name. */
  async links(waveId: string): Promise<Map<string, string>> {
    const { organisations } = await this.json<{ organisations: { name: string; invitation: { link: string } }[] }>('GET', `/api/waves/${waveId}/organisations`)
    return new Map(organisations.map((organisation) => [organisation.name, organisation.invitation.link]))
  }
}

/**
 * The link of a demo organisation (each test takes its own, so that tests stay independent), with
 * the server's address: the API builds links from its configured base URL.
 */
export async function demoLink(api: StaffApi, organisation: string): Promise<string> {
  const wave = await api.demoWave()
  const link = (await api.links(wave.id)).get(organisation)
  if (!link) throw new Error(`no demo organisation named ${organisation}`)
  return link
}

export const DEMO_ORGANISATIONS = [
  'Atelier Numérique Solidaire (démo)',
  'Recyclerie Informatique du Val (démo)',
  'Médiation Numérique pour Tous (démo)',
  'Données Ouvertes en Commun (démo)',
  'Coopérative des Livreurs Équitables (démo)',
  'Mesure & Sobriété (démo)',
] as const

/** A browser profile kept on disk, to quit the browser and start it again on the same profile. */
export async function persistentProfile(): Promise<{ dir: string; launch(): Promise<BrowserContext>; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sonde-profile-'))
  return {
    dir,
    launch: () =>
      chromium.launchPersistentContext(dir, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--disable-quic',
        ],
      }),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** Where the tests leave screenshots for a person to look at (outside the repository). */
export const SCREENSHOTS = process.env.SONDE_SCREENSHOTS ?? join(tmpdir(), 'sonde-screenshots')

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage })
}

/** What a browser-test file of the respondent's pages works with (available from its own `beforeAll` on). */
export interface RespondentSuite {
  readonly server: SondeServer
  readonly browser: Browser
  /** The staff's API client, signed in as the admin. */
  readonly api: StaffApi
  /** The pages a test opens, closed (and checked) after each test. */
  readonly sessions: Sessions
}

/**
 * Registers the hooks of a file: one server on a fresh embedded database and one Chromium for the
 * file, a signed-in staff client, the pages of each test closed after it. Call it at the top of the
 * file, before the file's own `beforeAll`, which then runs after these.
 */
export function respondentSuite(): RespondentSuite {
  let server: SondeServer | undefined
  let browser: Browser | undefined
  let api: StaffApi | undefined
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use it from beforeAll or a test`)
    return value
  }
  const sessions = new Sessions(
    () => ready(browser, 'the browser'),
    () => ready(server, 'the server'),
  )
  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    api = await StaffApi.signIn(server)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })
  afterEach(() => sessions.closeAll())
  return {
    get server() {
      return ready(server, 'the server')
    },
    get browser() {
      return ready(browser, 'the browser')
    },
    get api() {
      return ready(api, 'the staff client')
    },
    sessions,
  }
}
