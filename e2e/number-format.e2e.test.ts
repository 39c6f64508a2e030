import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addOrganisation, ApiSession, completeAnswers, createWave, signIn, submitThroughLink, unique, type WaveRef } from './admin-support'
import { axeViolations, launchBrowser, recordCspViolations, recordForeignRequests, startServer, type SondeServer } from './harness'

// The spaces of French numbers: the narrow no-break space groups thousands, the no-break space
// comes before "€" and every unit; before "%" CLDR's choice has changed between versions.
const N = '\u202F'
const S = '\u00A0'
const PERCENT_SPACE = '[\u00A0\u202F]'

// Seven organisations in two families, budgets 1 607,5 € apart: the median (254 822,5 €) is
// published and reads "254 823 €"; three refurbished smartphones and two laptops each make
// 7 × (3 × 24,6 + 2 × 27) = 894,6 kg CO2e avoided — 894.5999999999999 when JavaScript adds it up.
// The laptops are there for the total to be published: were their own total hidden (nobody
// answering), the CO2e total would give it back beside the smartphones' and be hidden too.
// One organisation alone in a third family: its cells are hidden whatever the rules.
const BUDGETS = [0, 1, 2, 3, 4, 5, 6].map((i) => 250000 + 1607.5 * i)
const MARK_FR = 'masqué — secret statistique'
const MARK_EN = 'hidden — statistical confidentiality'

let server: SondeServer
let browser: Browser
let wave: WaveRef
const researcher = { email: `${unique('chercheuse')}@example.org`, password: 'une phrase de passe assez longue' }

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  const admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
  wave = await createWave(admin, `Chiffres ${unique('format')}`)
  const tag = unique('org')
  const members = []
  for (const index of BUDGETS.keys()) {
    members.push(await addOrganisation(admin, wave.id, { name: `Atelier ${index} ${tag}`, familyKeys: ['insertion', 'reemploi'] }))
  }
  const alone = await addOrganisation(admin, wave.id, { name: `Communs ${tag}`, familyKeys: ['communs'] })
  await admin.json('POST', `/api/waves/${wave.id}/open`)
  for (const [index, member] of members.entries()) {
    await submitThroughLink(member.invitation.link, {
      ...completeAnswers,
      familles: ['insertion', 'reemploi'],
      budget_annuel: BUDGETS[index],
      ree_smartphones: 3,
      ree_portables: 2,
    })
  }
  await submitThroughLink(alone.invitation.link, { ...completeAnswers, familles: ['communs'], budget_annuel: 90000 })
  await admin.json('POST', `/api/waves/${wave.id}/releases`, {}, 201)
  await admin.json('POST', '/api/users', { email: researcher.email, role: 'researcher', password: researcher.password }, 201)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface Opened {
  page: Page
  /** Goes to a page of the test wave (`path` after `/research/<waveId>`, with its query) and waits for its figures. */
  show(path: string, query?: string): Promise<void>
  close(): Promise<void>
}

/** The pages where the figures now are: a theme across families, a family one theme at a time, and the full table. */
const BUDGET_PAGE = '/theme/economie_emploi'
const CO2_PAGE = '/famille/reemploi'
const CO2_THEME = 'theme=environnement'
const FULL_TABLE = '/tableau'

/** The research portal of the test wave, signed in, in a browser of `locale`; `show` then opens each page. */
async function openResults(locale: string, account: { email: string; password: string }): Promise<Opened> {
  const context = await browser.newContext({ locale, timezoneId: 'Europe/Paris' })
  const page = await context.newPage()
  const foreign = recordForeignRequests(page, server.baseUrl)
  const csp = recordCspViolations(page)
  await page.goto(`${server.baseUrl}/research/${encodeURIComponent(wave.id)}`)
  await signIn(page, account.email, account.password)
  await page.getByRole('heading', { name: /^Vue d’ensemble de la vague/, level: 2 }).waitFor()
  return {
    page,
    async show(path, query = '') {
      await page.goto(`${server.baseUrl}/research/${encodeURIComponent(wave.id)}${path}${query ? `?${query}` : ''}`)
      await page
        .locator(path === FULL_TABLE ? 'table.indicator-table td' : 'article.figure-chart td.figure-chart__figures')
        .first()
        .waitFor()
    },
    async close() {
      await context.close()
      expect(foreign, 'requests to another host than the server').toEqual([])
      expect(csp, 'Content-Security-Policy refusals').toEqual([])
    },
  }
}

/** A family's line in an indicator's chart: the figures cell (value, interval, quartiles, n — or the mark). */
function chartRow(page: Page, indicator: string, family: string) {
  return page
    .getByRole('article', { name: indicator, exact: true })
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: family, exact: true }) })
    .locator('td.figure-chart__figures')
}

/** The figure of a family's line, and what is written after it (interval, quartiles, n), one part each. */
async function chartFigures(page: Page, indicator: string, family: string): Promise<{ value: string | null; details: string[] }> {
  const figures = chartRow(page, indicator, family)
  const value = await figures.locator('.figure-chart__value').textContent()
  const detail = (await figures.locator('.figure-chart__detail').textContent()) ?? ''
  return { value, details: detail.split(' · ').map((part) => part.trim()) }
}

/** Every figure of every results table on the page. */
async function tableCells(page: Page): Promise<string[]> {
  return page.locator('table td').allTextContents()
}

const BUDGET_FR = 'Budget annuel (médiane et quartiles)'
const CO2_FR = "Émissions évitées par le reconditionnement de smartphones et d'ordinateurs portables"

describe('numbers on the research portal', () => {
  for (const locale of ['fr-FR', 'en-US']) {
    it(`are written in French in a browser set to ${locale}, hidden cells with the one mark and its footnote`, async () => {
      const { page, show, close } = await openResults(locale, researcher)
      const cells: string[] = []

      // The theme page: the budget of each family, in a chart that writes its figures.
      await show(BUDGET_PAGE)
      // The median budget of the seven: whole euros, French grouping, the euro sign after a no-break space.
      const budget = await chartFigures(page, BUDGET_FR, 'Insertion & formation numérique')
      expect(budget.value).toBe(`254${N}823${S}€`)
      expect(budget.details.at(-1)).toBe('n = 7')
      for (const figure of budget.details.slice(0, -1)) {
        expect(figure).toMatch(new RegExp(`^(IC 95\\s%\\s?:|Quartiles\\s?:)\\s\\d{3}${N}\\d{3}${S}€ – \\d{3}${N}\\d{3}${S}€$`))
      }

      // The chart writes the same figures, the value with its n, and the mark for hidden lines.
      const chart = page.getByRole('article', { name: BUDGET_FR, exact: true })
      const drawn = (await chart.textContent()) ?? ''
      expect(drawn).toContain(`254${N}823${S}€`)
      expect(drawn).toContain(MARK_FR)
      expect(drawn).not.toMatch(/\d\.\d|NaN|null|undefined/)

      // One organisation alone: one mark for a researcher, no reason, no n, never 0 (nor a bar).
      const alone = chartRow(page, BUDGET_FR, 'Communs numériques & open data')
      expect(await alone.textContent()).toBe(MARK_FR)
      expect(await alone.locator('xpath=..').locator('.figure-chart__bar').count()).toBe(0)
      const table = chart.getByRole('table')
      const noteId = await table.getAttribute('aria-describedby')
      expect(noteId, 'the table is described by its footnote').toBeTruthy()
      const note = (await page.locator(`[id="${noteId}"]`).textContent()) ?? ''
      expect(note).toContain(MARK_FR)
      expect(note).toMatch(/trop peu d’organisations[\s\S]*une seule en représente l’essentiel[\s\S]*recalculer un autre chiffre masqué/)
      cells.push(...(await tableCells(page)))
      expect(await axeViolations(page)).toEqual([])

      // The family page, on its environment theme: a derived total, rounded for display, its unit
      // after a no-break space, never 894.5999999999999.
      await show(CO2_PAGE, CO2_THEME)
      const co2 = await chartFigures(page, CO2_FR, 'Économie circulaire : réemploi & reconditionnement')
      expect(co2.value).toBe(`895${S}kg CO2e`)
      cells.push(...(await tableCells(page)))
      expect(await axeViolations(page)).toEqual([])

      // The full table: every indicator, every family.
      await show(FULL_TABLE)
      const full = await tableCells(page)
      expect(full.length).toBeGreaterThan(100)
      cells.push(...full)
      expect(await axeViolations(page)).toEqual([])

      // No figure anywhere in the tables is machine-formatted, ungrouped, noisy or missing in words.
      for (const text of cells) {
        expect(text).not.toMatch(/\d\.\d|\d{4}|NaN|null|undefined|Infinity|moins de \d+ organisations/)
      }
      expect(full.filter((text) => text.startsWith(MARK_FR)).length).toBeGreaterThan(0)
      expect(cells.filter((text) => /secret statistique/.test(text) && !text.startsWith(MARK_FR))).toEqual([])
      await close()
    })
  }

  it('are written in English when the interface is English', async () => {
    const { page, show, close } = await openResults('en-US', researcher)
    const cells: string[] = []
    await show(BUDGET_PAGE, 'lang=en')
    const budget = await chartFigures(page, 'Annual budget (median and quartiles)', 'Work integration & digital training')
    expect(budget.value).toBe('€254,823')
    expect(budget.details.at(-1)).toBe('n = 7')
    expect(await chartRow(page, 'Annual budget (median and quartiles)', 'Digital commons & open data').textContent()).toBe(MARK_EN)
    cells.push(...(await tableCells(page)))
    await show(CO2_PAGE, `${CO2_THEME}&lang=en`)
    const co2 = await chartFigures(page, 'Emissions avoided by refurbishing smartphones and laptops', 'Circular economy: reuse & refurbishing')
    expect(co2.value).toBe(`895${S}kg CO2e`)
    cells.push(...(await tableCells(page)))
    await show(FULL_TABLE, 'lang=en')
    cells.push(...(await tableCells(page)))
    for (const text of cells) {
      // A comma only groups thousands in English, never marks decimals.
      expect(text).not.toMatch(/\d,(?!\d{3}(\D|$))|NaN|null|undefined/)
    }
    await close()
  })

  it('shows staff the reason of a hidden cell and its n, in words, in the live results', async () => {
    const { page, show, close } = await openResults('en-US', { email: server.adminEmail, password: server.adminPassword })
    await show(BUDGET_PAGE, 'release=live')
    const alone = chartRow(page, BUDGET_FR, 'Communs numériques & open data')
    expect(await alone.locator('.secret-mark').textContent()).toBe(MARK_FR)
    expect(await alone.locator('.cell__detail').allTextContents()).toEqual(['moins de 5 organisations', 'n = 1'])
    await close()
  })
})

/**
 * The records of a CSV file by column name (RFC 4180: quoted fields, doubled quotes, CRLF), read
 * here rather than with Sonde's own code: labels hold commas and the factor sources semicolons.
 */
function readCsv(text: string, delimiter: string): Record<string, string>[] {
  const rows: string[][] = [[]]
  let field = ''
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  const endField = () => {
    rows.at(-1)!.push(field)
    field = ''
  }
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!
    if (quoted && c === '"' && body[i + 1] === '"') {
      field += '"'
      i++
    } else if (c === '"') {
      quoted = !quoted
    } else if (quoted) {
      field += c
    } else if (c === delimiter) {
      endField()
    } else if (c === '\r' && body[i + 1] === '\n') {
      endField()
      rows.push([])
      i++
    } else {
      field += c
    }
  }
  if (field !== '' || rows.at(-1)!.length > 0) rows.at(-1)!.push(field)
  else rows.pop()
  const [header, ...records] = rows
  for (const record of records) expect(record.length, `a record of ${record.length} fields: ${record.join(delimiter)}`).toBe(header!.length)
  return records.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!])))
}

/** The figures of an indicators file; the other columns are words (labels hold "1 607 heures"). */
const NUMBER_COLUMNS = ['n', 'value', 'ci_low', 'ci_high', 'q1', 'q3']

/** Every figure of the file is a machine number: digits, the dialect's decimal mark, at most 15 significant digits. */
function expectMachineNumbers(records: Record<string, string>[], decimal: '.' | ','): void {
  const pattern = decimal === '.' ? /^-?\d+(\.\d+)?$/ : /^-?\d+(,\d+)?$/
  let figures = 0
  for (const record of records) {
    for (const column of NUMBER_COLUMNS) {
      const figure = record[column]!
      if (figure === '') continue
      figures += 1
      const where = `${record.indicator} ${record.family} ${column}`
      expect(figure, where).toMatch(pattern)
      expect(figure.replace(/^-/, '').replace(decimal, '').replace(/^0+/, '').length, `${where}: ${figure}`).toBeLessThanOrEqual(15)
    }
  }
  expect(figures).toBeGreaterThan(20)
}

describe('numbers in the files', () => {
  it('carry no float noise nor thousands separator, and a decimal comma only for excel-fr', async () => {
    const { page, close } = await openResults('fr-FR', researcher)
    const url = `${server.baseUrl}/api/waves/${encodeURIComponent(wave.id)}/exports/indicators.csv`
    const value = (records: Record<string, string>[], indicator: string, family: string) =>
      records.find((record) => record.indicator === indicator && record.family === family)?.value
    const csv = await (await page.request.get(url)).text()
    const records = readCsv(csv, ',')
    expect(value(records, 'ree_co2e_evite', 'reemploi')).toBe('894.6')
    expect(value(records, 'budget_annuel_median', 'insertion')).toBe('254822.5')
    expectMachineNumbers(records, '.')
    expect(csv).not.toMatch(/\d(0{6,}|9{6,})\d/)
    const excel = await (await page.request.get(`${url}?dialect=excel-fr`)).text()
    const excelRecords = readCsv(excel, ';')
    expect(value(excelRecords, 'ree_co2e_evite', 'reemploi')).toBe('894,6')
    expect(value(excelRecords, 'budget_annuel_median', 'insertion')).toBe('254822,5')
    expectMachineNumbers(excelRecords, ',')
    // Nothing in the file was grouped the way the browser groups French numbers.
    expect(excel).not.toMatch(/\d[\u00A0\u202F]\d{3}\b/)
    await close()
  })
})

describe('numbers in the staff console', () => {
  for (const locale of ['fr-FR', 'en-US']) {
    it(`are written in French in a browser set to ${locale}`, async () => {
      const context = await browser.newContext({ locale, timezoneId: 'Europe/Paris' })
      const page = await context.newPage()
      await page.goto(`${server.baseUrl}/admin/waves/${encodeURIComponent(wave.id)}/tracking`)
      await signIn(page, server.adminEmail, server.adminPassword)
      const rates = page.getByRole('table', { name: /^Organisations invitées, ayant ouvert leur lien/ })
      await rates.waitFor()
      const insertion = rates.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Insertion & formation numérique' }) })
      const cells = await insertion.getByRole('cell').allTextContents()
      expect(cells.slice(0, 4)).toEqual(['7', '7', '7', '7'])
      for (const rate of cells.slice(4)) expect(rate).toMatch(new RegExp(`^100${PERCENT_SPACE}%$`))
      await context.close()
    })
  }
})
