import { readFile } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createWave, DesignerPage, unique, useStaffConsole, type WaveRef } from './admin-support'
import { axeViolations } from './harness'

// Issue 11, points 3 and 5, in the browser: the versions of a questionnaire (notes, a readable
// comparison, an old one restored), a wave's design exported and imported as a bundle (a broken
// one refused, each problem listed), and the questionnaire round-tripped through a spreadsheet.

const staff = useStaffConsole()

/** A staff page, signed in as the staff.admin, at `path`. */

/** Clicks a download link and reads the file the browser saved. */
async function download(page: Page, link: Locator): Promise<{ name: string; content: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()])
  const path = await file.path()
  return { name: file.suggestedFilename(), content: await readFile(path) }
}

/** What a person reads in `locator`, every run of spaces (no-break ones too) as one space. */
async function words(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim()
}

/** The save of the questionnaire with a version note, and the outcome said. */
async function saveWithNote(page: Page, note: string, version: number): Promise<void> {
  await page.getByLabel('Note de version (facultative)').first().fill(note)
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await page.getByRole('region', { name: 'Résultat de la vérification' }).getByText(`Version ${version} enregistrée.`).waitFor()
}

interface Questionnaire {
  version: number
  definition: Record<string, unknown>
}

interface IndicatorDefinitions {
  indicators: { id: string; labelFr: string }[]
}

describe('sharing a wave’s design', () => {
  it('keeps every save as a version with its note, compares two, and restores the first into the editor', async () => {
    const wave = await createWave(staff.admin, 'Vague des versions')
    const page = await staff.openAsAdmin(`/admin/waves/${wave.id}/questionnaire`)
    await page.getByRole('heading', { name: 'Questionnaire', level: 2 }).waitFor()
    const designer = new DesignerPage(page)
    await designer.outline.waitFor()

    // Version 2: a question reworded.
    await designer.select("Nom de l'organisation")
    await designer.form.getByRole('textbox', { name: 'Titre, français' }).fill('Nom de votre structure')
    await saveWithNote(page, 'Relecture du nom', 2)

    // Version 3: another reworded, a question added after it.
    await designer.select('Région du siège')
    await designer.form.getByRole('textbox', { name: 'Titre, français' }).fill('Région de votre siège')
    await designer.add('Adresse web')
    await designer.titled('Site internet de la structure')

    // Unsaved work survives a visit to another tab of the wave: it is back, and said so.
    const sections = page.getByRole('navigation', { name: 'Sections de la vague' })
    await sections.getByRole('link', { name: 'Membres' }).click()
    await page.getByRole('heading', { name: 'Membres', level: 2 }).waitFor()
    await sections.getByRole('link', { name: 'Questionnaire' }).click()
    await page.getByText('Vos modifications non enregistrées ont été reprises : enregistrez-les pour en faire une version.').waitFor()
    await designer.outline.getByText('Site internet de la structure').first().waitFor()
    await saveWithNote(page, 'Ajout du site internet', 3)
    expect(await page.getByText('Vos modifications non enregistrées ont été reprises').count()).toBe(0)

    // Each save is listed with its author and note, the newest first.
    const history = page.getByRole('region', { name: 'Versions du questionnaire' })
    await history.getByRole('cell', { name: 'Ajout du site internet' }).waitFor()
    const rows = history.getByRole('row')
    expect(await rows.nth(1).innerText()).toMatch(
      /^3 \(version courante\)\s+\d{1,2} \S+ \d{4} à \d{2}:\d{2}\s+admin@example\.org\s+Ajout du site internet\s+81/,
    )
    expect(await rows.nth(2).innerText()).toMatch(/^2\s+.+\s+admin@example\.org\s+Relecture du nom\s+80\s+Restaurer la version 2$/)
    expect(await rows.nth(3).innerText()).toMatch(/^1\s+.+\s+Automatique \(création ou copie de la vague\)\s+80\s+Restaurer la version 1$/)

    // Compared (by default the one before against the current): the question added, the title reworded.
    const compare = page.getByRole('form', { name: 'Comparer deux versions' })
    await compare.getByRole('button', { name: 'Comparer' }).click()
    const diff = page.locator('.panel').filter({ has: page.getByRole('heading', { name: 'Version 2 → version 3' }) })
    await diff
      .getByRole('status')
      .getByText(/^2 changements\./)
      .waitFor()
    expect(await words(diff.getByRole('list', { name: 'Ajoutées (1)' }))).toBe('site_internet_structure (« Site internet de la structure ») — page identite')
    expect(await words(diff.getByRole('list', { name: 'Reformulées (1)' }))).toBe(
      'region (« Région de votre siège ») titre (français) : « Région du siège » → « Région de votre siège »',
    )
    expect(await axeViolations(page)).toEqual([])

    // The first version back in the editor: the added question gone, the titles as they were;
    // saved, it is the current version again.
    await history.getByRole('button', { name: 'Restaurer la version 1' }).click()
    await page.getByRole('status').filter({ hasText: 'La version 1 est chargée dans l’éditeur : enregistrez pour en faire la version courante.' }).waitFor()
    await designer.outline.getByRole('button', { name: /^Nom de l'organisation/ }).waitFor()
    expect(await designer.outline.getByRole('button', { name: /^Site internet de la structure/ }).count()).toBe(0)
    expect(await designer.outline.getByRole('button', { name: /^Région du siège/ }).count()).toBe(1)
    await saveWithNote(page, 'Retour à la version de départ', 4)
    const stored = await staff.admin.json<Questionnaire>('GET', `/api/waves/${wave.id}/questionnaire`)
    const first = await staff.admin.json<Questionnaire>('GET', `/api/waves/${wave.id}/questionnaire/versions/1`)
    expect(stored.definition).toEqual(first.definition)
  })

  it('exports a wave’s design from the list and imports it as a new draft; a broken file shows each problem and creates nothing', async () => {
    // The source: the default questionnaire, and three indicators of its own (not the default list).
    const source = await createWave(staff.admin, `Conception partagée ${unique('lot')}`)
    const catalogue = await staff.admin.json<IndicatorDefinitions>('GET', `/api/waves/${source.id}/indicator-definitions`)
    const kept = catalogue.indicators.slice(0, 3)
    await staff.admin.json('PUT', `/api/waves/${source.id}/indicator-definitions`, { indicators: kept })

    const page = await staff.openAsAdmin('/admin')
    await page.getByRole('heading', { name: 'Vagues d’enquête', level: 1 }).waitFor()
    const file = await download(page, page.getByRole('link', { name: `Exporter la conception de « ${source.title} »` }))
    expect(file.name).toBe(`${source.slug}-conception.sonde.json`)
    const bundle = JSON.parse(file.content.toString('utf8')) as Record<string, unknown> & {
      questionnaire: { pages: { elements: Record<string, unknown>[] }[] }
    }
    expect(bundle).toMatchObject({ format: 'sonde-bundle', schemaVersion: 1, wave: { slug: source.slug, title: source.title } })
    expect((bundle.indicators as { id: string }[]).map((indicator) => indicator.id)).toEqual(kept.map((indicator) => indicator.id))

    const form = page.getByRole('form', { name: 'Importer une conception' })
    const input = form.getByLabel('Fichier de conception')
    const asFile = (content: unknown) => ({ name: 'conception.sonde.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) })
    const before = (await staff.admin.json<{ waves: WaveRef[] }>('GET', '/api/waves')).waves.length

    const outcome = form.getByRole('status')
    /** Imports `content` and returns the problems listed (each « where what »). */
    const refused = async (content: unknown, count: number): Promise<string[]> => {
      await input.setInputFiles(asFile(content))
      await form.getByRole('button', { name: 'Importer la conception' }).click()
      await outcome.getByText(`Problèmes à corriger : ${count}`).waitFor()
      await outcome.getByText('Ce fichier de conception ne peut pas être importé : aucune vague n’a été créée.').waitFor()
      return Promise.all((await outcome.getByRole('listitem').all()).map(words))
    }

    // A bundle of a later layout: refused for its version.
    expect(await refused({ ...bundle, schemaVersion: 2 }, 1)).toEqual([
      'schemaVersion version 2 inconnue : ce Sonde lit la version 1 des fichiers de conception',
    ])

    // This layout, but a question named twice and a type Sonde does not know: each is listed, where it is.
    const [page1, ...rest] = bundle.questionnaire.pages
    const [first, second, ...others] = page1!.elements
    const withElements = (elements: unknown[]) => ({ ...bundle, questionnaire: { ...bundle.questionnaire, pages: [{ ...page1, elements }, ...rest] } })
    expect(await refused(withElements([first, { ...first }, { ...second, type: 'signature_manuscrite' }, ...others]), 2)).toEqual([
      'questionnaire.pages[0].elements[1].name Nom « nom_organisation » déjà utilisé (pages[0].elements[0]).',
      'questionnaire.pages[0].elements[2].type Type d’élément inconnu : « signature_manuscrite ».',
    ])

    // A condition that does not parse.
    const condition = withElements([first, second, others[0], { ...others[1], visibleIf: "{forme_juridique} = = 'scop'" }, ...others.slice(2)])
    expect(await refused(condition, 1)).toEqual(['questionnaire.pages[0].elements[3].visibleIf Expression invalide (syntaxe).'])
    expect(await axeViolations(page)).toEqual([])
    expect((await staff.admin.json<{ waves: WaveRef[] }>('GET', '/api/waves')).waves.length, 'no wave created').toBe(before)

    // The file as exported, under a new slug and title: a new draft wave with the same design.
    await input.setInputFiles({ name: file.name, mimeType: 'application/json', buffer: file.content })
    const title = form.getByRole('textbox', { name: 'Titre' })
    const slug = form.getByRole('textbox', { name: 'Identifiant (slug)' })
    expect(await title.inputValue()).toBe(source.title)
    expect(await slug.inputValue()).toBe(source.slug)
    await title.fill('Conception reprise par un autre réseau')
    await slug.fill(`reprise-${source.slug}`)
    await form.getByRole('button', { name: 'Importer la conception' }).click()
    await page.getByRole('heading', { name: 'Conception reprise par un autre réseau', level: 1 }).waitFor()
    await page.getByRole('heading', { name: 'Questionnaire', level: 2 }).waitFor()
    expect(await page.locator('.wave-header').innerText()).toContain('brouillon')
    const copyId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!)

    const original = await staff.admin.json<Questionnaire>('GET', `/api/waves/${source.id}/questionnaire`)
    const copy = await staff.admin.json<Questionnaire>('GET', `/api/waves/${copyId}/questionnaire`)
    expect(copy.definition).toEqual(original.definition)
    const copied = await staff.admin.json<IndicatorDefinitions>('GET', `/api/waves/${copyId}/indicator-definitions`)
    expect(copied.indicators).toEqual(kept)
    expect((await staff.admin.json<{ slug: string; status: string }>('GET', `/api/waves/${copyId}`)).slug).toBe(`reprise-${source.slug}`)

    // What staff see of it: the three indicators, by name.
    await page.getByRole('navigation', { name: 'Sections de la vague' }).getByRole('link', { name: 'Indicateurs', exact: true }).click()
    const table = page.getByRole('table', { name: 'Indicateurs de la vague, dans l’ordre des résultats' })
    await table.waitFor()
    expect((await table.getByRole('rowheader').allInnerTexts()).map((text) => text.split('\n')[0]!.trim())).toEqual(kept.map((indicator) => indicator.labelFr))
  })

  it('downloads the questionnaire as a spreadsheet and brings it back as a new version; a broken sheet is refused line by line', async () => {
    const wave = await createWave(staff.admin, 'Vague du tableur')
    const page = await staff.openAsAdmin(`/admin/waves/${wave.id}/questionnaire`)
    const sheet = page.getByRole('region', { name: 'Tableur (XLSForm)' })
    await sheet.waitFor()
    const before = await staff.admin.json<Questionnaire>('GET', `/api/waves/${wave.id}/questionnaire`)

    const xlsx = await download(page, sheet.getByRole('link', { name: 'Télécharger le questionnaire (XLSX)' }))
    expect(xlsx.name).toMatch(/\.xlsx$/)
    // An XLSX file is a ZIP archive.
    expect(xlsx.content.subarray(0, 2).toString('latin1')).toBe('PK')

    const input = sheet.getByLabel('Tableur à importer')
    await input.setInputFiles({ name: xlsx.name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx.content })
    await sheet.getByLabel('Note de version du tableur (facultative)').fill('Relu dans le tableur')
    await sheet.getByRole('button', { name: 'Importer le tableur' }).click()
    await sheet
      .getByRole('status')
      .getByText(`Le tableur est devenu la version ${before.version + 1} du questionnaire.`)
      .waitFor()
    // The editor and the history follow.
    await page.getByText(`Version enregistrée : ${before.version + 1}`).waitFor()
    await page.getByRole('region', { name: 'Versions du questionnaire' }).getByRole('cell', { name: 'Relu dans le tableur' }).waitFor()
    const after = await staff.admin.json<Questionnaire>('GET', `/api/waves/${wave.id}/questionnaire`)
    expect(after.version).toBe(before.version + 1)
    expect(after.definition).toEqual(before.definition)

    // The CSV layout, with a type it does not know and a name given twice.
    const csv = await download(page, sheet.getByRole('link', { name: 'Télécharger le questionnaire (CSV, format pyxform)' }))
    expect(csv.name).toMatch(/\.csv$/)
    const edited = csv.content
      .toString('utf8')
      .replace(',text,siren,', ',signature,siren,')
      .replace(',select_one forme_juridique,forme_juridique,', ',select_one forme_juridique,nom_organisation,')
    await input.setInputFiles({ name: 'questionnaire-modifie.csv', mimeType: 'text/csv', buffer: Buffer.from(edited, 'utf8') })
    await sheet.getByRole('button', { name: 'Importer le tableur' }).click()
    const refusal = sheet.getByRole('status')
    await refusal.getByText('Ce tableur ne peut pas devenir le questionnaire : rien n’a été enregistré.').waitFor()
    expect(await refusal.getByRole('heading', { name: 'Problèmes à corriger : 2' }).count()).toBe(1)
    expect(await Promise.all((await refusal.getByRole('listitem').all()).map(words))).toEqual([
      'survey, ligne 5 type « signature » inconnu',
      'survey, ligne 6 nom « nom_organisation » en double (déjà ligne 4)',
    ])
    expect((await staff.admin.json<Questionnaire>('GET', `/api/waves/${wave.id}/questionnaire`)).version, 'nothing saved').toBe(after.version)
    expect(await axeViolations(page)).toEqual([])
  })
})
