import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  DEMO_ORGANISATIONS,
  demoLink,
  questionnaireReady,
  respondentSuite,
  screenshot,
  seriousViolations,
  typeInto,
  waitUntilSaved,
} from './respondent-support'

// What a questionnaire shows: its own HTML cleaned at display, answers piped into its texts shown as
// text, and its language following the interface when it has one.
let link: string
let frenchOnlyLink: string
const suite = respondentSuite()
const { sessions } = suite

const ATTACK = '<img src=x onerror=alert(1)><script>alert(2)</script>'

/** HTML that is not on the allow-list: a style sheet, an image, a form, an `ftp:` link, an `<h1>`, a script. */
const DIRTY_GREETING =
  '<p>Bonjour <strong>{nom}</strong> !</p><style>main { display: none }</style><img src="/pixel.png" alt="pixel">' +
  '<form action="/ailleurs"><input name="x"></form><p><a href="ftp://example.org/f">ftp</a> ' +
  '<a href="https://example.org/doc">Documentation</a></p><h1>Grand titre</h1><script>alert(3)</script>'

/**
 * A questionnaire in French and English whose texts pipe the first answer (`{nom}`), with HTML off
 * the allow-list, which the server cleans on save.
 */
const questionnaire = {
  title: { default: 'Questionnaire d’essai', en: 'Trial questionnaire' },
  pages: [
    {
      name: 'essai',
      title: { default: 'Première page', en: 'First page' },
      elements: [
        { type: 'text', name: 'nom', title: { default: 'Votre nom', en: 'Your name' } },
        {
          type: 'html',
          name: 'accueil',
          html: {
            default: DIRTY_GREETING,
            en: '<p>Hello <strong>{nom}</strong>!</p>',
          },
        },
        {
          type: 'comment',
          name: 'remarque',
          title: { default: 'Une remarque pour {nom} ?', en: 'A remark for {nom}?' },
          description: { default: 'Écrite <em>pour</em> {nom}.', en: 'Written <em>for</em> {nom}.' },
        },
      ],
    },
  ],
}

/** An open wave with `definition` as its questionnaire and one member; returns the member's link. */
async function openWaveWith(slug: string, definition: object, member: { name: string; email: string }): Promise<string> {
  const wave = await suite.api.json<{ id: string }>('POST', '/api/waves', { slug, title: `Essai ${slug}` }, 201)
  await suite.api.json('PUT', `/api/waves/${wave.id}/questionnaire`, definition)
  const organisation = await suite.api.json<{ invitation: { link: string } }>('POST', `/api/waves/${wave.id}/organisations`, member, 201)
  await suite.api.json('POST', `/api/waves/${wave.id}/open`)
  return organisation.invitation.link
}

beforeAll(async () => {
  link = await openWaveWith('essai-contenu', questionnaire, { name: 'Association d’essai', email: 'essai@example.org' })
  frenchOnlyLink = await openWaveWith(
    'essai-francais',
    {
      title: 'Questionnaire en français seulement',
      pages: [{ name: 'p1', title: 'Première page', elements: [{ type: 'text', name: 'nom', title: 'Votre nom' }] }],
    },
    { name: 'Association francophone', email: 'francais@example.org' },
  )
})

/** Every dialog the page opens (an `alert()` that ran would be one). */
function recordDialogs(page: Page): string[] {
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return dialogs
}

const greeting = (page: Page) => page.locator('[data-name="accueil"]')

describe('the content of a questionnaire on the page', () => {
  it('shows an answer with markup as text wherever it is piped, and runs nothing', async () => {
    const page = await sessions.openQuestionnaire(link)
    const dialogs = recordDialogs(page)

    await typeInto(page.getByRole('textbox', { name: 'Votre nom' }), ATTACK)
    await waitUntilSaved(page)
    await expect.poll(() => greeting(page).innerText()).toContain(`Bonjour ${ATTACK} !`)
    expect(await page.locator('.sd-question__title', { hasText: 'Une remarque pour' }).innerText()).toContain(`Une remarque pour ${ATTACK} ?`)
    expect(await page.locator('main').innerText()).toContain(`Écrite pour ${ATTACK}.`)
    expect(await page.locator('main img, main script:not([type="application/json"])').count()).toBe(0)
    await screenshot(page, 'piped-answer-as-text')

    await page.reload()
    await questionnaireReady(page)
    expect(await page.getByRole('textbox', { name: 'Votre nom' }).inputValue()).toBe(ATTACK)
    await expect.poll(() => greeting(page).innerText()).toContain(`Bonjour ${ATTACK} !`)
    expect(await page.locator('main img').count()).toBe(0)
    await page.waitForTimeout(300)
    expect(dialogs).toEqual([])

    // Stored verbatim: escaping is the page's job, not a change to the answer.
    const token = new URL(link).pathname.split('/').pop()
    const view = (await (await fetch(`${suite.server.baseUrl}/api/r/${token}`)).json()) as { response: { answers: Record<string, unknown> } }
    expect(view.response.answers.nom).toBe(ATTACK)
  })

  it.each([
    ['as the server stored it, cleaned on save', false],
    ['cleaned again at display, should the server ever send it dirty', true],
  ])('shows only the allow-listed HTML of the questionnaire: %s', async (_label, dirty) => {
    const page = await sessions.newPage()
    const dialogs = recordDialogs(page)
    let served = 0
    if (dirty) {
      // The questionnaire as it would be had nothing cleaned it on save (an older version, a database edited by hand).
      await page.route('**/api/r/*', async (route) => {
        const response = await route.fetch()
        const body = (await response.json()) as { questionnaire: typeof questionnaire }
        const greetingElement = body.questionnaire.pages[0]!.elements[1] as { html: { default: string } }
        expect(greetingElement.html.default).not.toContain('<img')
        greetingElement.html.default = DIRTY_GREETING
        served++
        await route.fulfill({ response, json: body })
      })
    }
    await page.goto(link)
    await questionnaireReady(page)
    const html = greeting(page)
    await html.getByText('Documentation').waitFor()
    expect(served > 0).toBe(dirty)
    for (const selector of ['style', 'img', 'form', 'input', 'h1', 'script']) expect(await html.locator(selector).count(), selector).toBe(0)
    expect(dialogs).toEqual([])
    // The text of a dropped heading stays; the page is still shown (the style sheet did not apply).
    expect(await html.innerText()).toContain('Grand titre')
    expect(await page.locator('main').isVisible()).toBe(true)
    expect(await html.getByText('ftp').evaluate((element) => element.getAttribute('href'))).toBeNull()
    const documentation = html.getByRole('link', { name: 'Documentation' })
    expect(await documentation.getAttribute('href')).toBe('https://example.org/doc')
    expect(await documentation.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('speaks the interface language when the questionnaire has it, and says so when it does not', async () => {
    const english = await sessions.newPage()
    await english.goto(`${link}?lang=en`)
    await english
      .getByRole('button', { name: /^(Next|Complete)$/ })
      .first()
      .waitFor()
    expect(await english.locator('html').getAttribute('lang')).toBe('en')
    expect(await english.getByRole('heading', { level: 1 }).textContent()).toBe('Trial questionnaire')
    expect(await english.getByRole('textbox', { name: 'Your name' }).count()).toBe(1)
    expect(await english.getByText('This questionnaire is only available in French.').count()).toBe(0)
    expect(await seriousViolations(english)).toEqual([])

    // The 2025 questionnaire of the demo wave has its English texts too.
    const demo = await sessions.newPage()
    await demo.goto(`${await demoLink(suite.api, DEMO_ORGANISATIONS[0])}?lang=en`)
    await demo
      .getByRole('button', { name: /^(Next|Complete)$/ })
      .first()
      .waitFor()
    expect(await demo.getByRole('heading', { level: 1 }).textContent()).toBe(
      '2025 impact survey of the digital actors of the social and solidarity economy (ESS)',
    )
    expect(await demo.getByRole('textbox', { name: 'Name of the organisation' }).count()).toBe(1)
    expect(await demo.getByText('This questionnaire is only available in French.').count()).toBe(0)
    expect(await seriousViolations(demo)).toEqual([])

    // A questionnaire in French only: English around it, French inside, marked as such.
    const french = await sessions.newPage()
    await french.goto(`${frenchOnlyLink}?lang=en`)
    await questionnaireReady(french)
    await french.getByText('This questionnaire is only available in French.').waitFor()
    expect(await french.locator('[lang="fr"]:has(.sd-root-modern)').count()).toBe(1)
    expect(await french.getByRole('navigation', { name: 'Questionnaire contents' }).count()).toBe(1)
    expect(await seriousViolations(french)).toEqual([])
    await screenshot(french, 'english-interface-french-questionnaire')
  })
})
