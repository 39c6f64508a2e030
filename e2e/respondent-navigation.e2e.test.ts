import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  DEMO_ORGANISATIONS,
  chooseInDropdown,
  demoLink,
  goToLastPage,
  nameField,
  question,
  questionnaireReady,
  respondentSuite,
  screenshot,
  seriousViolations,
  typeInto,
  waitUntilSaved,
} from './respondent-support'

// A long questionnaire: where am I, what is left, and getting through it with a keyboard or a phone.
const suite = respondentSuite()
const { sessions } = suite

const toc = (page: Page) => page.getByRole('navigation', { name: 'Sommaire du questionnaire' })
const tocEntry = (page: Page, title: string) => toc(page).getByRole('button', { name: new RegExp(`^${title} — `) })
const progress = (page: Page) => toc(page).locator('.toc__progress')

/** The text of the element that has the focus, and the question it belongs to. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLInputElement | null
    if (!element || element === document.body) return 'body'
    const labelledBy = element.getAttribute('aria-labelledby')
    const name =
      element.getAttribute('aria-label') ??
      (labelledBy
        ? labelledBy
            .split(' ')
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' ')
        : null) ??
      element.labels?.[0]?.textContent ??
      element.textContent ??
      ''
    const questionName = element.closest('.sd-question')?.getAttribute('data-name') ?? ''
    return `${element.tagName.toLowerCase()}${element.type ? `[${element.type}]` : ''} ${questionName ? `(${questionName}) ` : ''}${name.replace(/\s+/g, ' ').trim()}`
  })
}

describe('finding one’s way through a long questionnaire', () => {
  it('shows the pages with their state and progress, and says what is missing when a page is left or checked', async () => {
    const page = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[3]))

    // What a screen reader announces, in order: the page's title, then its state after a dash that
    // only the accessibility tree holds (respondent.css gives it as CSS alternative text).
    const entries = async () => [...(await toc(page).locator('ol').ariaSnapshot()).matchAll(/button "([^"]*)"/g)].map((match) => match[1])
    // The registry's name, region and family are already answered; the family's page is there.
    expect(await entries()).toEqual([
      'Votre organisation — en cours',
      'Économie et emplois — pas commencée',
      'Gouvernance et modèle ESS — pas commencée',
      'Communs numériques & open data — pas commencée',
      'Numérique responsable et souveraineté — pas commencée',
      'Besoins et attentes — pas commencée',
      'Protection des données et consentement — pas commencée',
    ])
    expect(await tocEntry(page, 'Votre organisation').getAttribute('aria-current')).toBe('step')
    expect(await progress(page).textContent()).toBe('Questions obligatoires répondues\u00A0: 3 sur 9')

    await typeInto(nameField(page), 'Données Ouvertes en Commun')
    await chooseInDropdown(page, 'Forme juridique', 'Association')
    await expect.poll(() => progress(page).textContent()).toBe('Questions obligatoires répondues\u00A0: 4 sur 9')
    await expect.poll(() => tocEntry(page, 'Votre organisation').innerText()).toMatch(/en cours$/)

    // A family ticked: its page joins the questionnaire and the table of contents.
    await question(page, 'familles du réseau').getByText('Plateformes coopératives', { exact: true }).click()
    await tocEntry(page, 'Plateformes coopératives').waitFor()

    // Leaving the page with required answers missing: said in French, without holding the person back.
    await page.getByRole('button', { name: 'Suivant' }).click()
    const leftNotice = page.locator('.notice', { hasText: 'que vous venez de quitter' })
    await leftNotice.waitFor()
    expect(await leftNotice.innerText()).toContain(
      'Sur la page «\u00A0Votre organisation\u00A0» que vous venez de quitter, une réponse reste à compléter ou à corriger',
    )
    expect(await leftNotice.getByRole('listitem').allInnerTexts()).toEqual([
      "Votre organisation a-t-elle l'agrément ESUS (entreprise solidaire d'utilité sociale) ? — réponse obligatoire",
    ])
    await expect.poll(() => tocEntry(page, 'Votre organisation').innerText()).toMatch(/à corriger$/)
    // The new page starts at its title.
    expect(await focused(page)).toBe('h2 Économie et emplois')
    expect(await seriousViolations(page)).toEqual([])

    // A link of the notice opens the question on its page.
    await leftNotice.getByRole('link', { name: /l'agrément ESUS/ }).click()
    await expect.poll(() => focused(page)).toMatch(/^input\[radio\] \(agrement_esus\)/)
    // The page left earlier shows SurveyJS's own message on the question.
    expect(await question(page, "l'agrément ESUS").innerText()).toContain('La réponse à cette question est obligatoire.')

    // "Vérifier cette page": the problems of the page shown, then that it is complete.
    await page.getByRole('button', { name: 'Vérifier cette page' }).click()
    const here = page.locator('.notice', { hasText: 'Sur cette page' })
    await here.waitFor()
    expect(await here.innerText()).toContain('Sur cette page, une réponse est à compléter ou à corriger')
    await question(page, "l'agrément ESUS").getByText('Non', { exact: true }).click()
    await page.getByRole('button', { name: 'Vérifier cette page' }).click()
    await page.getByText('La page « Votre organisation » est complète.').waitFor()
    await expect.poll(() => tocEntry(page, 'Votre organisation').innerText()).toMatch(/complète$/)
    await screenshot(page, 'toc-desktop')

    // Any page is one button away; its title receives the focus.
    await tocEntry(page, 'Gouvernance et modèle ESS').click()
    await expect.poll(() => focused(page)).toBe('h2 Gouvernance et modèle ESS')
    expect(await tocEntry(page, 'Gouvernance et modèle ESS').getAttribute('aria-current')).toBe('step')
    await waitUntilSaved(page)
  })

  it('lists what is still required before sending, each question one link away', async () => {
    const page = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[4]))
    await goToLastPage(page)
    // The registry answered the name, the region and the families: 6 required answers are left.
    await page.getByText('Il reste 6 réponses à compléter ou à corriger avant d’envoyer le questionnaire.').waitFor()

    await page.getByRole('button', { name: 'Terminer' }).click()
    const summary = page.getByRole('region', { name: /^Avant d’envoyer/ })
    await summary.waitFor()
    expect(await summary.getByRole('heading', { level: 2 }).textContent()).toBe('Avant d’envoyer\u00A0: 6 réponses à compléter')
    // The focus is on the summary, so that a screen reader reads it at once.
    expect(await focused(page)).toBe('h2 Avant d’envoyer : 6 réponses à compléter')
    expect(await summary.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Votre organisation',
      'Économie et emplois',
      'Gouvernance et modèle ESS',
      'Protection des données et consentement',
    ])
    expect(await summary.getByRole('link').allTextContents()).toContain('Nombre de salariés au 31 décembre 2024')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'missing-summary-desktop')

    await summary.getByRole('link', { name: 'Nombre de salariés au 31 décembre 2024' }).click()
    await expect.poll(() => focused(page)).toMatch(/\(salaries_nombre\) Nombre de salariés au 31 décembre 2024/)
    await page.keyboard.type('3')
    await expect.poll(() => summary.getByRole('heading', { level: 2 }).textContent()).toBe('Avant d’envoyer\u00A0: 5 réponses à compléter')
    expect(await page.getByText('Merci, vos réponses ont été envoyées').count()).toBe(0)
    await waitUntilSaved(page)
  })
})

describe('a questionnaire anyone can complete', () => {
  it('is in French, and says so accessibly when a link is unknown', async () => {
    const page = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[2]))
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    expect(await seriousViolations(page)).toEqual([])

    const unknown = await sessions.newPage()
    await unknown.goto(`${suite.server.baseUrl}/r/${'x'.repeat(43)}`)
    await unknown.getByRole('heading', { name: 'Lien introuvable', level: 1 }).waitFor()
    expect(await unknown.locator('html').getAttribute('lang')).toBe('fr')
    expect(await seriousViolations(unknown)).toEqual([])
  })

  it('can be completed and sent with the keyboard alone', async () => {
    const context = await sessions.newContext()
    const page = await sessions.newPage(context)
    await page.goto(await demoLink(suite.api, DEMO_ORGANISATIONS[5]))
    await questionnaireReady(page)

    const tabTo = async (pattern: RegExp): Promise<string> => {
      for (let presses = 0; presses < 80; presses += 1) {
        await page.keyboard.press('Tab')
        const now = await focused(page)
        if (pattern.test(now)) return now
      }
      throw new Error(`Tab never reached ${pattern} (last: ${await focused(page)})`)
    }
    const next = async (title: string) => {
      await tabTo(/^button\[button\] Suivant$/)
      await page.keyboard.press('Enter')
      await expect.poll(() => focused(page)).toBe(`h2 ${title}`)
    }

    // Page 1: a text, two lists to filter and pick from, a radio group, a checkbox.
    await tabTo(/\(nom_organisation\)/)
    await page.keyboard.type('Mesure & Sobriété')
    await tabTo(/\(forme_juridique\)/)
    await page.keyboard.type('SCOP')
    await page.keyboard.press('Enter')
    await tabTo(/\(agrement_esus\)/)
    await page.keyboard.press('Space')
    await tabTo(/\(region\)/)
    await page.keyboard.type('Bretagne')
    await page.keyboard.press('Enter')
    // "Outils de mesure" is ticked already (the registry's family): another one is added.
    await tabTo(/\(familles\) Plateformes coopératives/)
    await page.keyboard.press('Space')
    expect(await question(page, 'familles du réseau').getByRole('checkbox', { name: 'Outils de mesure & numérique responsable' }).isChecked()).toBe(true)
    expect(await question(page, 'Forme juridique').innerText()).toContain('SCOP (société coopérative et participative)')
    expect(await question(page, 'Région du siège').innerText()).toContain('Bretagne')
    await next('Économie et emplois')

    await tabTo(/\(budget_annuel\)/)
    await page.keyboard.type('90000')
    await tabTo(/\(salaries_nombre\)/)
    await page.keyboard.type('2')
    await next('Gouvernance et modèle ESS')

    // A yes/no question drawn as two radio buttons: a named group, answered with the arrows.
    const group = await tabTo(/\(gouvernance_democratique\)/)
    expect(group).toMatch(/^input\[radio\] \(gouvernance_democratique\) (Oui|Non)$/)
    expect(
      await page.evaluate(() => {
        const radiogroup = document.activeElement?.closest('[role="radiogroup"]')
        const ids = radiogroup?.getAttribute('aria-labelledby')?.split(' ') ?? []
        return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ')
      }),
    ).toContain('une personne, une voix')
    await page.keyboard.press(group.endsWith('Oui') ? 'Space' : 'ArrowDown')
    await expect.poll(() => page.locator('.sd-question[data-name="gouvernance_democratique"] input:checked').getAttribute('value')).toBe('true')

    await next('Plateformes coopératives')
    await next('Outils de mesure & numérique responsable')
    await next('Numérique responsable et souveraineté')
    await next('Besoins et attentes')
    await next('Protection des données et consentement')
    await tabTo(/\(consentement\) J'ai lu la notice/)
    await page.keyboard.press('Space')
    await waitUntilSaved(page)
    await tabTo(/^button\[button\] Terminer$/)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Merci, vos réponses ont été envoyées', level: 1 }).waitFor({ timeout: 30_000 })
    expect(await focused(page)).toBe('h1 Merci, vos réponses ont été envoyées')
  })

  it('stays usable on a 320 px wide screen (or at 400 % zoom): no sideways scrolling, every button reachable', async () => {
    const context = await sessions.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, hasTouch: true })
    const page = await sessions.openQuestionnaire(await demoLink(suite.api, DEMO_ORGANISATIONS[0]), context)
    const overflow = () =>
      page.evaluate(() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        main: (document.querySelector('main')?.scrollWidth ?? 0) - (document.querySelector('main')?.clientWidth ?? 0),
      }))

    expect(await overflow()).toEqual({ page: 0, main: 0 })
    // The table of contents is folded above the questions, not beside them.
    expect(await toc(page).locator('details').getAttribute('open')).toBeNull()
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'questionnaire-320', true)

    await goToLastPage(page)
    expect(await overflow()).toEqual({ page: 0, main: 0 })
    const finish: Locator = page.getByRole('button', { name: 'Terminer' })
    await finish.scrollIntoViewIfNeeded()
    const box = await finish.boundingBox()
    expect(box).not.toBeNull()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(320)
    expect(box!.height).toBeGreaterThanOrEqual(24)
    await screenshot(page, 'last-page-320')
  })

  it('stays light: a first visit well under the guard of 900 KB and 20 requests', async () => {
    const context = await sessions.newContext()
    const page = await sessions.newPage(context)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    let bytes = 0
    let requests = 0
    cdp.on('Network.requestWillBeSent', () => {
      requests += 1
    })
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength
    })
    await page.goto(await demoLink(suite.api, DEMO_ORGANISATIONS[1]))
    await questionnaireReady(page)
    await page.waitForLoadState('networkidle')
    // Generous on purpose: `pnpm bench:pages` measures the real budget (500 KB, 10 requests).
    expect(bytes / 1024).toBeLessThan(900)
    expect(requests).toBeLessThan(20)
  })
})
