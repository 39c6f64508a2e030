import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addOrganisation, createWave, submitThroughLink, unique, useStaffConsole } from './admin-support'
import { axeViolations } from './harness'

// Papercuts a newcomer met in the staff console (issue 14): the filled button of each tab, the
// message after a member import, the audit log read as sentences.

const staff = useStaffConsole()

/** The filled buttons (and links drawn as buttons) a person sees. */
function filledButtons(page: Page) {
  return page.locator('.button:not(.button--secondary):not(.button--link):visible')
}

describe('the staff console, papercuts of a newcomer', () => {
  it('shows one filled button on each tab of an open wave, never “Clôturer”, and closing asks first', async () => {
    const title = `Vague ouverte ${unique('tabs')}`
    const wave = await createWave(staff.admin, title)
    await addOrganisation(staff.admin, wave.id, { name: `Atelier ${unique('o')}`, email: `${unique('o')}@example.org` })
    await staff.admin.json('POST', `/api/waves/${wave.id}/open`)
    const page = await staff.openAsAdmin(`/admin/waves/${wave.id}`)
    await page.getByRole('heading', { name: title, level: 1 }).waitFor()

    const sections = page.getByRole('navigation', { name: 'Sections de la vague' })
    const expected: [string, string[]][] = [
      ['Paramètres', ['Enregistrer les réglages']],
      ['Questionnaire', ['Télécharger le questionnaire (JSON)']],
      ['Membres', ['Ajouter une organisation']],
      ['Invitations', ['Envoyer les invitations']],
      ['Suivi', ['Relancer les organisations qui n’ont pas commencé (1)']],
      ['Résultats', ['Publier']],
    ]
    const seen: [string, string[]][] = []
    for (const [tab, [primary]] of expected) {
      await sections.getByRole('link', { name: tab, exact: true }).click()
      await sections.locator('[aria-current="page"]', { hasText: tab }).waitFor()
      // Each section loads its data: wait until its own action is drawn, then take every filled button.
      await filledButtons(page).filter({ hasText: primary! }).first().waitFor()
      seen.push([tab, await filledButtons(page).allInnerTexts()])
    }
    expect(seen).toEqual(expected)

    // "Clôturer la vague" is still there, secondary, and says what it does before doing it.
    const close = page.getByRole('button', { name: 'Clôturer la vague' })
    expect(await close.getAttribute('class')).toContain('button--secondary')
    await close.click()
    const dialog = page.getByRole('dialog', { name: `Clôturer « ${title} » ?` })
    await dialog.waitFor()
    expect((await dialog.innerText()).length).toBeGreaterThan(`Clôturer « ${title} » ?`.length + 40)
    expect(await axeViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: 'Annuler' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect((await staff.admin.json<{ status: string }>('GET', `/api/waves/${wave.id}`)).status).toBe('open')
    await close.click()
    await dialog.getByRole('button', { name: 'Clôturer la vague' }).click()
    await page.getByRole('status').filter({ hasText: 'La vague est maintenant fermée.' }).waitFor()
    expect((await staff.admin.json<{ status: string }>('GET', `/api/waves/${wave.id}`)).status).toBe('closed')
  })

  it('announces a member import where the person is, in a live region, even below a long table', async () => {
    const wave = await createWave(staff.admin, `Import ${unique('imp')}`)
    for (let i = 0; i < 25; i++) await addOrganisation(staff.admin, wave.id, { name: `Membre ${unique('m')}`, email: `${unique('m')}@example.org` })
    const page = await staff.openAsAdmin(`/admin/waves/${wave.id}/members`, { viewport: { width: 1280, height: 720 } })
    await page.getByRole('heading', { name: 'Membres', level: 2 }).waitFor()
    const tag = unique('new')
    const csv = ['nom;courriel;familles;siren;région', ...[1, 2, 3].map((n) => `Nouveau ${n} ${tag};nouveau-${n}-${tag}@example.org;insertion;;Bretagne`)]
    await page.getByLabel('Fichier CSV des membres').setInputFiles({ name: 'nouveaux.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv.join('\n')}\n`) })
    await page.getByText('Lignes lues : 3 — organisations à créer : 3, à mettre à jour : 0.').waitFor()
    await page.getByRole('button', { name: 'Importer', exact: true }).click()

    const message = page.getByText('Import de « nouveaux.csv » terminé — organisations créées : 3, mises à jour : 0.')
    await message.waitFor()
    // The table above has grown by three rows by now.
    await page
      .getByRole('table', { name: /^Organisations invitées/ })
      .getByRole('rowheader', { name: new RegExp(`Nouveau 3 ${tag}`) })
      .waitFor()
    await expect
      .poll(async () => {
        const box = await message.boundingBox()
        return box !== null && box.y >= 0 && box.y + box.height <= 720
      })
      .toBe(true)
    expect(await message.evaluate((element) => element.closest('[role="status"], [aria-live="polite"]') !== null)).toBe(true)
    expect(await message.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(await axeViolations(page)).toEqual([])
  })

  it('reads the audit log as sentences naming the organisation, filtered by kind, details on demand', async () => {
    const wave = await createWave(staff.admin, `Journal ${unique('j')}`)
    const name = `Atelier ${unique('x')}`
    const organisation = await addOrganisation(staff.admin, wave.id, { name, email: `${unique('x')}@example.org` })
    await staff.admin.json('POST', `/api/waves/${wave.id}/open`)
    await submitThroughLink(organisation.invitation.link)

    const page = await staff.openAsAdmin('/admin/audit')
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor()
    const journal = page.getByRole('table', { name: /^Évènements/ })
    const submitted = journal.getByRole('row').filter({ hasText: `${name} a envoyé ses réponses (révision` })
    await submitted.waitFor()
    expect(await submitted.getByRole('cell').nth(1).innerText()).toBe(name)
    // Staff actions are sentences too, and the organisation added is named.
    await journal.getByRole('cell', { name: `${staff.server.adminEmail} a ajouté ${name}.` }).waitFor()
    await journal
      .getByRole('cell', { name: `${staff.server.adminEmail} a ouvert la vague.` })
      .first()
      .waitFor()

    // The raw details behind "Détails".
    expect(await submitted.getByText('code : response.submitted').isVisible()).toBe(false)
    await submitted.getByText('Détails', { exact: true }).click()
    await submitted.getByText('code : response.submitted').waitFor()
    await submitted.getByText('revision', { exact: true }).waitFor()
    expect(await axeViolations(page)).toEqual([])

    // Only the organisations' responses.
    await page.getByRole('combobox', { name: 'Type d’évènement' }).selectOption({ label: 'Réponses des organisations' })
    await page.getByRole('button', { name: 'Filtrer' }).click()
    // Until the filtered list is there (while it loads, the table is empty or still the old one).
    const responseEvent = / a envoyé ses réponses \(révision \d+\)\.$| a rouvert ses réponses/
    const filtered = async () => {
      const events = await journal.locator('tbody td:nth-child(2)').allInnerTexts()
      return events.length > 0 && events.every((text) => responseEvent.test(text))
    }
    await expect.poll(filtered).toBe(true)
    expect(await journal.getByRole('cell', { name: /a ajouté/ }).count()).toBe(0)

    // In English when the interface is.
    await page.getByRole('button', { name: 'Read this page in English' }).click()
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor()
    await page
      .getByRole('table', { name: /^Events/ })
      .getByRole('cell', { name: new RegExp(`^${name} submitted its responses \\(revision \\d+\\)\\.$`) })
      .waitFor()
  })
})
