import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { addOrganisation, ApiSession, createWave, overflowsHorizontally, Pages, signIn, submitThroughLink, unique } from './admin-support'
import { axeViolations, launchBrowser, startServer, type SondeServer } from './harness'

// One server for the file; each test makes its own wave, so that none depends on another.
let server: SondeServer
let browser: Browser
let admin: ApiSession
let pages: Pages
const researcher = { email: 'chercheuse@example.org', password: 'e2e-Researcher-password-2025' }

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  admin = await ApiSession.signIn(server.baseUrl, server.adminEmail, server.adminPassword)
  await admin.json('POST', '/api/users', { email: researcher.email, role: 'researcher', password: researcher.password }, 201)
  pages = new Pages(browser, server.baseUrl)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

afterEach(async () => {
  await pages.finish()
})

/** A staff page, signed in as the admin, at `path`. */
async function openAsAdmin(path: string, options?: Parameters<Pages['open']>[0]): Promise<Page> {
  const page = await pages.open(options)
  await page.goto(`${server.baseUrl}${path}`)
  await signIn(page, server.adminEmail, server.adminPassword)
  return page
}

function alertOrRegion(page: Page, name: string | RegExp) {
  return page.getByRole('region', { name })
}

describe('the staff console', () => {
  it('creates a wave, refuses a questionnaire with a lint error, saves it once fixed, previews it and opens the wave', async () => {
    const page = await openAsAdmin('/admin')
    await page.getByRole('heading', { name: 'Vagues d’enquête', level: 1 }).waitFor()
    expect(await axeViolations(page)).toEqual([])

    // Create: the slug follows the title.
    const title = `Enquête test ${unique('q')}`
    await page.getByRole('textbox', { name: 'Titre' }).pressSequentially(title)
    const slug = await page.getByRole('textbox', { name: 'Identifiant (slug)' }).inputValue()
    expect(slug).toMatch(/^enquete-test-q-/)
    await page.getByRole('button', { name: 'Créer la vague' }).click()

    // The new wave opens on its questionnaire, as a draft.
    await page.getByRole('heading', { name: title, level: 1 }).waitFor()
    await page.getByRole('heading', { name: 'Questionnaire', level: 2 }).waitFor()
    expect(await page.locator('.wave-header').innerText()).toContain('brouillon')
    const waveId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!)
    const before = await admin.json<{ version: number }>('GET', `/api/waves/${waveId}/questionnaire`)

    // A questionnaire with two questions of the same name: "Vérifier" and "Enregistrer" both refuse it.
    const broken = {
      title: 'Questionnaire de test',
      pages: [
        {
          name: 'p1',
          elements: [
            { type: 'text', name: 'nom_structure', title: 'Nom de votre structure' },
            { type: 'text', name: 'nom_structure', title: 'Ville du siège' },
          ],
        },
      ],
    }
    // The tab opens on the visual designer; the JSON stays one click away, for experts.
    await page.getByRole('button', { name: 'JSON (experts)' }).click()
    const editor = page.getByRole('textbox', { name: 'Questionnaire (JSON SurveyJS)' })
    await editor.fill(JSON.stringify(broken, null, 2))
    await page.getByRole('button', { name: 'Vérifier' }).click()
    const results = alertOrRegion(page, 'Résultat de la vérification')
    await results.getByText('Erreurs (bloquantes) : 1').waitFor()
    expect(await results.innerText()).toMatch(/Nom « nom_structure » déjà utilisé/)
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await results.getByText(/n’a pas été enregistré/).waitFor()
    expect(await results.innerText()).toMatch(/Nom « nom_structure » déjà utilisé/)
    const unchanged = await admin.json<{ version: number }>('GET', `/api/waves/${waveId}/questionnaire`)
    expect(unchanged.version, 'nothing saved').toBe(before.version)

    // Not JSON at all: said where, and nothing is sent.
    await editor.fill('{ "pages": [ }')
    await page.getByRole('button', { name: 'Vérifier' }).click()
    await results.getByText('Ce texte n’est pas du JSON valide.').waitFor()
    expect(await results.innerText()).toMatch(/ligne 1, colonne \d+/)

    // Fixed: saved as a new version, its HTML cleaned (the editor shows what was stored, and says
    // what was removed), and the preview draws it with SurveyJS.
    const fixed = {
      ...broken,
      pages: [
        {
          name: 'p1',
          elements: [
            broken.pages[0]!.elements[0]!,
            { type: 'text', name: 'ville_siege', title: 'Ville du siège', description: 'La commune <b>du siège</b><script>alert(1)</script>' },
          ],
        },
      ],
    }
    await editor.fill(JSON.stringify(fixed, null, 2))
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await results.getByText(`Version ${before.version + 1} enregistrée.`).waitFor()
    expect(await results.innerText()).toMatch(/retiré à l’enregistrement : <script>/)
    expect(await editor.inputValue()).toContain('La commune <b>du siège</b>"')
    expect(await editor.inputValue()).not.toContain('<script')
    const saved = await admin.json<{ version: number; definition: typeof fixed }>('GET', `/api/waves/${waveId}/questionnaire`)
    expect(saved.version).toBe(before.version + 1)
    expect(saved.definition.pages[0]!.elements.map((element) => element.name)).toEqual(['nom_structure', 'ville_siege'])
    expect(saved.definition.pages[0]!.elements[1]).toMatchObject({ description: 'La commune <b>du siège</b>' })
    const preview = page.getByRole('region', { name: 'Aperçu' })
    await preview.getByText('Ville du siège').waitFor()
    expect(await axeViolations(page)).toEqual([])

    // Open the wave, after a confirmation in a dialog that Escape can close.
    await page.getByRole('button', { name: 'Ouvrir la vague' }).click()
    const dialog = page.getByRole('dialog', { name: `Ouvrir « ${title} » ?` })
    await dialog.waitFor()
    expect(await axeViolations(page)).toEqual([])
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Ouvrir la vague')
    await page.getByRole('button', { name: 'Ouvrir la vague' }).click()
    await dialog.getByRole('button', { name: 'Ouvrir la vague' }).click()
    await page.getByRole('status').filter({ hasText: 'La vague est maintenant ouverte.' }).waitFor()

    // Frozen now: the editor is read only, and says why.
    await page.getByText(/Questionnaire figé/).waitFor()
    expect(await editor.getAttribute('readonly')).not.toBeNull()
    expect(await page.getByRole('button', { name: 'Enregistrer', exact: true }).count()).toBe(0)
    expect((await admin.json<{ status: string }>('GET', `/api/waves/${waveId}`)).status).toBe('open')
  })

  it('edits the settings, the families and the messages with the keyboard, and copies the wave for next year', async () => {
    const tag = unique('param')
    const wave = await createWave(admin, `Paramètres ${tag} 2025`)
    const page = await openAsAdmin(`/admin/waves/${wave.id}`)
    await page.getByRole('heading', { name: 'Paramètres', level: 2 }).waitFor()
    expect(await axeViolations(page)).toEqual([])

    // Below the minimum cell size: refused on the spot, nothing sent; Enter submits the form.
    const minCell = page.getByRole('spinbutton', { name: 'Taille minimale de case (secret statistique)' })
    await minCell.focus()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('2')
    await page.keyboard.press('Enter')
    await page.getByText('Indiquez un nombre entier entre 3 et 100.').waitFor()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('7')
    await page.getByRole('checkbox', { name: 'Modifications possibles après l’envoi' }).focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('Enter')
    const general = page.getByRole('form', { name: 'Réglages généraux' })
    await general.getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).waitFor()
    const saved = await admin.json<{ settings: { minCellSize: number; editAfterSubmit: boolean } }>('GET', `/api/waves/${wave.id}`)
    expect(saved.settings).toMatchObject({ minCellSize: 7, editAfterSubmit: true })

    // A new family: the focus lands in its first field.
    await page.getByRole('button', { name: 'Ajouter une famille' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent)).toBe('Famille 7')
    await page.keyboard.type('tiers_lieux')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Tiers-lieux numériques')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Digital third places')
    await page.getByRole('button', { name: 'Enregistrer les familles' }).click()
    await page.getByRole('form', { name: 'Familles d’acteurs' }).getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).waitFor()
    const families = await admin.json<{ families: { key: string }[] }>('GET', `/api/waves/${wave.id}`)
    expect(families.families.map((family) => family.key)).toContain('tiers_lieux')

    // A message without the link is refused before it is sent.
    const messages = page.getByRole('form', { name: 'Messages d’invitation et de relance' })
    const body = messages.getByRole('group', { name: 'Invitation' }).getByRole('textbox', { name: 'Message' })
    const original = await body.inputValue()
    await body.fill(original.replace('{{lien}}', ''))
    await messages.getByRole('button', { name: 'Enregistrer les messages' }).click()
    await messages.getByText('Le message doit contenir {{lien}} : sans lui, l’organisation ne peut pas répondre.').waitFor()
    await body.fill(`${original}\nÀ bientôt, l’équipe du réseau`)
    await messages.getByRole('button', { name: 'Enregistrer les messages' }).click()
    await messages.getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).waitFor()
    const templates = await admin.json<{ settings: { templates: { invitation: { body: string } } } }>('GET', `/api/waves/${wave.id}`)
    expect(templates.settings.templates.invitation.body).toContain('À bientôt, l’équipe du réseau')

    // Next year's draft: title proposed, slug to give, then the copy opens.
    await page.getByRole('button', { name: 'Copier pour l’an prochain…' }).click()
    const dialog = page.getByRole('dialog', { name: `Copier « Paramètres ${tag} 2025 »` })
    expect(await dialog.getByRole('textbox', { name: 'Titre' }).inputValue()).toBe(`Paramètres ${tag} 2026`)
    await dialog.getByRole('textbox', { name: 'Identifiant (slug)' }).pressSequentially(`${tag}-2026`)
    expect(await axeViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: 'Créer la copie' }).click()
    await page.getByRole('heading', { name: `Paramètres ${tag} 2026`, level: 1 }).waitFor()
    expect(await page.locator('.wave-header').innerText()).toContain('brouillon')
    // The copy keeps the families and the messages.
    await expect.poll(() => page.getByRole('textbox', { name: 'Clé' }).last().inputValue()).toBe('tiers_lieux')
  })

  it('imports the member file only once every line is right, then lists the members with their links', async () => {
    const wave = await createWave(admin, 'Import des membres')
    const page = await openAsAdmin(`/admin/waves/${wave.id}/members`, { clipboard: true })
    await page.getByRole('heading', { name: 'Membres', level: 2 }).waitFor()
    const tag = unique('imp')
    const header = 'nom;courriel;familles;siren;région'
    const good = `Atelier <b>Vélo</b> ${tag};atelier-${tag}@example.org;insertion|reemploi;;Bretagne`
    const file = (lines: string[]) => ({ name: 'membres.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`, 'utf8') })

    // One bad e-mail on line 3: the error is shown, "Importer" stays off, nothing is written.
    const input = page.getByLabel('Fichier CSV des membres')
    await input.setInputFiles(file([header, good, `Tiers-Lieu ${tag};pas-une-adresse;inclusion;;Occitanie`]))
    const outcome = page.getByRole('region', { name: 'Résultat de l’import' })
    await outcome.getByText(/Lignes en erreur\u00a0: 1\./).waitFor()
    const errors = outcome.getByRole('table', { name: 'Lignes en erreur' })
    expect(await errors.getByRole('rowheader').allInnerTexts()).toEqual(['ligne 3'])
    expect(await page.getByRole('button', { name: 'Importer', exact: true }).isDisabled()).toBe(true)
    expect(await axeViolations(page)).toEqual([])
    const none = await admin.json<{ organisations: unknown[] }>('GET', `/api/waves/${wave.id}/organisations`)
    expect(none.organisations).toEqual([])

    // Corrected and chosen again: previewed, then imported; the members appear, names as text.
    await input.setInputFiles(file([header, good, `Tiers-Lieu ${tag};tiers-${tag}@example.org;inclusion;;Occitanie`]))
    await outcome.getByText('Lignes lues : 2 — organisations à créer : 2, à mettre à jour : 0.').waitFor()
    await page.getByRole('button', { name: 'Importer', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'Import de « membres.csv » terminé — organisations créées : 2, mises à jour : 0.' }).waitFor()
    const members = page.getByRole('table', { name: 'Organisations invitées à « Import des membres »' })
    await members.getByRole('rowheader', { name: new RegExp(`Tiers-Lieu ${tag}`) }).waitFor()
    expect(await members.getByRole('rowheader', { name: new RegExp(`Atelier <b>Vélo</b> ${tag}`) }).count()).toBe(1)
    expect(await page.locator('.member-table b').count(), 'HTML in a name stays text').toBe(0)

    // Each link can be copied; a new link replaces the old one, which stops working.
    const row = members.getByRole('row').filter({ hasText: `Tiers-Lieu ${tag}` })
    await row.getByRole('button', { name: `Copier le lien de Tiers-Lieu ${tag}` }).click()
    await row.getByRole('status').filter({ hasText: 'Copié' }).waitFor()
    const oldLink = await page.evaluate(() => navigator.clipboard.readText())
    expect(oldLink).toMatch(new RegExp(`^${server.baseUrl}/r/\\S+$`))
    await row.getByRole('button', { name: `Nouveau lien pour Tiers-Lieu ${tag}` }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Nouveau lien' }).click()
    await expect.poll(() => row.locator('.link-cell__text').innerText()).not.toBe(oldLink)
    const oldToken = new URL(oldLink).pathname.split('/').pop()
    expect((await fetch(`${server.baseUrl}/api/r/${oldToken}`)).status).toBe(404)

    // Added by hand through a dialog, with its families ticked.
    await page.getByRole('button', { name: 'Ajouter une organisation' }).click()
    const dialog = page.getByRole('dialog', { name: 'Ajouter une organisation' })
    await dialog.getByRole('textbox', { name: 'Nom' }).pressSequentially(`Coop ${tag}`)
    await dialog.getByRole('textbox', { name: 'E-mail' }).pressSequentially('pas-une-adresse')
    await dialog.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await dialog.getByText('Adresse e-mail invalide (par exemple contact@asso.fr).').waitFor()
    await dialog.getByRole('textbox', { name: 'E-mail' }).fill(`coop-${tag}@example.org`)
    await dialog.getByRole('checkbox', { name: 'Plateformes coopératives' }).check()
    expect(await axeViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: 'Ajouter', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    const added = members.getByRole('row').filter({ hasText: `Coop ${tag}` })
    expect(await added.innerText()).toContain('Plateformes coopératives')

    // The exports are there, for mail merge and for the registry.
    const links = await page.request.get(`${server.baseUrl}/api/waves/${wave.id}/invitations.csv`)
    expect(links.status()).toBe(200)
    expect(await page.getByRole('link', { name: 'Liens d’invitation (CSV, publipostage)' }).getAttribute('href')).toBe(`/api/waves/${wave.id}/invitations.csv`)
  })

  it('sends the invitations and a reminder to a selection, and shows the outbox when SMTP is not configured', async () => {
    const wave = await createWave(admin, 'Invitations')
    const tag = unique('inv')
    const withEmail = await addOrganisation(admin, wave.id, { name: `Recyclerie ${tag}`, email: `recyclerie-${tag}@example.org`, familyKeys: ['reemploi'] })
    await addOrganisation(admin, wave.id, { name: `Sans Courriel ${tag}`, familyKeys: ['communs'] })
    await admin.json('POST', `/api/waves/${wave.id}/open`)

    const page = await openAsAdmin(`/admin/waves/${wave.id}/invitations`)
    await page.getByRole('heading', { name: 'Invitations', level: 2 }).waitFor()
    await page.getByText('L’envoi d’e-mails n’est pas configuré sur ce serveur.').waitFor()
    await page.getByText('Aucun message pour l’instant.').waitFor()
    expect(await axeViolations(page)).toEqual([])

    await page.getByRole('button', { name: 'Envoyer les invitations' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Envoyer les invitations' }).click()
    await page.getByText('Invitations mises dans la file d’envoi : 1.').waitFor()
    await page.getByText('Organisations laissées de côté : 1').click()
    await page.getByText(`Sans adresse e-mail : Sans Courriel ${tag}`).waitFor()
    const outbox = page.getByRole('table', { name: /^Messages de la vague/ })
    const message = outbox.getByRole('row').filter({ hasText: `Recyclerie ${tag}` })
    await message.waitFor()
    expect(await message.innerText()).toMatch(/invitation[\s\S]*en attente/)
    expect(await axeViolations(page)).toEqual([])

    // A reminder to the organisations ticked in the members table.
    await page.getByRole('navigation', { name: 'Sections de la vague' }).getByRole('link', { name: 'Membres' }).click()
    await page.getByRole('heading', { name: 'Membres', level: 2 }).waitFor()
    // After a change of screen, the focus is on the new screen's heading, and the tab's title says where.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Membres')
    expect(await page.title()).toBe('Membres — Invitations — Administration — Sonde')
    await page.getByRole('checkbox', { name: `Sélectionner ${withEmail.name}` }).check()
    await page.getByRole('button', { name: 'Relancer la sélection (1)' }).click()
    await page.getByText('Relances mises dans la file d’envoi : 1.').waitFor()
    const sent = await admin.json<{ messages: { kind: string; status: string }[] }>('GET', `/api/waves/${wave.id}/outbox`)
    expect(sent.messages.map((m) => m.kind).sort()).toEqual(['invitation', 'reminder'])
  })

  it('shows the tracking numbers per family, the submissions per day and who has not started', async () => {
    const wave = await createWave(admin, 'Suivi')
    const tag = unique('suivi')
    const done = await addOrganisation(admin, wave.id, { name: `Répondante ${tag}`, email: `rep-${tag}@example.org`, familyKeys: ['insertion'] })
    await addOrganisation(admin, wave.id, { name: `Retardataire ${tag}`, email: `late-${tag}@example.org`, familyKeys: ['insertion'] })
    await admin.json('POST', `/api/waves/${wave.id}/open`)
    await submitThroughLink(done.invitation.link)

    // On a tablet, in portrait.
    const page = await openAsAdmin(`/admin/waves/${wave.id}/tracking`, { viewport: { width: 768, height: 1024 } })
    const rates = page.getByRole('table', { name: /^Organisations invitées, ayant ouvert leur lien/ })
    await rates.waitFor()
    const insertion = rates.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Insertion & formation numérique' }) })
    expect((await insertion.getByRole('cell').allInnerTexts()).map((text) => text.replace(/\s/g, ' '))).toEqual(['2', '1', '1', '1', '50 %', '50 %'])
    const total = rates.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ensemble' }) })
    expect((await total.getByRole('cell').allInnerTexts())[3]).toBe('1')
    await page
      .getByText(/Taux de réponse AAPOR 1/)
      .first()
      .waitFor()

    const perDay = page.getByRole('table', { name: 'Questionnaires envoyés, jour par jour' })
    expect(await perDay.getByRole('cell').allInnerTexts()).toEqual(['1'])
    expect(await page.getByRole('img', { name: /^Diagramme en barres des questionnaires envoyés par jour\. Total : 1 ; jours représentés : 1/ }).count()).toBe(
      1,
    )
    expect(await page.getByRole('table', { name: 'Non-réponse par question' }).getByRole('row').count()).toBeGreaterThan(2)

    const notStarted = page.getByRole('table', { name: 'Organisations qui n’ont pas encore commencé' })
    expect(await notStarted.getByRole('rowheader').allInnerTexts()).toEqual([`Retardataire ${tag}`])
    expect(await axeViolations(page)).toEqual([])
    expect(await overflowsHorizontally(page), 'the page fits a tablet').toBe(false)

    await page.getByRole('button', { name: 'Relancer les organisations qui n’ont pas commencé (1)' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Relancer' }).click()
    await page.getByText('Relances mises dans la file d’envoi : 1.').waitFor()
  })

  it('lets admins manage accounts and read the journal, in French or in English', async () => {
    const page = await openAsAdmin('/admin')
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Utilisateurs' }).click()
    await page.getByRole('heading', { name: 'Utilisateurs', level: 1 }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/admin/users')

    const email = `${unique('equipe')}@example.org`
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).pressSequentially(email)
    await page.getByLabel('Rôle', { exact: true }).selectOption('staff')
    await page.getByLabel('Mot de passe initial').pressSequentially('court')
    await page.getByRole('button', { name: 'Créer le compte' }).click()
    await page.getByText('Le mot de passe doit compter entre 8 et 128 caractères.').waitFor()
    await page.getByLabel('Mot de passe initial').fill('une phrase de passe assez longue')
    await page.getByRole('button', { name: 'Créer le compte' }).click()
    await page.getByText(`Compte ${email} créé.`).waitFor()
    const row = page.getByRole('table', { name: 'Comptes' }).getByRole('row').filter({ hasText: email })
    await row.getByLabel(`Rôle de ${email}`).selectOption('researcher')
    await page.getByText(`Rôle de ${email} : recherche.`).waitFor()
    await row.getByRole('button', { name: `Désactiver ${email}` }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Désactiver' }).click()
    await row.getByText('désactivé').waitFor()
    expect(await axeViolations(page)).toEqual([])

    // The journal names who did it; back and forward move between the screens.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Journal' }).click()
    await page.getByRole('heading', { name: 'Journal', level: 1 }).waitFor()
    await page.getByRole('combobox', { name: 'Type d’évènement' }).selectOption({ label: 'Comptes et jetons d’API' })
    await page.getByRole('button', { name: 'Filtrer' }).click()
    const journal = page.getByRole('table', { name: /^Évènements/ })
    await journal
      .getByRole('cell', { name: `${server.adminEmail} a créé un compte.` })
      .first()
      .waitFor()
    const actions = await journal.locator('tbody td:nth-child(2)').allInnerTexts()
    expect(new Set(actions)).toEqual(new Set([`${server.adminEmail} a créé un compte.`, `${server.adminEmail} a modifié un compte.`]))
    expect(await axeViolations(page)).toEqual([])
    await page.goBack()
    await page.getByRole('heading', { name: 'Utilisateurs', level: 1 }).waitFor()

    await page.getByRole('button', { name: 'Read this page in English' }).click()
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor()
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Waves' }).click()
    await page.getByRole('heading', { name: 'Survey waves', level: 1 }).waitFor()
    expect(await axeViolations(page)).toEqual([])
  })

  it('tells a researcher that the console is for staff, and the API refuses them', async () => {
    const page = await pages.open()
    await page.goto(`${server.baseUrl}/admin`)
    await signIn(page, researcher.email, researcher.password)
    await page.getByRole('heading', { name: 'Console réservée à l’équipe du réseau', level: 1 }).waitFor()
    expect(await page.getByRole('link', { name: 'Aller à l’espace recherche' }).getAttribute('href')).toBe('/research')
    expect(await page.getByRole('navigation', { name: 'Console' }).count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])

    const waves = await admin.json<{ waves: { id: string }[] }>('GET', '/api/waves')
    const session = await ApiSession.signIn(server.baseUrl, researcher.email, researcher.password)
    for (const [method, path] of [
      ['GET', `/api/waves/${waves.waves[0]!.id}/organisations`],
      ['GET', `/api/waves/${waves.waves[0]!.id}/progress`],
      ['GET', '/api/users'],
      ['GET', '/api/audit'],
      ['POST', '/api/waves'],
    ] as const) {
      const response = await session.request(method, path, method === 'POST' ? { slug: 'interdit', title: 'Interdit' } : undefined)
      expect(response.status, `${method} ${path}`).toBe(403)
    }
  })
})
