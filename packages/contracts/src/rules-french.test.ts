import { describe, expect, it } from 'vitest'
import { elideDeBefore, elidesBefore, frenchSpacing } from './rules'

describe('French elision before a name', () => {
  it.each([
    ['Open Food France', true],
    ['Atelier Numérique', true],
    ['Écologie Solidaire', true],
    ['À plusieurs', true],
    ['Œuvre commune', true],
    ['Île-de-France Communs', true],
    ['Ulule', true],
    ['Yvelines Numérique', true],
    ['Habitat et Humanisme', true],
    ['Hôpital Solidaire', true],
    ['Yes We Camp', false],
    ['Hauts-de-France Numérique', false],
    ['Recyclerie du Val', false],
    ['123 Soleil', false],
    ['« Tiers-lieu »', false],
    ['', false],
    ['equipe-3f@example.org', false],
    ['https://exemple.org', false],
  ])('%s → %s', (name, elides) => expect(elidesBefore(name)).toBe(elides))

  it.each([
    ['le questionnaire de {{organisation}}', 'Open Food France', 'le questionnaire d’{{organisation}}'],
    ['le questionnaire de {{organisation}}', 'Recyclerie du Val', 'le questionnaire de {{organisation}}'],
    ['De {{organisation}} et de {{organisation}}', 'Emmaüs Connect', 'D’{{organisation}} et d’{{organisation}}'],
    ['Indicateurs de « {wave} »', 'Enquête 2025', 'Indicateurs d’« {wave} »'],
    // Only the word "de", before this very placeholder.
    ['Monde {name}, de {other}', 'Atelier', 'Monde {name}, de {other}'],
    ['la fiche de {organisation}.', 'Atelier', 'la fiche d’{organisation}.'],
  ])('%s with %s → %s', (template, value, expected) => {
    const placeholder = /\{\{?(\w+)\}\}?/.exec(template)![0]
    expect(elideDeBefore(template, placeholder, value)).toBe(expected)
  })
})

describe('French spacing', () => {
  it.each([
    ['Finalité : vous envoyer', 'Finalité\u00A0: vous envoyer'],
    ['Ouvrir « {wave} » ?', 'Ouvrir «\u00A0{wave}\u00A0»\u202F?'],
    ['supprimés ; sa ligne', 'supprimés\u202F; sa ligne'],
    ['Attention !', 'Attention\u202F!'],
    ['règle des 15 %', 'règle des 15\u202F%'],
    ['au-delà de 12 500 caractères', 'au-delà de 12\u202F500 caractères'],
    ['de 1 234 567 €', 'de 1\u202F234\u202F567 €'],
    // Not a number with thousands, and no space to replace.
    ['les vagues 2025 2026', 'les vagues 2025 2026'],
    ['https://exemple.org/?lang=fr', 'https://exemple.org/?lang=fr'],
    ['déjà\u00A0: bon', 'déjà\u00A0: bon'],
  ])('%s', (text, expected) => expect(frenchSpacing(text)).toBe(expected))
})
