import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { completeAnswers, submitThroughLink } from './admin-support'
import { respondentSuite, screenshot, seriousViolations } from './respondent-support'

// The organisation's own report, read through its link once staff publish a release to members.
const suite = respondentSuite()

const N = '\u202f'
const S = '\u00a0'
// Seven organisations of two families, budgets 1 607,5 € apart: the family median (254 822,5 €)
// is published and reads "254 823 €". One organisation alone in a third family: hidden.
const BUDGETS = [0, 1, 2, 3, 4, 5, 6].map((i) => 250000 + 1607.5 * i)
const BUDGET = 'Budget annuel (médiane et quartiles)'

let links: string[] = []
let aloneLink = ''

beforeAll(async () => {
  const { api } = suite
  const stamp = Date.now().toString(36)
  const wave = await api.json<{ id: string }>('POST', '/api/waves', { slug: `rapport-${stamp}`, title: 'Rapport des membres' }, 201)
  const add = async (name: string, familyKeys: string[]) =>
    (await api.json<{ invitation: { link: string } }>('POST', `/api/waves/${wave.id}/organisations`, { name, familyKeys }, 201)).invitation.link
  links = []
  for (const index of BUDGETS.keys()) links.push(await add(`Atelier ${index} ${stamp}`, ['insertion', 'reemploi']))
  aloneLink = await add(`Communs seuls ${stamp}`, ['communs'])
  await api.json('POST', `/api/waves/${wave.id}/open`)
  for (const [index, link] of links.entries()) {
    await submitThroughLink(link, { ...completeAnswers, familles: ['insertion', 'reemploi'], budget_annuel: BUDGETS[index], ree_smartphones: 3 })
  }
  await submitThroughLink(aloneLink, { ...completeAnswers, familles: ['communs'], budget_annuel: 90000 })
  await api.json('POST', `/api/waves/${wave.id}/releases`, { showMembers: true }, 201)
})

/** The cells of the row of `indicator` in the report's table for `group` (own value, median, quartiles, n). */
async function reportRow(page: Page, group: string, indicator: string): Promise<string[]> {
  const table = page.getByRole('table', { name: group, exact: true })
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: indicator, exact: true }) })
  return (await row.getByRole('cell').allTextContents()).slice(0, 4)
}

async function openReport(link: string, locale = 'fr-FR'): Promise<Page> {
  const context = await suite.sessions.newContext({ locale })
  const page = await suite.sessions.newPage(context)
  await page.goto(link)
  await page.getByRole('heading', { name: /^(Votre rapport|Your report)$/, level: 2 }).waitFor()
  return page
}

describe('the organisation’s own report', () => {
  for (const locale of ['fr-FR', 'en-US']) {
    it(`writes its figures in French in a browser set to ${locale}, with the release they come from`, async () => {
      const page = await openReport(links[0]!, locale)
      expect(await page.locator('.member-report').innerText()).toMatch(/Résultats publiés le \d{1,2} \S+ \d{4} \(publication n° 1\)\./)
      const budget = await reportRow(page, 'Insertion & formation numérique', BUDGET)
      expect(budget[0]).toBe(`250${N}000${S}€`)
      expect(budget[1]).toBe(`254${N}823${S}€`)
      expect(budget[2]).toMatch(new RegExp(`^(—|\\d{3}${N}\\d{3}${S}€ – \\d{3}${N}\\d{3}${S}€)$`))
      expect(budget[3]).toBe('7')
      for (const text of await page.locator('.member-report td').allTextContents()) {
        expect(text).not.toMatch(/\d\.\d|\d{4}|NaN|null|undefined/)
      }
      expect(await seriousViolations(page)).toEqual([])
    })
  }

  it('shows a hidden figure with the one mark, never why, and n as a dash', async () => {
    const page = await openReport(aloneLink)
    const budget = await reportRow(page, 'Communs numériques & open data', BUDGET)
    expect(budget.slice(1)).toEqual(['masqué — secret statistique', '—', '—'])
    const report = await page.locator('.member-report').innerText()
    expect(report).toContain('masqué — secret statistique\u00A0: ce chiffre n’est pas publié')
    expect(report).not.toMatch(/moins de \d+ organisations|règle des p %|dominance/)
    await screenshot(page, 'member-report-hidden', true)
  })

  it('is in English when the interface is English', async () => {
    const page = await openReport(`${links[1]!}?lang=en`, 'en-US')
    const budget = await reportRow(page, 'Work integration & digital training', 'Annual budget (median and quartiles)')
    expect(budget[0]).toBe('€251,608')
    expect(budget[1]).toBe('€254,823')
  })
})
