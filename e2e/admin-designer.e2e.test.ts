import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createWave, DesignerPage, useStaffConsole } from './admin-support'
import { axeViolations } from './harness'

// Issue 11: a person who has never seen SurveyJS JSON rebuilds the first two pages of the 2025
// questionnaire in the designer, only by typing and clicking, and gets the same questionnaire.

const staff = useStaffConsole()

interface Element {
  type: string
  name: string
  inputType?: string
  min?: number
  max?: number
  isRequired?: boolean
  choices?: (string | { value: string })[]
  visibleIf?: string
  validators?: Record<string, unknown>[]
}

interface PageJson {
  name: string
  elements: Element[]
}

const reference = JSON.parse(readFileSync(new URL('../packages/survey/questionnaires/2025.json', import.meta.url), 'utf8')) as { pages: PageJson[] }

/**
 * What the comparison looks at: page names; for each question its name, type, input type and bounds,
 * required, choice values, visibility and validators (type, expression, pattern, bounds,
 * notification type). Texts (titles, help texts, messages) are the person's own words.
 */
function structure(list: PageJson[]) {
  return list.map((page) => ({
    name: page.name,
    elements: page.elements.map((element) => ({
      name: element.name,
      type: element.type,
      inputType: element.inputType,
      min: element.min,
      max: element.max,
      isRequired: element.isRequired === true,
      choices: element.choices?.map((choice) => (typeof choice === 'string' ? choice : choice.value)),
      visibleIf: element.visibleIf,
      validators: element.validators?.map((validator) => ({
        type: validator.type,
        expression: validator.expression,
        regex: validator.regex,
        minValue: validator.minValue,
        maxValue: validator.maxValue,
        notificationType: validator.notificationType,
      })),
    })),
  }))
}

const FORMES = [
  'association;Association',
  'scop;SCOP (société coopérative et participative)',
  'scic;SCIC (société coopérative d’intérêt collectif)',
  'cae;CAE (coopérative d’activité et d’emploi)',
  'sas_ess;Société commerciale de l’ESS (SAS, SARL…)',
  'fondation;Fondation ou fonds de dotation',
  'mutuelle;Mutuelle',
  'cooperative_autre;Autre coopérative',
  'autre;Autre',
]

const REGIONS = [
  'auvergne_rhone_alpes;Auvergne-Rhône-Alpes',
  'bourgogne_franche_comte;Bourgogne-Franche-Comté',
  'bretagne;Bretagne;Brittany',
  'centre_val_de_loire;Centre-Val de Loire',
  'corse;Corse;Corsica',
  'grand_est;Grand Est',
  'hauts_de_france;Hauts-de-France',
  'ile_de_france;Île-de-France',
  'normandie;Normandie;Normandy',
  'nouvelle_aquitaine;Nouvelle-Aquitaine',
  'occitanie;Occitanie',
  'pays_de_la_loire;Pays de la Loire',
  'provence_alpes_cote_d_azur;Provence-Alpes-Côte d’Azur',
  'guadeloupe;Guadeloupe',
  'martinique;Martinique',
  'guyane;Guyane;French Guiana',
  'la_reunion;La Réunion;Réunion',
  'mayotte;Mayotte',
  'national;National (plusieurs régions ou toute la France)',
]

const FAMILLES = [
  'insertion;Insertion & formation numérique',
  'reemploi;Économie circulaire : réemploi & reconditionnement',
  'inclusion;Éducation populaire & inclusion numérique',
  'communs;Communs numériques & open data',
  'plateformes;Plateformes coopératives',
  'mesure;Outils de mesure & numérique responsable',
]

describe('the questionnaire designer', () => {
  it('rebuilds the first two pages of the 2025 questionnaire without any JSON, previews a conditional question and saves', async () => {
    // The scene: a new draft wave, its default indicators taken away (they use questions of the
    // later pages, which a save may not take from them; the indicator editor has its own test).
    const wave = await createWave(staff.admin, 'Vague du concepteur')
    await staff.admin.json('PUT', `/api/waves/${wave.id}/indicator-definitions`, { indicators: [] })
    const page = await staff.openAsAdmin(`/admin/waves/${wave.id}/questionnaire`)
    await page.getByRole('heading', { name: 'Questionnaire', level: 2 }).waitFor()
    const designer = new DesignerPage(page)
    await designer.outline.waitFor()

    // A fresh start: every page of the default questionnaire deleted from the outline.
    await designer.deleteEveryPage()

    // Page 1, « Votre organisation ».
    await designer.add('Page')
    await designer.titled('Votre organisation', { en: 'Your organisation', expectedName: 'organisation', name: 'identite' })

    await designer.add('Texte court')
    await designer.form.getByRole('textbox', { name: 'Titre, français' }).pressSequentially('Nom de l’organisation')
    expect(await designer.form.getByRole('textbox', { name: 'Nom (clé de la réponse)' }).inputValue()).toBe('nom_organisation')
    await designer.required()
    await designer.form.getByRole('textbox', { name: 'Longueur maximale (caractères)' }).fill('200')

    await designer.add('Texte court')
    await designer.titled('Numéro SIREN', { expectedName: 'numero_siren', name: 'siren' })
    await designer.help('9 chiffres, facultatif.')
    const digits = await designer.rule('Nombre de chiffres', 1)
    expect(await digits.getByRole('textbox', { name: 'Nombre exact de chiffres' }).inputValue()).toBe('9')

    await designer.add('Liste déroulante')
    await designer.titled('Forme juridique', { expectedName: 'forme_juridique' })
    await designer.required()
    await designer.choices(FORMES)

    await designer.add('Choix unique')
    await designer.titled('Votre organisation a-t-elle l’agrément ESUS (entreprise solidaire d’utilité sociale) ?', { name: 'agrement_esus' })
    await designer.required()
    await designer.choices(['oui;Oui', 'non;Non', 'en_cours;Demande en cours'])

    await designer.add('Liste déroulante')
    await designer.titled('Région du siège', { expectedName: 'region_siege', name: 'region' })
    await designer.required()
    await designer.choices(REGIONS)

    await designer.add('Nombre')
    await designer.titled('Année de création', { expectedName: 'annee_creation' })
    await designer.integer()
    await designer.form.getByRole('textbox', { name: 'Plus petite valeur acceptée' }).fill('1800')
    await designer.form.getByRole('textbox', { name: 'Plus grande valeur acceptée' }).fill('2025')

    await designer.add('Cases à cocher')
    await designer.titled('À quelles familles du réseau votre organisation appartient-elle ?', { name: 'familles' })
    await designer.help('Plusieurs réponses possibles.')
    await designer.required()
    await designer.choices(FAMILLES)

    // A conditional question, built with the visibility builder, that the preview shows and hides.
    await designer.add('Date')
    await designer.titled('Date d’obtention de l’agrément', { expectedName: 'date_obtention_agrement' })
    await designer.form.getByRole('button', { name: 'Ajouter une condition' }).click()
    await designer.form.getByRole('combobox', { name: 'Condition 1 : question' }).selectOption('agrement_esus')
    await designer.form.getByRole('combobox', { name: 'Condition 1 : comparaison' }).selectOption({ label: 'est égal à' })
    await designer.form.getByRole('combobox', { name: 'Condition 1 : valeur' }).selectOption({ label: 'Oui' })
    expect(await designer.form.getByRole('textbox', { name: 'Expression (experts)' }).inputValue()).toBe("{agrement_esus} = 'oui'")
    const preview = page.getByRole('region', { name: 'Aperçu' })
    await preview.getByRole('combobox', { name: 'Aperçu de' }).selectOption('page')
    await preview.getByText('Nom de l’organisation').first().waitFor()
    await page.waitForTimeout(800)
    expect(await preview.getByText('Date d’obtention de l’agrément').count(), 'hidden until « Oui »').toBe(0)
    await preview.getByRole('radio', { name: 'Oui' }).check({ force: true })
    await preview.getByText('Date d’obtention de l’agrément').first().waitFor()
    await preview.getByRole('radio', { name: 'Non' }).check({ force: true })
    await preview.getByText('Date d’obtention de l’agrément').first().waitFor({ state: 'detached' })
    expect(await axeViolations(page)).toEqual([])

    // Page 2, « Économie et emplois », added after page 1.
    await designer.select('Votre organisation')
    await designer.add('Page')
    await designer.titled('Économie et emplois', { en: 'Economy and jobs', expectedName: 'economie_emplois' })
    await designer.help('Année de référence : 2024.')

    await designer.add('Nombre')
    await designer.titled('Budget annuel 2024 (total des produits, en euros)', { name: 'budget_annuel' })
    await designer.required()
    await designer.rule('Valeur minimale et maximale', 1)

    await designer.add('Nombre')
    await designer.titled('Part des financements publics dans ce budget (%)', { name: 'part_financement_public' })
    const publicShare = await designer.rule('Valeur minimale et maximale', 1)
    await publicShare.getByRole('textbox', { name: 'Maximum' }).fill('100')

    await designer.add('Nombre')
    await designer.titled('Part des revenus d’activité dans ce budget (%)', { name: 'part_revenus_activite' })
    const earnedShare = await designer.rule('Valeur minimale et maximale', 1)
    await earnedShare.getByRole('textbox', { name: 'Maximum' }).fill('100')
    // « La somme de … ≤ 100 », the two percentages picked from the questions.
    const sum = await designer.rule('Somme ≤ N', 2)
    await sum.getByRole('checkbox', { name: 'Part des financements publics dans ce budget (%) (part_financement_public)' }).check()
    await sum.getByRole('checkbox', { name: 'Année de création (annee_creation)' }).uncheck()
    await sum.getByRole('checkbox', { name: 'Part des revenus d’activité dans ce budget (%) (part_revenus_activite)' }).check()
    expect(await sum.getByRole('textbox', { name: 'La somme ne dépasse pas' }).inputValue()).toBe('100')

    await designer.add('Nombre')
    await designer.titled('Nombre de salariés au 31 décembre 2024', { name: 'salaries_nombre' })
    await designer.integer()
    await designer.required()
    await designer.rule('Valeur minimale et maximale', 1)

    await designer.add('Nombre')
    await designer.titled('Nombre de salariés en équivalent temps plein (ETP) sur 2024', { name: 'salaries_etp' })
    await designer.rule('Valeur minimale et maximale', 1)
    // « dont ≤ total », as a warning: the message is written for the person.
    const partOf = await designer.rule('Dont ≤ total', 2)
    await partOf.getByRole('combobox', { name: 'ne dépasse pas le total' }).selectOption('salaries_nombre')
    await partOf.getByRole('checkbox', { name: 'Avertissement seulement' }).check()
    expect(await partOf.getByRole('textbox', { name: 'Message de la règle 2, français' }).inputValue()).toBe(
      '« Nombre de salariés en équivalent temps plein (ETP) sur 2024 » dépasse « Nombre de salariés au 31 décembre 2024 » : vérifiez les deux réponses.',
    )

    await designer.add('Nombre')
    await designer.titled('Nombre de bénévoles actifs en 2024', { name: 'benevoles_nombre' })
    await designer.integer()
    await designer.rule('Valeur minimale et maximale', 1)

    await designer.add('Nombre')
    await designer.titled('Nombre total d’heures de bénévolat en 2024', { name: 'benevoles_heures' })
    await designer.rule('Valeur minimale et maximale', 1)
    // A plausibility warning: at most 1 607 hours (a full-time year) per volunteer.
    const hours = await designer.rule('Rapport entre deux réponses (vraisemblance)', 2)
    await hours.getByRole('combobox', { name: 'rapportée à' }).selectOption('benevoles_nombre')
    await hours.getByRole('textbox', { name: 'Au plus (par unité)' }).fill('1 607')
    await hours.getByRole('textbox', { name: 'Message de la règle 2, français' }).fill('Plus de 1 607 heures par bénévole en moyenne : vérifiez.')

    // Back to the budget: between 5 000 € and 1 M€ per employee, else a warning.
    await designer.select('Budget annuel 2024')
    const perEmployee = await designer.rule('Rapport entre deux réponses (vraisemblance)', 2)
    await perEmployee.getByRole('combobox', { name: 'rapportée à' }).selectOption('salaries_nombre')
    await perEmployee.getByRole('textbox', { name: 'Au moins (par unité)' }).fill('5000')
    await perEmployee.getByRole('textbox', { name: 'Au plus (par unité)' }).fill('1000000')
    expect(await perEmployee.getByRole('checkbox', { name: 'Ne pas contrôler quand la seconde réponse vaut 0' }).isChecked()).toBe(true)

    // The conditional question goes to a third page, by keyboard only: Alt+↓ moves it one step
    // at a time (across the end of page 1, then through page 2), and it keeps the focus.
    await designer.select('Économie et emplois')
    await designer.add('Page')
    await designer.titled('Suite', { expectedName: 'suite' })
    const conditional = designer.outline.getByRole('button', { name: /^Date d’obtention de l’agrément/ })
    await conditional.focus()
    for (let step = 0; step < 9; step++) await page.keyboard.press('Alt+ArrowDown')
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Date d’obtention de l’agrément/)
    await page.getByRole('status').filter({ hasText: '« Date d’obtention de l’agrément » déplacé : page 3, position 1.' }).waitFor()

    // No error left at any question; the whole questionnaire previews; axe is clean.
    const checked = page.getByRole('status').filter({ hasText: /vérification automatique/ })
    await checked.waitFor()
    expect(await checked.innerText()).toMatch(/vérification automatique\s:\serreurs 0,/)
    await preview.getByRole('combobox', { name: 'Aperçu de' }).selectOption('survey')
    await preview.getByText('Nom de l’organisation').first().waitFor()
    expect(await axeViolations(page)).toEqual([])

    await page.getByLabel('Note de version (facultative)').fill('Les deux premières pages, refaites dans le concepteur')
    const before = await staff.admin.json<{ version: number }>('GET', `/api/waves/${wave.id}/questionnaire`)
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await page.getByText(`Version ${before.version + 1} enregistrée.`).waitFor()
    const stored = (await staff.admin.json<{ definition: { pages: PageJson[] } }>('GET', `/api/waves/${wave.id}/questionnaire`)).definition

    expect(structure(stored.pages.slice(0, 2))).toEqual(structure(reference.pages.slice(0, 2)))
    expect(stored.pages[2]).toMatchObject({
      name: 'suite',
      elements: [{ type: 'text', inputType: 'date', name: 'date_obtention_agrement', visibleIf: "{agrement_esus} = 'oui'" }],
    })
  })
})
