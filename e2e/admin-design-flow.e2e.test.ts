import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addOrganisation, DesignerPage, submitThroughLink, unique, useStaffConsole } from './admin-support'
import { axeViolations } from './harness'
import { question, questionnaireReady, typeInto, waitUntilSaved } from './respondent-support'

// Issue 11, point 6, end to end: staff design a wave without any JSON — a two-page questionnaire
// with a conditional question and a « dont ≤ total » rule, one indicator — open it; a member
// answers through its link; the indicator appears with its value, in French.

const staff = useStaffConsole()

const TOTAL = 'Budget annuel (en euros)'
const PART = 'dont subventions publiques (en euros)'
const CONDITIONAL = 'Quelles missions confiez-vous aux bénévoles ?'
const PART_MESSAGE = `« ${PART} » ne peut pas dépasser « ${TOTAL} ».`

/** The tab `name` of the wave's sections, reached as a person does: by its link. */
async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections de la vague' }).getByRole('link', { name, exact: true }).click()
  await page.getByRole('heading', { name, level: 2 }).waitFor()
}

describe('a wave designed in the console, answered and counted', () => {
  it('builds two pages with a conditional question and a « dont ≤ total » rule, one indicator, opens the wave, and shows the median a member gave', async () => {
    const page = await staff.openAsAdmin(`/admin`)
    await page.getByRole('heading', { name: 'Vagues d’enquête', level: 1 }).waitFor()

    // A new wave, made in the console: it opens on its questionnaire, in the designer.
    const title = `Enquête bénévolat ${unique('flux')}`
    await page.getByRole('textbox', { name: 'Titre' }).pressSequentially(title)
    await page.getByRole('button', { name: 'Créer la vague' }).click()
    await page.getByRole('heading', { name: title, level: 1 }).waitFor()
    await page.getByRole('heading', { name: 'Questionnaire', level: 2 }).waitFor()
    const waveId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]!)
    const designer = new DesignerPage(page)
    await designer.outline.waitFor()
    await designer.deleteEveryPage()

    // Page 1: the families (results are counted per family), a yes/no choice, and a question
    // shown only after « Oui », built with the visibility builder.
    await designer.add('Page')
    await designer.titled('Votre structure', { en: 'Your organisation' })
    await designer.add('Cases à cocher')
    await designer.titled('À quelles familles du réseau votre structure appartient-elle ?', { name: 'familles' })
    await designer.choices(['insertion;Insertion & formation numérique', 'communs;Communs numériques & open data'])
    await designer.add('Choix unique')
    await designer.titled('Votre structure accueille-t-elle des bénévoles ?', { name: 'benevoles' })
    await designer.required()
    await designer.choices(['oui;Oui', 'non;Non'])
    await designer.add('Texte long')
    await designer.titled(CONDITIONAL)
    await designer.form.getByRole('button', { name: 'Ajouter une condition' }).click()
    await designer.form.getByRole('combobox', { name: 'Condition 1 : question' }).selectOption('benevoles')
    await designer.form.getByRole('combobox', { name: 'Condition 1 : comparaison' }).selectOption({ label: 'est égal à' })
    await designer.form.getByRole('combobox', { name: 'Condition 1 : valeur' }).selectOption({ label: 'Oui' })
    expect(await designer.form.getByRole('textbox', { name: 'Expression (experts)' }).inputValue()).toBe("{benevoles} = 'oui'")

    // The preview follows: the conditional question appears with « Oui » and goes with « Non ».
    const preview = page.getByRole('region', { name: 'Aperçu' })
    await preview.getByRole('combobox', { name: 'Aperçu de' }).selectOption('page')
    await preview.getByText('Votre structure accueille-t-elle des bénévoles ?').first().waitFor()
    await page.waitForTimeout(800)
    expect(await preview.getByText(CONDITIONAL).count(), 'hidden until « Oui »').toBe(0)
    await preview.getByRole('radio', { name: 'Oui' }).check({ force: true })
    await preview.getByText(CONDITIONAL).first().waitFor()
    await preview.getByRole('radio', { name: 'Non' }).check({ force: true })
    await preview.getByText(CONDITIONAL).first().waitFor({ state: 'detached' })

    // Page 2: a total and its « dont », the rule picked from the questions.
    await designer.select('Votre structure')
    await designer.add('Page')
    await designer.titled('Budget', { en: 'Budget' })
    await designer.add('Nombre')
    await designer.titled(TOTAL, { name: 'budget_total' })
    await designer.required()
    await designer.add('Nombre')
    await designer.titled(PART, { name: 'budget_subventions' })
    const rule = await designer.rule('Dont ≤ total', 1)
    await rule.getByRole('combobox', { name: 'ne dépasse pas le total' }).selectOption('budget_total')
    expect(await rule.getByRole('textbox', { name: 'Message de la règle 1, français' }).inputValue()).toBe(PART_MESSAGE)

    // The questionnaire itself is retitled at the top of the outline.
    await designer.select('Enquête 2025')
    await designer.form.getByRole('textbox', { name: 'Titre du questionnaire, français' }).fill('Bénévolat et budget 2025')

    // Saved as version 2: a new design (only the registry's questions in common with the 2025
    // questionnaire), so the default indicators it cannot feed go with the save, each named.
    await page.getByLabel('Note de version (facultative)').fill('Bénévolat et budget, refait dans le concepteur')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    const results = page.getByRole('region', { name: 'Résultat de la vérification' })
    await results.getByText('Version 2 enregistrée.').waitFor()
    expect(await results.innerText()).toContain('L’indicateur « Budget annuel (médiane et quartiles) » a été retiré : il utilise la question budget_annuel')

    // In another tab, the wave's indicators: none left of the default catalogue.
    const indicators = await staff.pages.tab(page)
    await indicators.goto(`${staff.server.baseUrl}/admin/waves/${waveId}/indicators`)
    await indicators.getByRole('heading', { name: 'Indicateurs', level: 2 }).waitFor()
    expect(await indicators.getByRole('button', { name: /^Supprimer « / }).count()).toBe(0)

    // The one indicator of this wave: the median of the total, picked from the saved questions.
    await indicators.getByRole('button', { name: 'Ajouter un indicateur' }).click()
    await indicators.getByLabel('Libellé en français', { exact: true }).pressSequentially('Budget médian des structures')
    await indicators.getByLabel('Libellé en anglais', { exact: true }).pressSequentially('Median budget of organisations')
    await indicators.getByLabel('Calcul', { exact: true }).selectOption({ label: 'Médiane' })
    await indicators.getByLabel('Question', { exact: true }).selectOption({ label: `${TOTAL} (budget_total)` })
    await indicators.getByLabel('Unité', { exact: true }).pressSequentially('EUR')
    await indicators.getByRole('button', { name: 'Appliquer à la liste' }).click()
    await indicators.getByRole('button', { name: 'Enregistrer les indicateurs' }).click()
    await indicators.getByRole('status').getByText('Indicateurs enregistrés (1).').waitFor()
    const table = indicators.getByRole('table', { name: 'Indicateurs de la vague, dans l’ordre des résultats' })
    expect(await table.getByRole('rowheader').allInnerTexts()).toEqual([expect.stringMatching(/^Budget médian des structures/)])
    await indicators.close()

    // Five member organisations of the « insertion » family (their list is the members tab's
    // own test), then the wave is opened from the console.
    const members = await Promise.all(
      ['Atelier', 'Recyclerie', 'Tiers-lieu', 'Fablab', 'Coopérative'].map((name) =>
        addOrganisation(staff.admin, waveId, { name: `${name} ${unique('flux')}`, familyKeys: ['insertion'] }),
      ),
    )
    await page.getByRole('button', { name: 'Ouvrir la vague' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Ouvrir la vague' }).click()
    await page.getByRole('status').filter({ hasText: 'La vague est maintenant ouverte.' }).waitFor()

    // A member answers through its link, as designed.
    const respondent = await staff.pages.open()
    await respondent.goto(members[0]!.invitation.link)
    await questionnaireReady(respondent)
    await respondent.getByRole('heading', { name: 'Bénévolat et budget 2025' }).first().waitFor()
    expect(await question(respondent, 'familles du réseau').getByRole('checkbox', { name: 'Insertion & formation numérique' }).isChecked()).toBe(true)
    expect(await question(respondent, CONDITIONAL).count()).toBe(0)
    await question(respondent, 'accueille-t-elle des bénévoles').getByText('Oui', { exact: true }).click()
    await typeInto(question(respondent, CONDITIONAL).getByRole('textbox'), 'Accueil du public et réparation')
    await respondent.getByRole('button', { name: 'Suivant' }).click()
    await typeInto(respondent.getByRole('textbox', { name: new RegExp(`^${TOTAL.replace(/[()]/g, '\\$&')}`) }), '185000')
    const part = respondent.getByRole('textbox', { name: new RegExp(`^${PART.replace(/[()]/g, '\\$&')}`) })
    await typeInto(part, '200000')
    await waitUntilSaved(respondent)
    await respondent.getByRole('button', { name: 'Terminer' }).click()
    await question(respondent, PART).getByText(PART_MESSAGE).waitFor()
    expect(await respondent.getByText('Merci, vos réponses ont été envoyées').count()).toBe(0)
    expect(await axeViolations(respondent)).toEqual([])
    await typeInto(part, '60000')
    await waitUntilSaved(respondent)
    await respondent.getByRole('button', { name: 'Terminer' }).click()
    await respondent.getByRole('heading', { name: 'Merci, vos réponses ont été envoyées' }).waitFor({ timeout: 30_000 })

    // The four others answer through the respondent API (the browser part is above).
    const budgets = [120_000, 150_000, 250_000, 310_000]
    for (const [index, budget] of budgets.entries()) {
      await submitThroughLink(members[index + 1]!.invitation.link, {
        familles: ['insertion'],
        benevoles: 'non',
        budget_total: budget,
        budget_subventions: budget / 2,
      })
    }

    // Staff read the live computation from the « Résultats » tab: the median, in French.
    await page.bringToFront()
    await openTab(page, 'Résultats')
    await page.getByRole('link', { name: 'Voir le calcul en direct (provisoire) dans le portail' }).click()
    // The link opens the wave's overview on the live computation; the full table is a page of its own.
    await page.getByRole('heading', { name: new RegExp(`^Vue d’ensemble de la vague\\s«\\s${title}\\s»$`), level: 2 }).waitFor()
    await page.getByRole('navigation', { name: 'Pages de la vague' }).getByRole('link', { name: 'Tableau d’ensemble', exact: true }).click()
    await page.getByRole('heading', { name: /^Tableau d’ensemble/, level: 2 }).waitFor()
    expect(new URL(page.url()).searchParams.get('release')).toBe('live')
    await page
      .getByRole('note')
      .getByText(/provisoire/)
      .first()
      .waitFor()
    const summary = page.getByRole('table', { name: `Indicateurs de la vague « ${title} », par famille d’acteurs` })
    const headers = (await summary.getByRole('columnheader').allInnerTexts()).map((text) => text.trim())
    const row = summary.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^Budget médian des structures/ }) })
    const cells = await row.getByRole('cell').allInnerTexts()
    const cellOf = (family: string) => cells[headers.indexOf(family) - 1]
    // 120 000, 150 000, 185 000, 250 000 and 310 000 €: the median is the member's own answer.
    expect(cellOf('Insertion & formation numérique')).toMatch(/^185\s000\s€\s+Quartiles\s:\s150\s000\s€\s–\s250\s000\s€\s+n\s=\s5$/)
    expect(cellOf('Toutes familles')).toMatch(/^185\s000\s€/)
    expect(cellOf('Communs numériques & open data')).toMatch(/^masqué — secret statistique/)
    expect(await axeViolations(page)).toEqual([])
  })
})
