import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'

/**
 * The HTTP API as a signed-in person (a session cookie), to set the scene of a browser test
 * quickly: the browser then does, as a person would, only what the test is about.
 */
export class ApiSession {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<ApiSession> {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
    expect(response.status, await response.clone().text()).toBe(200)
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ')
    return new ApiSession(baseUrl, cookie)
  }

  async request(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Cookie: this.cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  }

  /** The parsed answer of a request that must succeed with `status`. */
  async json<T>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const response = await this.request(method, path, body)
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(status)
    return (await response.json()) as T
  }
}

export interface WaveRef {
  id: string
  slug: string
  title: string
}

export interface OrganisationRef {
  id: string
  name: string
  email: string | null
  invitation: { link: string }
}

let counter = 0

/** A name no other test uses: organisations are matched across waves by e-mail and SIREN. */
export function unique(prefix: string): string {
  counter += 1
  return `${prefix}-${Date.now().toString(36)}-${counter}`
}

/** A draft wave made through the API (the network's families, the default questionnaire). */
export async function createWave(api: ApiSession, title: string): Promise<WaveRef> {
  return api.json<WaveRef>('POST', '/api/waves', { slug: unique('e2e'), title }, 201)
}

export async function addOrganisation(
  api: ApiSession,
  waveId: string,
  organisation: { name: string; email?: string; familyKeys?: string[] },
): Promise<OrganisationRef> {
  return api.json<OrganisationRef>('POST', `/api/waves/${waveId}/organisations`, organisation, 201)
}

/** Answers that satisfy the default 2025 questionnaire (the research test submits the same). */
export const completeAnswers = {
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

/** One organisation fills in and submits its questionnaire through the respondent API. */
export async function submitThroughLink(link: string, answers: Record<string, unknown> = completeAnswers): Promise<void> {
  const url = new URL(link)
  const api = `${url.origin}/api/r/${url.pathname.split('/').pop()}`
  const view = (await (await fetch(api)).json()) as { response: { revision: number } }
  const patched = await fetch(`${api}/answers`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ baseRevision: view.response.revision, answers }),
  })
  expect(patched.status, await patched.clone().text()).toBe(200)
  const { revision } = (await patched.json()) as { revision: number }
  const submitted = await fetch(`${api}/submit`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ revision }),
  })
  expect(submitted.status, await submitted.clone().text()).toBe(200)
}

/**
 * Browser contexts of one test, each page watched for what it must never do (reach another
 * host, break the CSP); `finish()` closes them and checks.
 */
export class Pages {
  private contexts: BrowserContext[] = []
  private watched: { foreign: string[]; csp: string[] }[] = []

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  async open(options: { viewport?: { width: number; height: number }; clipboard?: boolean } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      viewport: options.viewport ?? { width: 1280, height: 900 },
      permissions: options.clipboard ? ['clipboard-read', 'clipboard-write'] : [],
    })
    this.contexts.push(context)
    const page = await context.newPage()
    this.watched.push({ foreign: recordForeignRequests(page, this.baseUrl), csp: recordCspViolations(page) })
    return page
  }

  /** Another tab beside `page`, in the same browser profile (same session), watched the same way. */
  async tab(page: Page): Promise<Page> {
    const tab = await page.context().newPage()
    this.watched.push({ foreign: recordForeignRequests(tab, this.baseUrl), csp: recordCspViolations(tab) })
    return tab
  }

  async finish(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close()))
    const seen = this.watched
    this.contexts = []
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

/** Signs in on the login form shown by any staff page, typing like a person. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Adresse e-mail' }).pressSequentially(email)
  await page.getByLabel('Mot de passe').pressSequentially(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
}

/** A page wider than the screen scrolls sideways as a whole: what tablets must not do. */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
}

/**
 * The questionnaire designer as a person uses it: the « Ajouter : … » buttons, the outline
 * (« Plan du questionnaire ») and the selected element's form (« Élément sélectionné »).
 */
export class DesignerPage {
  readonly form: Locator
  readonly outline: Locator

  constructor(readonly page: Page) {
    this.form = page.getByRole('region', { name: 'Élément sélectionné' })
    this.outline = page.getByRole('region', { name: 'Plan du questionnaire' })
  }

  async add(kind: string): Promise<void> {
    await this.page.getByRole('button', { name: `Ajouter : ${kind}`, exact: true }).click()
  }

  /** Types the French title (and the English one), and a name when the proposed one is not wanted. */
  /** `expectedName`: the name the designer must have proposed from the title, before `name` replaces it. */
  async titled(title: string, options: { en?: string; name?: string; expectedName?: string } = {}): Promise<void> {
    await this.form.getByRole('textbox', { name: 'Titre, français' }).fill(title)
    if (options.en) await this.form.getByRole('textbox', { name: 'Titre, anglais' }).fill(options.en)
    const name = this.form.getByRole('textbox', { name: 'Nom (clé de la réponse)' })
    if (options.expectedName) expect(await name.inputValue()).toBe(options.expectedName)
    if (options.name) await name.fill(options.name)
  }

  async help(text: string): Promise<void> {
    await this.form.getByRole('textbox', { name: 'Texte d’aide, français' }).fill(text)
  }

  async required(): Promise<void> {
    await this.form.getByRole('checkbox', { name: 'Réponse obligatoire' }).check()
  }

  async integer(): Promise<void> {
    await this.form.getByRole('checkbox', { name: 'Nombres entiers seulement' }).check()
  }

  /** Choices pasted one per line, `code;Libellé`. */
  async choices(lines: string[]): Promise<void> {
    await this.form.getByRole('textbox', { name: 'Choix, un par ligne' }).fill(lines.join('\n'))
  }

  /** Adds a rule of `kind` and returns its group (`Règle n : …`). */
  async rule(kind: string, number: number): Promise<Locator> {
    await this.form.getByRole('combobox', { name: 'Règle à ajouter' }).selectOption({ label: kind })
    await this.form.getByRole('button', { name: 'Ajouter la règle' }).click()
    const group = this.form.getByRole('group', { name: `Règle ${number} : ${kind}` })
    await group.waitFor()
    return group
  }

  /** Selects the first node of the outline whose title starts with `label` (a page comes before its questions). */
  async select(label: string): Promise<void> {
    await this.outline
      .getByRole('button', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
      .first()
      .click()
  }

  /** Deletes every page from the outline: a questionnaire started afresh. */
  async deleteEveryPage(): Promise<void> {
    const deletePage = this.outline.locator('.designer-tree__page > .designer-row').getByRole('button', { name: /^Supprimer/ })
    while ((await deletePage.count()) > 0) await deletePage.first().click()
    await this.outline.getByText('Aucune page : ajoutez une page ou une question.').waitFor()
  }
}

/**
 * What a test file of the staff console stands on: one server, one browser and the admin's API
 * session, started before the file's tests and stopped after them; each test's pages are closed
 * and checked after it (`Pages.finish`).
 */
export class StaffConsole {
  server!: SondeServer
  browser!: Browser
  admin!: ApiSession
  pages!: Pages

  /** A new browser context on `path`, signed in as the admin through the login form. */
  async openAsAdmin(path: string, options?: Parameters<Pages['open']>[0]): Promise<Page> {
    const page = await this.pages.open(options)
    await page.goto(`${this.server.baseUrl}${path}`)
    await signIn(page, this.server.adminEmail, this.server.adminPassword)
    return page
  }
}

/** Registers the file's set-up and tear-down (Vitest hooks) and gives what they start. */
export function useStaffConsole(): StaffConsole {
  const staff = new StaffConsole()
  beforeAll(async () => {
    staff.server = await startServer()
    staff.browser = await launchBrowser()
    staff.admin = await ApiSession.signIn(staff.server.baseUrl, staff.server.adminEmail, staff.server.adminPassword)
    staff.pages = new Pages(staff.browser, staff.server.baseUrl)
  })
  afterAll(async () => {
    await staff.browser?.close()
    await staff.server?.stop()
  })
  afterEach(async () => {
    await staff.pages.finish()
  })
  return staff
}
