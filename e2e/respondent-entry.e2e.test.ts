import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { answerRequiredQuestions, goToLastPage, nameField, question, respondentSuite, screenshot, typeInto, waitUntilSaved } from './respondent-support'

const suite = respondentSuite()

const NNBSP = '\u202f'

/** An organisation added by hand by staff, with what the registry knows of it, and its link. */
async function newOrganisation(name: string, registry: { familyKeys?: string[]; region?: string; siren?: string } = {}): Promise<string> {
  const wave = await suite.api.demoWave()
  const created = await suite.api.json<{ invitation: { link: string } }>('POST', `/api/waves/${wave.id}/organisations`, {
    name,
    familyKeys: registry.familyKeys ?? ['insertion'],
    ...(registry.region ? { region: registry.region } : {}),
    ...(registry.siren ? { siren: registry.siren } : {}),
  })
  return created.invitation.link
}

/** The answers stored on the server for a link, as the API gives them. */
async function storedAnswers(link: string): Promise<Record<string, unknown>> {
  const url = new URL(link)
  const response = await fetch(`${url.origin}/api/r/${url.pathname.split('/').pop()}`)
  return ((await response.json()) as { response: { answers: Record<string, unknown> } }).response.answers
}

/** A numeric field, found as a person finds it: a text box named by its question's title. */
const numberField = (page: Page, title: RegExp) => page.getByRole('textbox', { name: title })

const ETP = /^Nombre de salariés en équivalent temps plein/
const HEADCOUNT = /^Nombre de salariés au 31/
const BUDGET = /^Budget annuel/
const PUBLIC_SHARE = /^Part des financements publics/
const EARNED_SHARE = /^Part des revenus d'activité/
const VOLUNTEER_HOURS = /^Nombre total d'heures de bénévolat/

/** Types into a field and leaves it, as a person moves on with Tab. */
async function typeAndLeave(field: Locator, text: string): Promise<void> {
  await typeInto(field, text)
  await field.press('Tab')
}

/** The message SurveyJS shows in a question's box (its role="alert" region). */
const messageOf = (page: Page, title: string | RegExp) => question(page, title).getByRole('alert')

async function openEconomyPage(link: string, locale: string): Promise<Page> {
  const context = await suite.sessions.newContext({ locale })
  const page = await suite.sessions.openQuestionnaire(link, context)
  await page.getByRole('button', { name: 'Suivant' }).click()
  await numberField(page, ETP).waitFor()
  return page
}

describe.each(['en-US', 'fr-FR'])('numbers typed in a Chromium whose language is %s', (locale) => {
  it('stores exactly the number typed, with a decimal comma or point and spaced thousands, and shows it back in French', async () => {
    const link = await newOrganisation(`Saisie exacte ${locale}`)
    const page = await openEconomyPage(link, locale)
    // The field is a text box for decimals, whatever the browser's language.
    expect(await numberField(page, ETP).getAttribute('inputmode')).toBe('decimal')

    await typeAndLeave(numberField(page, ETP), '21,5')
    await typeAndLeave(numberField(page, PUBLIC_SHARE), '21.5')
    await typeAndLeave(numberField(page, VOLUNTEER_HOURS), '1 607')
    await typeAndLeave(numberField(page, BUDGET), `1${NNBSP}607,5`)
    await waitUntilSaved(page)

    await expect
      .poll(() => storedAnswers(link))
      .toMatchObject({
        salaries_etp: 21.5,
        part_financement_public: 21.5,
        benevoles_heures: 1607,
        budget_annuel: 1607.5,
      })
    expect(await numberField(page, ETP).inputValue()).toBe('21,5')
    expect(await numberField(page, PUBLIC_SHARE).inputValue()).toBe('21,5')
    expect(await numberField(page, VOLUNTEER_HOURS).inputValue()).toBe(`1${NNBSP}607`)
    expect(await numberField(page, BUDGET).inputValue()).toBe(`1${NNBSP}607,5`)

    // Loaded from the server, in another browser: shown the same way.
    const other = await openEconomyPage(link, locale)
    expect(await numberField(other, BUDGET).inputValue()).toBe(`1${NNBSP}607,5`)
    expect(await numberField(other, ETP).inputValue()).toBe('21,5')
  })

  it('refuses an ambiguous or unparseable value at the field, stores nothing for it, and keeps the text through a reload', async () => {
    const link = await newOrganisation(`Saisie refusée ${locale}`)
    const page = await openEconomyPage(link, locale)
    await typeAndLeave(numberField(page, VOLUNTEER_HOURS), '1 607')
    await waitUntilSaved(page)
    await expect.poll(() => storedAnswers(link)).toMatchObject({ benevoles_heures: 1607 })

    // "1,607": thousands in English, a decimal in French. Both ways of saying it are offered.
    await typeAndLeave(numberField(page, VOLUNTEER_HOURS), '1,607')
    await expect.poll(() => messageOf(page, VOLUNTEER_HOURS).innerText()).toContain('«\u00A01,607\u00A0» se lit de deux façons')
    expect(await messageOf(page, VOLUNTEER_HOURS).innerText()).toContain(`écrivez 1${NNBSP}607 s’il s’agit de milliers, ou 1,6070`)
    const field = numberField(page, VOLUNTEER_HOURS)
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await field.getAttribute('aria-describedby')) ?? ''
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toContain('se lit de deux façons')
    await waitUntilSaved(page)
    await expect.poll(async () => (await storedAnswers(link)).benevoles_heures).toBeUndefined()

    await typeAndLeave(numberField(page, ETP), '12,5,3')
    await expect.poll(() => messageOf(page, ETP).innerText()).toContain('«\u00A012,5,3\u00A0» n’est pas un nombre')
    expect(await messageOf(page, ETP).innerText()).toContain('Rien n’est enregistré pour cette question')
    await screenshot(page, `number-entry-refused-${locale}`)
    expect(await storedAnswers(link)).not.toHaveProperty('salaries_etp')

    // Nothing typed is lost: the text and its message are back after a reload.
    await page.reload()
    await page.getByRole('button', { name: 'Suivant' }).click()
    await expect.poll(() => numberField(page, ETP).inputValue()).toBe('12,5,3')
    await expect.poll(() => messageOf(page, ETP).innerText()).toContain('n’est pas un nombre')
    expect(await numberField(page, VOLUNTEER_HOURS).inputValue()).toBe('1,607')

    // Corrected, the message goes at once and the number is stored.
    await typeInto(numberField(page, ETP), '12,5')
    await expect.poll(() => messageOf(page, ETP).count()).toBe(0)
    expect(await numberField(page, ETP).getAttribute('aria-invalid')).toBe('false')
    await numberField(page, ETP).press('Tab')
    await waitUntilSaved(page)
    await expect.poll(() => storedAnswers(link)).toMatchObject({ salaries_etp: 12.5 })
  })
})

describe('the questionnaire’s rules at the field', () => {
  it('shows a "dont ≤ total" or "over 100 %" rule as soon as both values exist, on either one’s change, and drops it once fixed', async () => {
    const link = await newOrganisation('Règles au fil de la saisie')
    const page = await openEconomyPage(link, 'fr-FR')
    await typeAndLeave(numberField(page, PUBLIC_SHARE), '60')
    expect(await messageOf(page, EARNED_SHARE).count()).toBe(0)
    await typeAndLeave(numberField(page, EARNED_SHARE), '50')
    // Shown on the page being filled, without leaving it.
    await expect.poll(() => messageOf(page, EARNED_SHARE).innerText()).toContain('ne peuvent pas dépasser 100 %')
    await typeAndLeave(numberField(page, PUBLIC_SHARE), '40')
    await expect.poll(() => messageOf(page, EARNED_SHARE).count()).toBe(0)

    await page.getByRole('button', { name: 'Suivant' }).click()
    const members = numberField(page, /^Nombre de membres de l'instance/)
    const women = numberField(page, /^Dont nombre de femmes/)
    await typeAndLeave(women, '5')
    expect(await messageOf(page, /^Dont nombre de femmes/).count()).toBe(0)
    await typeAndLeave(members, '3')
    await expect.poll(() => messageOf(page, /^Dont nombre de femmes/).innerText()).toContain('ne peut pas dépasser le nombre de membres')
    await typeAndLeave(members, '6')
    await expect.poll(() => messageOf(page, /^Dont nombre de femmes/).count()).toBe(0)
  })

  it('warns of an unusual value at once, lets the person confirm it for everyone, and voids the confirmation when the value changes', async () => {
    const link = await newOrganisation('Valeurs inhabituelles')
    const page = await openEconomyPage(link, 'fr-FR')
    await typeAndLeave(numberField(page, HEADCOUNT), '25')
    await typeAndLeave(numberField(page, ETP), '215')
    await expect.poll(() => messageOf(page, ETP).innerText()).toContain("Plus d'ETP que de salariés")
    // A warning does not make the field invalid.
    expect(await numberField(page, ETP).getAttribute('aria-invalid')).toBe('false')
    await screenshot(page, 'number-entry-warning')

    await question(page, ETP).getByRole('button', { name: 'Je confirme cette valeur' }).click()
    await expect.poll(() => messageOf(page, ETP).count()).toBe(0)
    await expect.poll(() => question(page, ETP).getByRole('status').innerText()).toBe('Valeur inhabituelle confirmée.')
    await waitUntilSaved(page)
    await expect.poll(() => storedAnswers(link)).toMatchObject({ salaries_etp: 215, salaries_etp__confirme: 215 })

    // A colleague on another device sees it confirmed.
    const colleague = await openEconomyPage(link, 'fr-FR')
    await expect.poll(() => question(colleague, ETP).getByRole('status').innerText()).toBe('Valeur inhabituelle confirmée.')
    expect(await messageOf(colleague, ETP).count()).toBe(0)

    // Another value needs a confirmation of its own.
    await typeAndLeave(numberField(page, ETP), '216')
    await expect.poll(() => messageOf(page, ETP).innerText()).toContain("Plus d'ETP que de salariés")
    await waitUntilSaved(page)
    await expect.poll(async () => (await storedAnswers(link)).salaries_etp__confirme).toBeUndefined()
    expect((await storedAnswers(link)).salaries_etp).toBe(216)
  })

  it('lists unconfirmed warnings before sending, each one link away, and sends anyway', async () => {
    const link = await newOrganisation('Envoi malgré un avertissement')
    const context = await suite.sessions.newContext()
    const page = await suite.sessions.openQuestionnaire(link, context)
    await answerRequiredQuestions(page, 'Envoi malgré un avertissement')
    await page
      .getByRole('navigation', { name: 'Sommaire du questionnaire' })
      .getByRole('button', { name: /^Économie et emplois/ })
      .click()
    // 4 employees (answerRequiredQuestions): 10 FTE is unusual.
    await typeAndLeave(numberField(page, ETP), '10')
    await expect.poll(() => messageOf(page, ETP).innerText()).toContain("Plus d'ETP que de salariés")
    await waitUntilSaved(page)

    await goToLastPage(page)
    await expect.poll(() => page.getByText('Une valeur inhabituelle n’est pas confirmée').count()).toBe(1)
    await page.getByRole('button', { name: 'Voir ce qui manque' }).click()
    const warnings = page.getByRole('region', { name: 'Une valeur inhabituelle à vérifier' })
    await warnings.waitFor()
    expect(await warnings.innerText()).toContain("Plus d'ETP que de salariés")
    await screenshot(page, 'number-entry-summary', true)
    await warnings.getByRole('link', { name: /^Nombre de salariés en équivalent temps plein/ }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('decimal')
    expect(await numberField(page, ETP).evaluate((element) => element === document.activeElement)).toBe(true)

    await goToLastPage(page)
    await page.getByRole('button', { name: 'Terminer' }).click()
    await page.getByRole('heading', { name: 'Merci, vos réponses ont été envoyées', level: 1 }).waitFor()
    expect(await storedAnswers(link)).toMatchObject({ salaries_etp: 10 })
  })
})

describe('what the registry knows', () => {
  it('is already answered — name, families, region, SIREN — and stays editable', async () => {
    const link = await newOrganisation('Recyclerie du Registre', { familyKeys: ['reemploi', 'communs'], region: 'Bretagne', siren: '552100554' })
    const page = await suite.sessions.openQuestionnaire(link)
    expect(await nameField(page).inputValue()).toBe('Recyclerie du Registre')
    expect(await question(page, 'Région du siège').innerText()).toContain('Bretagne')
    const families = question(page, 'familles du réseau')
    expect(await families.getByRole('checkbox', { name: 'Économie circulaire : réemploi & reconditionnement' }).isChecked()).toBe(true)
    expect(await families.getByRole('checkbox', { name: 'Communs numériques & open data' }).isChecked()).toBe(true)
    expect(await families.getByRole('checkbox', { name: 'Insertion & formation numérique' }).isChecked()).toBe(false)
    expect(await page.getByRole('textbox', { name: /^Numéro SIREN/ }).inputValue()).toBe('552100554')
    // The family pages follow from the prefilled families.
    expect(await page.getByRole('navigation', { name: 'Sommaire du questionnaire' }).innerText()).toContain(
      'Économie circulaire : réemploi & reconditionnement',
    )

    await typeInto(nameField(page), 'Recyclerie du Registre (Rennes)')
    await families.getByText('Communs numériques & open data', { exact: true }).click()
    await waitUntilSaved(page)
    await expect
      .poll(() => storedAnswers(link))
      .toMatchObject({
        nom_organisation: 'Recyclerie du Registre (Rennes)',
        familles: ['reemploi'],
        region: 'bretagne',
        siren: '552100554',
      })
  })
})
