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
      'Enquête 2025 : le questionnaire de «\u00A0Acme X-Injected: oui Votre lien : https:⁄⁄evil․example/r/abc www․evil․example victim＠evil․example\u00A0»',
    )
    expect(subject).not.toMatch(/[\r\n]/)
    const lines = body.split('\n')
    expect(lines.filter((line) => line.includes('Acme'))).toHaveLength(1)
    expect(lines.some((line) => line.startsWith('X-Injected'))).toBe(false)
    expect(body.replace('{{lien}}', '')).not.toMatch(LINK_LIKE)
  })
})
