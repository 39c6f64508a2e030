import './staff'
import { API_ERROR_CODES } from '@sonde/contracts'
import { describe, expect, it } from 'vitest'
import { en } from './en'
import { enStaff } from './en-staff'
import { fr } from './fr'
import { frStaff } from './fr-staff'
import { errorMessage, t, type MessageKey } from './index'

// Words that give an English sentence away; none is a French word.
const ENGLISH = /\b(the|is|are|was|were|your|this|please|not|try|again|wrong|found|already)\b/i

describe('every error of the API, said to the person in their language', () => {
  it.each(API_ERROR_CODES)('%s has a French sentence and an English one', (code) => {
    const key = `error.${code}` as const
    expect(fr[key], `fr.ts lacks ${key}`).toBeTruthy()
    expect(en[key], `en.ts lacks ${key}`).toBeTruthy()
    expect(fr[key]).not.toBe(en[key])
    expect(fr[key]).not.toMatch(ENGLISH)
    expect(en[key]).toMatch(/^[A-Z][^]*[.!]$/)
  })

  it.each(API_ERROR_CODES)('%s reads as its own sentence on the respondent’s and the open link’s pages, never as the API’s message', (code) => {
    const shown = errorMessage(code)
    expect(shown).not.toContain(code)
    expect(shown).not.toMatch(ENGLISH)
    expect(shown).toBe(t(`error.${code}`))
  })

  it('names the code of an error it does not know, in French, and says when the server does not answer', () => {
    expect(errorMessage('SOMETHING_NEW')).toBe('Une erreur inattendue est survenue (SOMETHING_NEW).')
    expect(errorMessage('NETWORK')).toBe(t('common.error.network'))
  })

  it('has no staff error message left in English', () => {
    const staffErrorKeys = Object.keys(frStaff).filter((key) => key.startsWith('admin.error.')) as (keyof typeof frStaff)[]
    expect(staffErrorKeys.length).toBeGreaterThan(5)
    for (const key of staffErrorKeys) {
      expect(frStaff[key], key).not.toMatch(ENGLISH)
      expect(frStaff[key], key).not.toBe(enStaff[key])
    }
  })
})

describe('French typography of every message', () => {
  const keys = [...Object.keys(fr), ...Object.keys(frStaff)] as MessageKey[]

  it.each([
    ['a space before a colon, semicolon, question or exclamation mark, or %', / [:;?!%]/],
    ['a space inside « »', /« | »/],
    ['a space between the thousands of a number', /\d \d{3}(?!\d)/],
  ])('shows no breaking %s', (_label, breaking) => {
    const wrong = keys.filter((key) => breaking.test(t(key)))
    expect(wrong).toEqual([])
    expect(keys.length).toBeGreaterThan(500)
  })

  it('elides "de" before a name that begins with a vowel or a mute h, and only then', () => {
    expect(t('admin.members.copyLink', { name: 'Open Food France' })).toBe('Copier le lien d’Open Food France')
    expect(t('admin.members.copyLink', { name: 'Habitat et Humanisme' })).toBe('Copier le lien d’Habitat et Humanisme')
    expect(t('admin.members.copyLink', { name: 'Recyclerie du Val' })).toBe('Copier le lien de Recyclerie du Val')
  })

  it('keeps the values put in a message as they are', () => {
    expect(t('admin.members.copyLink', { name: 'Atelier : 1 000 postes ?' })).toBe('Copier le lien d’Atelier : 1 000 postes ?')
  })
})
