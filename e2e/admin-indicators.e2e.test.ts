import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ApiSession, createWave, Pages, signIn, unique } from './admin-support'
import { axeViolations, launchBrowser, startServer, type SondeServer } from './harness'

/** What `GET /api/waves/{id}/indicator-definitions` answers, as far as this test reads it. */
interface IndicatorDefinitions {
  indicators: ({ id: string } & Record<string, unknown>)[]
}

let server: SondeServer
let browser: Browser
let pages: Pages

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  pages = new Pages(browser, server.baseUrl)
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})
afterEach(async () => {
  await pages.finish()
})

/** The text a screen reader reads after a field's name: what its aria-describedby points to. */
async function description(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  )
}

async function fillLabels(page: Page, fr: string, en: string) {
  await page.getByLabel('Libellé en français', { exact: true }).pressSequentially(fr)
  await page.getByLabel('Libellé en anglais', { exact: true }).pressSequentially(en)
}

describe('the indicator editor', () => {
  it('lets staff add a median and a share, save, reload and find them; a factor without source is refused at its field', async () => {
    const admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
    const email = `${unique('equipe')}@example.org`
    await admin.json('POST', '/api/users', { email, role: 'staff', password: 'phrase de passe de l’équipe' }, 201)
    const staff = await ApiSession.signIn(server.baseUrl, email, 'phrase de passe de l’équipe')
    const wave = await createWave(staff, 'Vague des indicateurs')
    const before = await staff.json<IndicatorDefinitions>('GET', `/api/waves/${wave.id}/indicator-definitions`)
    expect(before.indicators.length).toBeGreaterThan(10)

    const page = await pages.open()
    await page.goto(`${server.baseUrl}/admin/waves/${wave.id}/indicators`)
    await signIn(page, email, 'phrase de passe de l’équipe')
    await page.getByRole('heading', { name: 'Indicateurs', level: 2 }).waitFor()
    await page.getByRole('table', { name: 'Indicateurs de la vague, dans l’ordre des résultats' }).waitFor()

    // A median of a numeric question: the id follows the French label.
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    await page.getByRole('heading', { name: 'Nouvel indicateur' }).waitFor()
    await fillLabels(page, 'Budget médian par structure', 'Median budget per organisation')
    expect(await page.getByLabel('Identifiant', { exact: true }).inputValue()).toBe('budget_median_par_structure')
    await page.getByLabel('Calcul', { exact: true }).selectOption({ label: 'Médiane' })
    // Only numeric questions are offered for a median.
    const offered = await page
      .getByLabel('Question', { exact: true })
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
    expect(offered).toContain('budget_annuel')
    expect(offered).not.toContain('agrement_esus')
    await page.getByLabel('Question', { exact: true }).selectOption('budget_annuel')
    await page.getByLabel('Unité', { exact: true }).pressSequentially('EUR')
    await page.getByRole('button', { name: 'Appliquer à la liste' }).click()
    await page.getByRole('status').getByText('« Budget médian par structure » ajouté à la liste (à enregistrer).').waitFor()

    // A share: the organisations whose answer is one of the choices, typed with the keyboard only.
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).focus()
    await page.keyboard.press('Enter')
    await fillLabels(page, 'Part des structures agréées ESUS', 'Share of ESUS-approved organisations')
    await page.getByLabel('Calcul', { exact: true }).selectOption({ label: 'Part' })
    expect(await page.getByLabel('Unité', { exact: true }).inputValue()).toBe('proportion')
    await page.getByLabel('Question', { exact: true }).selectOption('agrement_esus')
    await page.getByLabel('La réponse', { exact: true }).selectOption({ label: 'est égale à' })
    await page.getByLabel('Valeur', { exact: true }).selectOption('oui')
    await page.getByRole('button', { name: 'Appliquer à la liste' }).focus()
    await page.keyboard.press('Enter')

    // Moved up one line with the keyboard.
    await page.getByRole('button', { name: 'Monter « Part des structures agréées ESUS »' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('status').getByText('Part des structures agréées ESUS » est en position').waitFor()
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Enregistrer les indicateurs' }).click()
    await page
      .getByRole('status')
      .getByText(`Indicateurs enregistrés (${before.indicators.length + 2}).`)
      .waitFor()

    await page.reload()
    const table = page.getByRole('table', { name: 'Indicateurs de la vague, dans l’ordre des résultats' })
    await table.getByRole('rowheader', { name: /Budget médian par structure/ }).waitFor()
    const share = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Part des structures agréées ESUS/ }) })
    expect((await share.getByRole('cell').allInnerTexts()).map((c) => c.trim())).toEqual(
      expect.arrayContaining(['Part', 'part (%)', `${before.indicators.length + 1}`]),
    )
    const saved = await staff.json<IndicatorDefinitions>('GET', `/api/waves/${wave.id}/indicator-definitions`)
    expect(saved.indicators.slice(-2)).toEqual([
      expect.objectContaining({ id: 'part_des_structures_agreees_esus', aggregation: 'share', question: 'agrement_esus', when: { equals: 'oui' } }),
      expect.objectContaining({ id: 'budget_median_par_structure', aggregation: 'median', question: 'budget_annuel', unit: 'EUR', families: null }),
    ])

    // A converted total whose factor has no source: refused by the server, shown at the field.
    await page.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    await fillLabels(page, 'CO2e évité', 'CO2e avoided')
    await page.getByLabel('Calcul', { exact: true }).selectOption({ label: 'Total converti' })
    await page.getByLabel('Question du terme 1', { exact: true }).selectOption('budget_annuel')
    await page.getByLabel('Facteur du terme 1', { exact: true }).pressSequentially('0,35')
    await page.getByLabel('Unité du facteur du terme 1', { exact: true }).pressSequentially('kg CO2e / €')
    await page.getByLabel('Version de la source du terme 1', { exact: true }).pressSequentially('2022')
    await page.getByLabel('Unité', { exact: true }).pressSequentially('kg CO2e')
    await page.getByRole('button', { name: 'Appliquer à la liste' }).click()
    await page.getByRole('button', { name: 'Enregistrer les indicateurs' }).click()

    await page.getByRole('alert').getByText('Rien n’a été enregistré. Problèmes à corriger : 1').waitFor()
    const source = page.getByLabel('Source du facteur du terme 1', { exact: true })
    await source.waitFor()
    expect(await source.getAttribute('aria-invalid')).toBe('true')
    expect(await description(source)).toContain('Le facteur de « budget_annuel » doit avoir une valeur, une unité, une source et une version.')
    // The first field at fault has the focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true')
    expect((await staff.json<IndicatorDefinitions>('GET', `/api/waves/${wave.id}/indicator-definitions`)).indicators).toEqual(saved.indicators)

    // Given its source, it is saved, with the factor typed in French read exactly.
    await source.pressSequentially('ADEME, Base Empreinte')
    await page.getByRole('button', { name: 'Appliquer à la liste' }).click()
    await page.getByRole('button', { name: 'Enregistrer les indicateurs' }).click()
    await page
      .getByRole('status')
      .getByText(`Indicateurs enregistrés (${before.indicators.length + 3}).`)
      .waitFor()
    const last = (await staff.json<IndicatorDefinitions>('GET', `/api/waves/${wave.id}/indicator-definitions`)).indicators.at(-1)
    expect(last).toMatchObject({
      id: 'co2e_evite',
      aggregation: 'derived_sum',
      terms: [{ question: 'budget_annuel', factor: { value: 0.35, unit: 'kg CO2e / €', source: 'ADEME, Base Empreinte', version: '2022' } }],
    })
    expect(await axeViolations(page)).toEqual([])
  })
})
