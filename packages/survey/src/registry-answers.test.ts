import { describe, expect, it } from 'vitest'
import { defaultQuestionnaire } from './default-questionnaire'
import { registryAnswers, type RegistryOrganisation } from './registry-answers'

const ORGANISATION: RegistryOrganisation = {
  name: 'Recyclerie du Val',
  familyKeys: ['reemploi', 'insertion'],
  region: 'auvergne_rhone_alpes',
  siren: '123456789',
}

describe('registryAnswers', () => {
  it('answers the name, families, region and SIREN of the 2025 questionnaire from the registry', () => {
    expect(registryAnswers(defaultQuestionnaire, ORGANISATION)).toEqual({
      nom_organisation: 'Recyclerie du Val',
      familles: ['reemploi', 'insertion'],
      region: 'auvergne_rhone_alpes',
      siren: '123456789',
    })
  })

  it.each([
    ['Île-de-France', 'ile_de_france'],
    ['ile de france', 'ile_de_france'],
    ['  PROVENCE-ALPES-CÔTE D’AZUR ', 'provence_alpes_cote_d_azur'],
    ['La Réunion', 'la_reunion'],
    ['bretagne', 'bretagne'],
    ['National', 'national'],
  ])('reads the region %s as the choice %s (case, accents and punctuation aside)', (region, expected) => {
    expect(registryAnswers(defaultQuestionnaire, { ...ORGANISATION, region }).region).toBe(expected)
  })

  it('leaves out what the questionnaire cannot hold: an unknown region, a family it does not offer, a malformed SIREN', () => {
    const answers = registryAnswers(defaultQuestionnaire, { name: ' Atelier ', familyKeys: ['inconnue'], region: 'Atlantide', siren: '1234' })
    expect(answers).toEqual({ nom_organisation: 'Atelier' })
  })

  it('answers only the questions a questionnaire has', () => {
    const definition = {
      pages: [
        {
          name: 'p',
          elements: [
            { type: 'text', name: 'nom_organisation', title: 'Nom' },
            { type: 'text', name: 'ville', title: 'Ville' },
          ],
        },
      ],
    }
    expect(registryAnswers(definition, ORGANISATION)).toEqual({ nom_organisation: 'Recyclerie du Val' })
  })
})
