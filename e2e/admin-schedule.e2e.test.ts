import { describe, expect, it } from 'vitest'
import { addOrganisation, createWave, unique, useStaffConsole } from './admin-support'
import { axeViolations } from './harness'

// The wave's calendar (issue 11, point 4): staff set the dates and a reminder in the console,
// read what the scheduler will do in words, and the respondent sees the deadline.

const staff = useStaffConsole()

describe('the calendar of a wave', () => {
  it('staff plan the opening, the closing and a reminder in Paris time; the respondent reads the deadline', async () => {
    const wave = await createWave(staff.admin, 'Enquête programmée')
    const organisation = await addOrganisation(staff.admin, wave.id, { name: `Atelier ${unique('cal')}`, email: `${unique('cal')}@example.org` })

    const page = await staff.openAsAdmin(`/admin/waves/${wave.id}`)
    const calendar = page.getByRole('form', { name: 'Calendrier' })
    await calendar.waitFor()
    await calendar.getByText('Rien n’est programmé : la vague s’ouvre et se clôture à la main.').waitFor()

    // A closing before the opening: refused in the form, the focus on the field that is wrong.
    await calendar.getByLabel('Ouverture (heure de Paris)').fill('2099-03-01T09:00')
    await calendar.getByLabel('Clôture (heure de Paris)').fill('2099-02-15T18:00')
    await calendar.getByRole('button', { name: 'Enregistrer le calendrier' }).click()
    await calendar.getByText('La clôture doit venir après l’ouverture.').waitFor()
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('datetime-local')
    expect((await staff.admin.json<{ opensAt: string | null }>('GET', `/api/waves/${wave.id}`)).opensAt).toBeNull()

    // Good dates and a reminder a week before the closing, typed with the keyboard.
    await calendar.getByLabel('Clôture (heure de Paris)').fill('2099-03-15T23:59')
    await calendar.getByRole('button', { name: 'Ajouter une relance' }).click()
    // The focus goes to the new reminder's field.
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'number')
    await page.keyboard.type('7')
    expect(await calendar.getByLabel('Relance 1 : jours avant la clôture').inputValue()).toBe('7')
    await calendar.getByRole('button', { name: 'Enregistrer le calendrier' }).click()
    await calendar.getByRole('status').getByText('Modifications enregistrées.').waitFor()

    // What the scheduler will do, in words and in Paris time (winter: UTC+1).
    await calendar.getByText(/^La vague s’ouvrira le 1er mars 2099 à 9\sh\s00\.$/).waitFor()
    await calendar.getByText(/^Relance prévue le 8 mars 2099 à 9\sh\s00 aux organisations qui n’ont pas répondu \(7\sjours avant la clôture\)\.$/).waitFor()
    await calendar.getByText(/^La vague se clôturera le 15 mars 2099 à 23\sh\s59\.$/).waitFor()
    expect(await staff.admin.json('GET', `/api/waves/${wave.id}`)).toMatchObject({
      opensAt: '2099-03-01T08:00:00.000Z',
      closesAt: '2099-03-15T22:59:00.000Z',
      settings: { reminderDays: [7] },
    })
    expect(await axeViolations(page)).toEqual([])

    // Reloaded, the form shows what was saved.
    await page.reload()
    await calendar.waitFor()
    expect(await calendar.getByLabel('Ouverture (heure de Paris)').inputValue()).toBe('2099-03-01T09:00')
    expect(await calendar.getByLabel('Clôture (heure de Paris)').inputValue()).toBe('2099-03-15T23:59')

    // Opened by hand before the date: the planned closing stays.
    await page.getByRole('button', { name: 'Ouvrir la vague' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Ouvrir la vague' }).click()
    await page.getByText(/^Clôture prévue le 15 mars 2099 à 23\sh\s59 \(heure de Paris\)\.$/).waitFor()

    // The respondent reads the deadline at the top of the questionnaire, in French and in English.
    const respondent = await staff.pages.open()
    await respondent.goto(organisation.invitation.link)
    await respondent.getByText(/^Questionnaire ouvert jusqu’au 15 mars 2099 à 23\sh\s59 \(heure de Paris\)\.$/).waitFor()
    await respondent.goto(`${organisation.invitation.link}?lang=en`)
    await respondent.getByText('Questionnaire open until 15 March 2099 at 23:59 (Paris time).').waitFor()

    // Closed (by hand: the closing becomes now), the page says until when it was open.
    const closed = await staff.admin.json<{ closesAt: string }>('POST', `/api/waves/${wave.id}/close`)
    await respondent.goto(organisation.invitation.link)
    await respondent.getByRole('heading', { name: 'Le questionnaire n’est plus ouvert' }).waitFor()
    const day = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(closed.closesAt)).replace(/^1 /, '1er ')
    await respondent.getByText(new RegExp(`^Il était ouvert jusqu’au ${day} à \\d{1,2}\\sh\\s\\d{2} \\(heure de Paris\\)\\.$`)).waitFor()
    expect(await axeViolations(respondent)).toEqual([])
  })

  it('a draft whose opening and closing both passed while the server was stopped stays a draft, and the console says why', async () => {
    const wave = await createWave(staff.admin, 'Enquête manquée')
    const opensAt = new Date(Date.now() + 5_000)
    const closesAt = new Date(Date.now() + 8_000)
    await staff.admin.json('PATCH', `/api/waves/${wave.id}`, { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() })
    // Down over both dates; the pass at start-up finds them passed.
    await staff.server.restart(() => new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt.getTime() + 1_000 - Date.now()))))

    const page = await staff.openAsAdmin(`/admin/waves/${wave.id}`)
    const calendar = page.getByRole('form', { name: 'Calendrier' })
    await calendar.getByText(/^L’ouverture prévue le .+ n’a pas eu lieu\s: la clôture prévue le .+ était déjà passée \(le serveur était arrêté\)\./).waitFor()
    expect((await staff.admin.json<{ status: string }>('GET', `/api/waves/${wave.id}`)).status).toBe('draft')
    expect(await axeViolations(page)).toEqual([])

    await page.goto(`${staff.server.baseUrl}/admin/waves/${wave.id}?lang=en`)
    await page
      .getByRole('form', { name: 'Schedule' })
      .getByText(/^The opening planned on .+ did not happen: the closing planned on .+ had already passed/)
      .waitFor()
  })
})
