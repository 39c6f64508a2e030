import { AUDIT_ACTIONS, type AuditEvent } from '@sonde/contracts'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Lang } from '../../i18n'
import '../../i18n/staff'
import { detailEntries } from './audit-details'

const N = '\u202F'

describe('detailEntries', () => {
  it('writes the numbers of an audit event in French, nested fields by their path', () => {
    expect(
      detailEntries({
        created: 1234,
        updated: 0,
        lines: 10212.400000000003,
        settings: { minCellSize: 5, openLink: true, retentionUntil: null },
        fields: ['name', 'email'],
      }),
    ).toEqual([
      { key: 'created', value: `1${N}234` },
      { key: 'updated', value: '0' },
      { key: 'lines', value: `10${N}212` },
      { key: 'settings.minCellSize', value: '5' },
      { key: 'settings.openLink', value: 'oui' },
      { key: 'settings.retentionUntil', value: '—' },
      { key: 'fields', value: 'name, email' },
    ])
  })

  it('has nothing to show for an event without details', () => {
    expect(detailEntries({})).toEqual([])
  })
})

describe('auditSentence', () => {
  const event = (action: string, more: Partial<AuditEvent> = {}): AuditEvent => ({
    id: '1',
    at: '2026-03-02T10:00:00.000Z',
    actorType: 'user',
    actorId: 'u1',
    actorEmail: 'equipe@example.org',
    waveId: null,
    organisationName: 'Atelier X',
    action,
    details: {},
    ...more,
  })

  /** The sentence writer as a page in `lang` loads it: the language is read once, from the page's address. */
  async function sentencesIn(lang: Lang) {
    vi.resetModules()
    vi.stubGlobal('window', { location: { search: `?lang=${lang}` }, localStorage: { getItem: () => null } })
    await import('../../i18n/staff')
    return (await import('./audit-details')).auditSentence
  }

  afterEach(() => vi.unstubAllGlobals())

  it.each(['fr', 'en'] as const)('writes a whole sentence for every action the API records (%s)', async (lang) => {
    const auditSentence = await sentencesIn(lang)
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      const sentence = auditSentence(event(action))
      expect(sentence, action).not.toContain('admin.audit')
      expect(sentence, action).not.toMatch(/[{}]/)
      expect(sentence, action).toMatch(/^(equipe@example\.org|Atelier X|\p{Lu}).*\.$/u)
    }
  })

  it.each([
    [
      'fr',
      event('response.submitted', { actorType: 'respondent', actorEmail: null, details: { revision: 12 } }),
      'Atelier X a envoyé ses réponses (révision 12).',
    ],
    [
      'en',
      event('response.submitted', { actorType: 'respondent', actorEmail: null, details: { revision: 12 } }),
      'Atelier X submitted its responses (revision 12).',
    ],
    [
      'fr',
      event('organisations.import', { details: { created: 1234, updated: 0, lines: 1234 } }),
      `equipe@example.org a importé le fichier des membres (1${N}234 créées, 0 mises à jour).`,
    ],
    ['fr', event('invitation.revoke', { actorEmail: null }), 'Un compte a révoqué le lien d’invitation d’Atelier X.'],
    [
      'fr',
      event('retention.applied', { actorType: 'system', actorId: null, actorEmail: null, organisationName: null }),
      'Sonde a effacé les données personnelles arrivées au terme de leur durée de conservation.',
    ],
    ['fr', event('response.reopened', { actorType: 'respondent', organisationName: null }), 'Une organisation a rouvert ses réponses pour les modifier.'],
    ['fr', event('wave.copy', { details: {} }), 'equipe@example.org a créé la vague en copiant «\u00A0—\u00A0».'],
    [
      'fr',
      event('wave.open_blocked', {
        actorType: 'system',
        actorId: null,
        actorEmail: null,
        details: { opensAt: '2026-03-01T08:00:00.000Z', reason: 'no_questionnaire' },
      }),
      'Sonde n’a pas pu ouvrir la vague à la date prévue\u00A0: elle n’a pas de questionnaire.',
    ],
    [
      'fr',
      event('wave.open_blocked', {
        actorType: 'system',
        actorId: null,
        actorEmail: null,
        details: { opensAt: '2026-03-01T08:00:00.000Z', reason: 'closing_passed' },
      }),
      'Sonde n’a pas ouvert la vague à la date prévue\u00A0: sa clôture prévue était déjà passée.',
    ],
    [
      'en',
      event('wave.open_blocked', {
        actorType: 'system',
        actorId: null,
        actorEmail: null,
        details: { opensAt: '2026-03-01T08:00:00.000Z', reason: 'closing_passed' },
      }),
      'Sonde did not open the wave on its planned date: its planned closing had already passed.',
    ],
    ['fr', event('future.action'), 'future.action'],
  ] as const)('%s: %j', async (lang, given, expected) => {
    const auditSentence = await sentencesIn(lang)
    expect(auditSentence(given)).toBe(expected)
  })
})
