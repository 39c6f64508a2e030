import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
// The API's own test SMTP server (smtp-server, in process): a real peer for the e-mails.
import { mailText, startSmtpServer } from '../apps/api/test/smtp'
import { addOrganisation, ApiSession, createWave, Pages, signIn, submitThroughLink, unique } from './admin-support'
import { axeViolations, launchBrowser, startServer, type SondeServer } from './harness'

// A server that sends its e-mails to a local SMTP server: the console's outbox follows them.
let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let server: SondeServer
let browser: Browser
let admin: ApiSession
let pages: Pages

beforeAll(async () => {
  smtp = await startSmtpServer()
  // The harness passes its environment on to the server it starts.
  process.env.SONDE_SMTP_URL = smtp.url
  try {
    server = await startServer()
  } finally {
    delete process.env.SONDE_SMTP_URL
  }
  browser = await launchBrowser()
  admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
  pages = new Pages(browser, server.baseUrl)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await smtp?.close()
})

afterEach(async () => {
  await pages.finish()
})

describe('invitations by e-mail', () => {
  it('sends the invitations, shows them delivered, shows a refused reminder, and the tracking follows the answers', async () => {
    const wave = await createWave(admin, 'Campagne par e-mail')
    const tag = unique('mail')
    const email = `fablab-${tag}@example.org`
    const organisation = await addOrganisation(admin, wave.id, { name: `Fablab ${tag}`, email, familyKeys: ['inclusion'] })
    await admin.json('POST', `/api/waves/${wave.id}/open`)

    const page = await pages.open()
    await page.goto(`${server.baseUrl}/admin/waves/${wave.id}/invitations`)
    await signIn(page, server.adminEmail, server.adminPassword)
    await page.getByRole('heading', { name: 'Invitations', level: 2 }).waitFor()
    await page.getByText('Aucun message pour l’instant.').waitFor()
    expect(await page.getByText('L’envoi d’e-mails n’est pas configuré sur ce serveur.').count()).toBe(0)

    await page.getByRole('button', { name: 'Envoyer les invitations' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Envoyer les invitations' }).click()
    await page.getByText('Invitations mises dans la file d’envoi : 1.').waitFor()

    // Delivered: the SMTP server has it, with the organisation's working link; the outbox says "envoyé".
    await expect.poll(() => smtp.received.filter((mail) => mail.to.includes(email)).length, { timeout: 20_000 }).toBe(1)
    const text = mailText(smtp.received.find((mail) => mail.to.includes(email))!)
    expect(text).toContain(`Fablab ${tag}`)
    expect(text).toContain(organisation.invitation.link)
    const outbox = page.getByRole('table', { name: /^Messages de la vague/ })
    const invitation = outbox.getByRole('row').filter({ hasText: 'invitation' })
    await invitation.getByText('envoyé', { exact: true }).waitFor({ timeout: 20_000 })
    expect(await axeViolations(page)).toEqual([])

    // The next message is refused once by the SMTP server: the outbox says so, and will retry.
    smtp.refuseNext(1)
    await page.getByRole('button', { name: 'Relancer' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Relancer' }).click()
    await page.getByText('Relances mises dans la file d’envoi : 1.').waitFor()
    const reminder = outbox.getByRole('row').filter({ hasText: 'relance' })
    await reminder.getByText(/^Dernière erreur\s: .*451/).waitFor({ timeout: 20_000 })
    expect(await reminder.innerText()).toMatch(/en attente/)

    // The organisation answers with the link it received: the tracking shows it.
    await submitThroughLink(organisation.invitation.link)
    await page.getByRole('navigation', { name: 'Sections de la vague' }).getByRole('link', { name: 'Suivi' }).click()
    const rates = page.getByRole('table', { name: /^Organisations invitées, ayant ouvert leur lien/ })
    const inclusion = rates.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Éducation populaire & inclusion numérique' }) })
    await inclusion.waitFor()
    expect((await inclusion.getByRole('cell').allInnerTexts()).map((cell) => cell.replace(/\s/g, ' '))).toEqual(['1', '1', '1', '1', '100 %', '100 %'])
    expect(await page.getByText('Toutes les organisations ont commencé leur questionnaire.').count()).toBe(1)
  })
})

describe('a forgotten password', () => {
  it('is replaced through the link sent by e-mail, and the old one stops working', async () => {
    const email = `${unique('oubli')}@example.org`
    await admin.json('POST', '/api/users', { email, role: 'staff', password: 'ancien mot de passe' }, 201)

    const page = await pages.open()
    await page.goto(`${server.baseUrl}/admin`)
    await page.getByRole('button', { name: 'Mot de passe oublié ?' }).click()
    await page.getByLabel('Adresse e-mail').fill(email)
    await page.getByRole('button', { name: 'Recevoir le lien' }).click()
    await page.getByText('Si un compte existe à cette adresse').waitFor()

    await expect.poll(() => smtp.received.filter((mail) => mail.to.includes(email)).length, { timeout: 20_000 }).toBe(1)
    const link = mailText(smtp.received.find((mail) => mail.to.includes(email))!).match(/http\S+\/admin\/reset\?token=[\w-]+/)?.[0]
    expect(link?.startsWith(`${server.baseUrl}/admin/reset?token=`)).toBe(true)

    await page.goto(link!)
    await page.getByLabel('Nouveau mot de passe (8 caractères au moins)').fill('nouveau mot de passe')
    await page.getByLabel('Le même, une seconde fois').fill('autre chose')
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click()
    await page.getByText('Les deux mots de passe sont différents.').waitFor()
    await page.getByLabel('Le même, une seconde fois').fill('nouveau mot de passe')
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click()
    await page.getByText('Votre mot de passe a été changé.').waitFor()
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('link', { name: 'Se connecter' }).click()
    await signIn(page, email, 'nouveau mot de passe')
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor()
    const old = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'ancien mot de passe' }),
    })
    expect(old.status).toBe(401)
  })
})
