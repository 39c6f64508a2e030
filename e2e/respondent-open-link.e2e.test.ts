import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// The API's own test SMTP server (smtp-server, in process): the link arrives by e-mail only.
import { mailText, startSmtpServer } from '../apps/api/test/smtp'
import { respondentSuite, screenshot, seriousViolations } from './respondent-support'

// The open link of a wave: an organisation that is not on the member list declares itself, and
// its link goes by e-mail — never to the page, which says the same whatever the server knew.
let openLink: string
let smtp: Awaited<ReturnType<typeof startSmtpServer>>

// Before the suite's hooks: the server it starts sends its e-mails here (the harness passes the
// environment on).
beforeAll(async () => {
  smtp = await startSmtpServer()
  process.env.SONDE_SMTP_URL = smtp.url
})
const suite = respondentSuite()
const { sessions } = suite

beforeAll(async () => {
  delete process.env.SONDE_SMTP_URL
  openLink = `${suite.server.baseUrl}/w/${(await suite.api.demoWave()).slug}`
})
afterAll(async () => {
  await smtp?.close()
})

const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address))

/** A SIREN with a valid check digit (Luhn), as the server requires. */
function siren(first8: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    const candidate = `${first8}${digit}`
    const sum = [...candidate].reverse().reduce((total, char, index) => {
      const value = Number(char) * (index % 2 === 1 ? 2 : 1)
      return total + (value > 9 ? value - 9 : value)
    }, 0)
    if (sum % 10 === 0) return candidate
  }
  throw new Error('no check digit')
}

const submit = (page: Page) => page.getByRole('button', { name: 'Recevoir le lien du questionnaire' })

async function fillForm(page: Page, organisation: { name: string; email: string; siren?: string }): Promise<void> {
  await page.getByLabel('Nom de l’organisation').fill(organisation.name)
  await page.getByLabel('Adresse e-mail de contact').fill(organisation.email)
  if (organisation.siren) await page.getByLabel('Numéro SIREN (facultatif)').fill(organisation.siren)
  await page
    .getByRole('group', { name: 'À quelles familles du réseau votre organisation appartient-elle ?' })
    .getByLabel('Communs numériques & open data')
    .check()
  await page.getByLabel('J’ai lu la notice ci-dessus').check()
}

describe('registering through the open link of a wave', () => {
  it('says so in French when the wave does not take registrations', async () => {
    const page = await sessions.newPage()
    await page.goto(openLink)
    await page.getByRole('heading', { name: 'Inscription introuvable', level: 1 }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('sends the link of a new organisation by e-mail only, and shows the same page for a known or a contested one', async () => {
    await suite.api.json('PATCH', `/api/waves/${(await suite.api.demoWave()).id}`, { settings: { openLink: true } })
    const number = siren('73282932')

    // On a phone: the form fits a 320 px wide screen.
    const context = await sessions.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, hasTouch: true })
    const page = await sessions.newPage(context)
    await page.goto(openLink)
    await page.getByRole('heading', { name: 'Enquête ESS numérique 2025 (démonstration)', level: 1 }).waitFor()
    expect(await seriousViolations(page)).toEqual([])

    // Sent empty: what is missing is listed at the top (and receives the focus) and beside each field.
    await submit(page).click()
    const problems = page.getByRole('alert')
    await problems.waitFor()
    expect(await problems.getByRole('link').allTextContents()).toEqual([
      'Nom de l’organisation\u00A0: indiquez le nom de l’organisation.',
      'Adresse e-mail de contact\u00A0: indiquez une adresse e-mail.',
      'Notice d’information\u00A0: cochez la case pour accepter la notice d’information.',
    ])
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert')
    expect(await page.getByLabel('Nom de l’organisation').getAttribute('aria-invalid')).toBe('true')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'open-link-errors-320', true)

    // The notice says what retention does.
    expect(await page.locator('.join-notice').innerText()).toContain('le nom, l’adresse e-mail et le SIREN de l’organisation')

    await fillForm(page, { name: 'Tiers-Lieu des Communs', email: 'contact@tiers-lieu.example', siren: '12345' })
    await submit(page).click()
    await page.getByText('Numéro SIREN (facultatif) : un numéro SIREN compte 9 chiffres.').waitFor()
    await page.getByLabel('Numéro SIREN (facultatif)').fill(number.replace(/(\d{3})(?=\d)/g, '$1 '))
    await submit(page).click()

    const received = page.getByRole('heading', { name: 'Demande bien reçue', level: 1 })
    await received.waitFor({ timeout: 20_000 })
    const notice = await page.locator('.joined').innerText()
    expect(notice).toContain(
      'Si l’adresse contact@tiers-lieu.example est la bonne, le lien personnel de votre organisation vers le questionnaire est en route.',
    )
    expect(await page.content()).not.toContain('/r/')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Demande bien reçue')
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'open-link-sent-320', true)

    // The link is in the mailbox, and opens the organisation's questionnaire.
    await expect.poll(() => mailsTo('contact@tiers-lieu.example').length, { timeout: 20_000 }).toBe(1)
    const link = mailText(mailsTo('contact@tiers-lieu.example')[0]!).match(/http\S+\/r\/[\w-]+/)?.[0]
    expect(link?.startsWith(`${suite.server.baseUrl}/r/`)).toBe(true)
    const questionnaire = await sessions.openQuestionnaire(link!)
    expect(await questionnaire.locator('main').innerText()).toContain('Pour Tiers-Lieu des Communs')
    await screenshot(questionnaire, 'open-link-questionnaire')

    // The same e-mail again, then the SIREN with another address, from other browsers: the same
    // page; the first gets the link again at the address on file, the second nothing — staff decide.
    for (const again of [
      { name: 'Tiers Lieu des Communs', email: 'CONTACT@tiers-lieu.example' },
      { name: 'Tiers-Lieu (autre contact)', email: 'autre@tiers-lieu.example', siren: number },
    ]) {
      const other = await sessions.newPage()
      await other.goto(openLink)
      await fillForm(other, again)
      await submit(other).click()
      await other.getByRole('heading', { name: 'Demande bien reçue', level: 1 }).waitFor({ timeout: 20_000 })
      expect(await other.locator('.joined').innerText()).toBe(notice.replace('contact@tiers-lieu.example', again.email))
      expect(await other.content()).not.toContain('/r/')
      expect(await seriousViolations(other)).toEqual([])
    }
    await expect.poll(() => mailsTo('contact@tiers-lieu.example').length, { timeout: 20_000 }).toBe(2)
    const wave = await suite.api.demoWave()
    const { claims } = await suite.api.json<{ claims: { email: string; siren: string }[] }>('GET', `/api/waves/${wave.id}/open-link/claims`)
    expect(claims).toEqual([expect.objectContaining({ email: 'autre@tiers-lieu.example', siren: number })])
    expect(mailsTo('autre@tiers-lieu.example')).toEqual([])

    const { organisations } = await suite.api.json<{ organisations: { name: string }[] }>('GET', `/api/waves/${wave.id}/organisations`)
    expect(organisations.filter((organisation) => organisation.name.startsWith('Tiers'))).toHaveLength(1)
  })

  it('asks to wait after too many registrations from one connection', async () => {
    const page = await sessions.newPage()
    await page.goto(openLink)
    // The server takes 5 registrations a minute from one address; the earlier test used 3.
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await fillForm(page, { name: `Association pressée ${attempt}`, email: `pressee-${attempt}@example.org` })
      await submit(page).click()
      const outcome = page.getByRole('heading', { level: 1, name: 'Demande bien reçue' }).or(page.getByRole('alert'))
      await outcome.first().waitFor({ timeout: 20_000 })
      if (await page.getByRole('alert').count()) break
      await page.goto(openLink)
    }
    const alert = page.getByRole('alert')
    expect(await alert.innerText()).toContain('Trop de demandes depuis cette connexion. Patientez quelques minutes avant de réessayer.')
    expect(await seriousViolations(page)).toEqual([])
  })
})
