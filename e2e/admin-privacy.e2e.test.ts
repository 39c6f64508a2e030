import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
// The API's own test SMTP server (smtp-server, in process): a real peer for the e-mails.
import { mailText, startSmtpServer } from '../apps/api/test/smtp'
import { ApiSession, createWave, Pages, signIn, submitThroughLink, unique, type OrganisationRef } from './admin-support'
import { axeViolations, launchBrowser, startServer, type SondeServer } from './harness'
import { screenshot } from './respondent-support'

// Privacy in the staff console: the open link's review list, erasing an organisation on request
// with its data downloaded first, and what retention will remove, shown in the wave's settings.
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

async function openAsAdmin(path: string): Promise<Page> {
  const page = await pages.open()
  await page.goto(`${server.baseUrl}${path}`)
  await signIn(page, server.adminEmail, server.adminPassword)
  return page
}

let sirenSeed = 44_000_000
/** A SIREN with a valid check digit (Luhn), different at each call. */
function nextSiren(): string {
  sirenSeed += 1
  for (let digit = 0; digit <= 9; digit += 1) {
    const candidate = `${sirenSeed}${digit}`
    const sum = [...candidate].reverse().reduce((total, char, index) => {
      const value = Number(char) * (index % 2 === 1 ? 2 : 1)
      return total + (value > 9 ? value - 9 : value)
    }, 0)
    if (sum % 10 === 0) return candidate
  }
  throw new Error('no check digit')
}

const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address))

describe('the open link’s review list', () => {
  it('shows a SIREN given with another address to staff, who send the link to the new address after checking', async () => {
    const wave = await createWave(admin, 'Campagne ouverte')
    await admin.json('PATCH', `/api/waves/${wave.id}`, { settings: { openLink: true } })
    await admin.json('POST', `/api/waves/${wave.id}/open`)
    const tag = unique('verif')
    const number = nextSiren()
    const onFile = `ancien-${tag}@example.org`
    const claimant = `nouveau-${tag}@example.org`
    const member = await admin.json<OrganisationRef>(
      'POST',
      `/api/waves/${wave.id}/organisations`,
      { name: `Fablab ${tag}`, email: onFile, siren: number },
      201,
    )
    const joined = await fetch(`${server.baseUrl}/api/w/${wave.slug}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organisation: { name: `Fablab ${tag} (nouvelle équipe)`, email: claimant, siren: number }, consent: true }),
    })
    expect(joined.status).toBe(202)

    const page = await openAsAdmin(`/admin/waves/${wave.id}/members`)
    const review = page.getByRole('region', { name: 'Demandes d’inscription à vérifier (1)' })
    await review.waitFor()
    const row = review.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(number) }) })
    expect(await row.innerText()).toContain(claimant)
    expect(await row.innerText()).toContain(onFile)
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'admin-claims', true)

    await row.getByRole('button', { name: `Envoyer à la nouvelle adresse le lien du SIREN ${number}` }).click()
    const dialog = page.getByRole('dialog', { name: `Envoyer le lien du SIREN ${number} à la nouvelle adresse ?` })
    expect(await dialog.innerText()).toContain(`${claimant} remplace ${onFile} dans le registre`)
    await dialog.getByRole('button', { name: 'Envoyer à la nouvelle adresse' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: `Demande acceptée : le lien part à ${claimant}.` })
      .waitFor()
    await page.getByRole('region', { name: 'Demandes d’inscription à vérifier : aucune en attente' }).waitFor()
    expect(await page.getByRole('table', { name: /^Demandes d’inscription à vérifier/ }).count()).toBe(0)
    // The member list shows the new address; the link it got works, the old one no longer does.
    await page
      .getByRole('table', { name: /^Organisations invitées/ })
      .getByText(claimant)
      .waitFor()
    await expect.poll(() => mailsTo(claimant).length, { timeout: 20_000 }).toBe(1)
    const link = mailText(mailsTo(claimant)[0]!).match(/http\S+\/r\/[\w-]+/)![0]
    expect((await fetch(`${server.baseUrl}/api/r/${link.split('/r/')[1]}`)).status).toBe(200)
    expect((await fetch(`${server.baseUrl}/api/r/${member.invitation.link.split('/r/')[1]}`)).status).toBe(404)
    expect(mailsTo(onFile)).toEqual([])
  })
})

describe('erasing an organisation on request', () => {
  it('downloads everything held about it, then erases it after a confirmation', async () => {
    const wave = await createWave(admin, 'Campagne à effacer')
    await admin.json('POST', `/api/waves/${wave.id}/open`)
    const tag = unique('rgpd')
    const leaving = await admin.json<OrganisationRef>(
      'POST',
      `/api/waves/${wave.id}/organisations`,
      { name: `Partante ${tag}`, email: `partante-${tag}@example.org` },
      201,
    )
    await admin.json<OrganisationRef>('POST', `/api/waves/${wave.id}/organisations`, { name: `Restante ${tag}`, email: `restante-${tag}@example.org` }, 201)
    await submitThroughLink(leaving.invitation.link)

    const page = await openAsAdmin(`/admin/waves/${wave.id}/members`)
    const table = page.getByRole('table', { name: /^Organisations invitées/ })
    await table.waitFor()
    expect(await axeViolations(page)).toEqual([])
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByRole('link', { name: `Données (RGPD) de Partante ${tag} : tout ce que Sonde détient sur elle, en JSON` }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^sonde-[a-z0-9-]+-donnees-organisation\.json$/)
    const data = JSON.parse(await readFile((await download.path())!, 'utf8')) as { organisation: { name: string }; waves: { response: { status: string } }[] }
    expect(data.organisation.name).toBe(`Partante ${tag}`)
    expect(data.waves[0]!.response.status).toBe('submitted')

    await table.getByRole('button', { name: `Effacer les données de Partante ${tag}` }).click()
    const dialog = page.getByRole('dialog', { name: `Effacer toutes les données de Partante ${tag} dans cette vague ?` })
    expect(await dialog.innerText()).toContain('C’est définitif.')
    expect(await axeViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: 'Effacer définitivement' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByRole('status').filter({ hasText: 'Organisations affichées : 1 sur 1' }).waitFor()
    expect(await table.getByText(`Partante ${tag}`).count()).toBe(0)
    expect((await fetch(`${server.baseUrl}/api/r/${leaving.invitation.link.split('/r/')[1]}`)).status).toBe(404)
    const { events } = await admin.json<{ events: { action: string; details: Record<string, unknown> }[] }>(
      'GET',
      `/api/audit?waveId=${wave.id}&action=organisation.erased`,
    )
    expect(events).toEqual([expect.objectContaining({ details: expect.objectContaining({ responses: 1, registry: 'deleted' }) })])
  })
})

describe('the retention of a wave, in its settings', () => {
  it('says nothing goes without a date, then counts what will go and when', async () => {
    const wave = await createWave(admin, 'Campagne conservée')
    await admin.json('POST', `/api/waves/${wave.id}/open`)
    const tag = unique('conservation')
    const member = await admin.json<OrganisationRef>(
      'POST',
      `/api/waves/${wave.id}/organisations`,
      { name: `Atelier ${tag}`, email: `atelier-${tag}@example.org` },
      201,
    )
    await submitThroughLink(member.invitation.link, {
      nom_organisation: `Atelier ${tag}`,
      forme_juridique: 'association',
      agrement_esus: 'oui',
      region: 'bretagne',
      familles: ['insertion'],
      budget_annuel: 120000,
      salaries_nombre: 3,
      gouvernance_democratique: true,
      attentes: 'Un texte libre',
      consentement: true,
    })

    const page = await openAsAdmin(`/admin/waves/${wave.id}`)
    const retention = page.getByRole('region', { name: 'Conservation des données (RGPD)' })
    await retention.getByText('Aucune date de conservation n’est fixée : rien n’est supprimé.').waitFor()

    await page.getByLabel('Conservation des réponses jusqu’au').fill('2099-12-31')
    await page.getByRole('button', { name: 'Enregistrer les réglages' }).click()
    await retention
      .getByText(/^Données conservées jusqu’au 31 déc\. 2099 inclus\. Sonde les supprime ensuite, dans l’heure qui suit \(à partir du 1 janvier 2100 à 00:00\)/)
      .waitFor()
    const counts = retention.getByRole('table', { name: 'Ce qui sera supprimé, compté maintenant' })
    const value = async (row: string) =>
      (
        await counts
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name: row }) })
          .getByRole('cell')
          .innerText()
      ).trim()
    expect(await value('Organisations du registre : nom, e-mail, SIREN et région')).toBe('1')
    expect(await value('Réponses dont on retire les réponses identifiantes et en texte libre')).toBe('1')
    expect(await value('Liens d’invitation révoqués, impossibles à reconstituer')).toBe('1')
    expect(await retention.innerText()).toContain('« Vos attentes envers le réseau » (attentes)')
    expect(await retention.innerText()).toContain('Restent\u00A0: les publications (0) et les réponses envoyées (1)')
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'admin-retention', true)
  })
})
