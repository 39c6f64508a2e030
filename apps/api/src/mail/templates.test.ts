import { describe, expect, it } from 'vitest'
import { defaultTemplates } from '@sonde/contracts'
import { ORGANISATION_LINE_MAX, organisationLine, renderTemplate } from './templates'

// What a mail reader turns into a link in plain text: a scheme, a "www." host, a bare domain, an
// address (the patterns of common linkifiers, e.g. linkify-it's fuzzy links and e-mails).
const LINK_LIKE = /[a-z][a-z0-9+.-]*:\/\/|www\.|[\p{L}\p{N}-]+\.[a-z]{2,}\b|[^\s@]+@[^\s@]+\.[^\s@]+/iu

describe('the organisation’s name in an e-mail', () => {
  it.each([
    ['a plain name', 'Atelier Numérique Solidaire', 'Atelier Numérique Solidaire'],
    ['line breaks and tabs', 'Acme\r\nBcc: victim@example.org\tSuite', 'Acme Bcc: victim＠example․org Suite'],
    ['a Unicode line separator', 'Acme\u2028Cliquez ici', 'Acme Cliquez ici'],
    ['markup', '<a href="https://evil.example">Acme</a>', '‹a href="https:⁄⁄evil․example"›Acme‹/a›'],
    ['a bare domain', 'Rendez-vous sur evil.example.com', 'Rendez-vous sur evil․example․com'],
    ['a web address', 'Acme http://192.168.0.1/r/abc', 'Acme http:⁄⁄192․168․0․1/r/abc'],
    ['direction overrides and invisible characters', 'Acme\u202Emoc.live\u200B', 'Acmemoc․live'],
    ['full-width dots', 'evil．example', 'evil․example'],
  ])('writes %s as one line of data', (_label, name, expected) => {
    expect(organisationLine(name)).toBe(expected)
  })

  it('keeps sentences and initials readable: only dots between letters or digits change', () => {
    expect(organisationLine('Assoc. des Amis du Libre.')).toBe('Assoc. des Amis du Libre.')
  })

  it('cuts a long name at the cap with an ellipsis, without splitting a character', () => {
    const line = organisationLine('🙂'.repeat(300))
    expect([...line]).toHaveLength(ORGANISATION_LINE_MAX)
    expect(line.endsWith('🙂…')).toBe(true)
  })

  it('cannot add a header, a line or a link to the message it is put in', () => {
    const name = 'Acme\r\nX-Injected: oui\r\n\r\nVotre lien : https://evil.example/r/abc www.evil.example victim@evil.example'
    const { subject, body } = renderTemplate(defaultTemplates.invitation, { organisation: name, vague: 'Enquête 2025', closesAt: null })
    expect(subject).toBe(
      'Enquête 2025\u00A0: le questionnaire d’«\u00A0Acme X-Injected: oui Votre lien : https:⁄⁄evil․example/r/abc www․evil․example victim＠evil․example\u00A0»',
    )
    expect(subject).not.toMatch(/[\r\n]/)
    const lines = body.split('\n')
    expect(lines.filter((line) => line.includes('Acme'))).toHaveLength(1)
    expect(lines.some((line) => line.startsWith('X-Injected'))).toBe(false)
    expect(body.replace('{{lien}}', '')).not.toMatch(LINK_LIKE)
  })
})

describe('the French of an e-mail', () => {
  it.each([
    ['Open Food France', 'Enquête 2025\u00A0: le questionnaire d’«\u00A0Open Food France\u00A0»'],
    ['Habitat et Humanisme', 'Enquête 2025\u00A0: le questionnaire d’«\u00A0Habitat et Humanisme\u00A0»'],
    ['Recyclerie du Val', 'Enquête 2025\u00A0: le questionnaire de «\u00A0Recyclerie du Val\u00A0»'],
  ])('elides "de" before %s and spaces the colon', (name, subject) => {
    expect(renderTemplate(defaultTemplates.invitation, { organisation: name, vague: 'Enquête 2025', closesAt: null }).subject).toBe(subject)
  })

  it('treats a template written by staff the same way, and leaves the values as they are', () => {
    const template = { subject: 'Rappel : {{vague}}', body: 'Bonjour, voici le lien de {{organisation}} pour l’enquête de {{vague}} ! Merci ; à bientôt ?' }
    const { subject, body } = renderTemplate(template, { organisation: 'Emmaüs : Connect', vague: 'Observatoire 2026', closesAt: null })
    expect(subject).toBe('Rappel\u00A0: Observatoire 2026')
    expect(body).toBe('Bonjour, voici le lien d’«\u00A0Emmaüs : Connect\u00A0» pour l’enquête d’Observatoire 2026\u202F! Merci\u202F; à bientôt\u202F?')
  })
})

describe('the deadline of an e-mail ({{date_limite}})', () => {
  it('fills the default reminder with the closing date and hour, and says nothing when there is none', () => {
    const values = { organisation: 'Atelier', vague: 'Enquête 2026' }
    expect(renderTemplate(defaultTemplates.reminder, { ...values, closesAt: '2026-03-15T22:59:00Z' }).body).toContain(
      'Le questionnaire est ouvert jusqu’au 15 mars 2026 à 23\u00A0h\u00A059 (heure de Paris).',
    )
    expect(renderTemplate(defaultTemplates.reminder, { ...values, closesAt: null }).body).not.toContain('jusqu’au')
  })
})
