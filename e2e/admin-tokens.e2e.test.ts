import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ApiSession, Pages, signIn, unique } from './admin-support'
import { axeViolations, launchBrowser, startServer, type SondeServer } from './harness'

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

const withToken = (token: string) => fetch(`${server.baseUrl}/api/waves`, { headers: { Authorization: `Bearer ${token}` } })

describe('API tokens in the console', () => {
  it('lets an admin see when a researcher’s tokens end and were last used, and revoke one with the keyboard', async () => {
    const admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
    const email = `${unique('chercheuse')}@example.org`
    await admin.json('POST', '/api/users', { email, role: 'researcher', password: 'phrase de passe de recherche' }, 201)
    const researcher = await ApiSession.signIn(server.baseUrl, email, 'phrase de passe de recherche')
    const used = await researcher.json<{ token: string }>('POST', '/api/tokens', { name: 'Script R du labo', expiresInDays: 30 }, 201)
    const leaked = await researcher.json<{ token: string }>('POST', '/api/tokens', { name: 'Carnet Python partagé' }, 201)
    expect((await withToken(used.token)).status).toBe(200)

    const page = await pages.open()
    await page.goto(`${server.baseUrl}/admin/users`)
    await signIn(page, server.adminEmail, server.adminPassword)
    await page.getByRole('heading', { name: 'Utilisateurs', level: 1 }).waitFor()
    await page.getByRole('button', { name: `Jetons d’API de ${email}` }).click()

    const dialog = page.getByRole('dialog', { name: `Jetons d’API de ${email}` })
    const table = dialog.getByRole('table', { name: 'Jetons d’API, du plus récent au plus ancien' })
    const row = (name: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })
    await row('Script R du labo').waitFor()
    const cells = async (name: string) => (await row(name).getByRole('cell').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim())
    const [, expiresR, lastUsedR, statusR] = await cells('Script R du labo')
    const [, , lastUsedPython, statusPython] = await cells('Carnet Python partagé')
    expect(lastUsedR).toMatch(/\d{4}/)
    expect(lastUsedPython).toBe('jamais')
    expect([statusR, statusPython]).toEqual(['actif', 'actif'])
    const in30Days = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('fr-FR', { dateStyle: 'medium', timeZone: 'Europe/Paris' })
    expect(expiresR).toBe(in30Days)
    expect(await axeViolations(page)).toEqual([])

    // Keyboard only: to the revoke button of the shared notebook, confirm, and the line says so.
    await row('Carnet Python partagé').getByRole('button', { name: 'Révoquer le jeton « Carnet Python partagé »' }).focus()
    await page.keyboard.press('Enter')
    const confirm = page.getByRole('dialog', { name: 'Révoquer le jeton « Carnet Python partagé » ?' })
    await confirm.getByRole('button', { name: 'Révoquer' }).focus()
    await page.keyboard.press('Enter')
    await dialog.getByRole('status').getByText('Jeton « Carnet Python partagé » révoqué.').waitFor()
    await row('Carnet Python partagé').getByText('par un administrateur').waitFor()
    expect((await cells('Carnet Python partagé'))[3]).toBe('révoqué par un administrateur')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status')

    expect((await withToken(leaked.token)).status).toBe(401)
    expect((await withToken(used.token)).status).toBe(200)
    expect(await axeViolations(page)).toEqual([])
  })
})
