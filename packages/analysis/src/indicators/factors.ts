import type { Factor } from './types'

const ADEME_2022 = "ADEME 2022, évaluation de l'impact environnemental des produits reconditionnés (valeur citée par la presse)"
const ADEME_ARCEP_2022 =
  "ADEME–Arcep 2022, évaluation de l'impact environnemental du numérique en France (fabrication et distribution), via la base Impact CO2 de l'ADEME"

/**
 * Environmental factors of the default indicators (docs/indicators.md, "Environmental factors"). Only the smartphone and
 * the laptop have a published avoided-impact factor per year of use; tablets, desktops and screens
 * have none there, so they are left out of the derived totals rather than guessed.
 */
export const ademe2022Factors = {
  smartphoneCo2e: { value: 24.6, unit: 'kg CO2e / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
  laptopCo2e: { value: 27, unit: 'kg CO2e / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
  smartphoneMaterials: { value: 76.9, unit: 'kg / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
  laptopMaterials: { value: 127, unit: 'kg / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
} as const satisfies Record<string, Factor>

/**
 * Greenhouse gases emitted to make and distribute a new device (ADEME–Arcep 2022; docs/indicators.md,
 * "Environmental factors"): what a refurbished device spares when it replaces the purchase of a new one.
 */
export const ademeArcep2022Factors = {
  smartphone: { value: 85.1, unit: 'kg CO2e / appareil neuf', source: ADEME_ARCEP_2022, version: 'ademe-arcep-2022' },
  laptop: { value: 182.6, unit: 'kg CO2e / appareil neuf', source: ADEME_ARCEP_2022, version: 'ademe-arcep-2022' },
  tablet: { value: 59.7, unit: 'kg CO2e / appareil neuf', source: ADEME_ARCEP_2022, version: 'ademe-arcep-2022' },
  desktop: { value: 204.4, unit: 'kg CO2e / unité centrale neuve (sans écran)', source: ADEME_ARCEP_2022, version: 'ademe-arcep-2022' },
  screen: { value: 65.9, unit: 'kg CO2e / écran 24 pouces neuf', source: ADEME_ARCEP_2022, version: 'ademe-arcep-2022' },
} as const satisfies Record<string, Factor>

/**
 * One full-time equivalent is 1 607 hours a year, the legal annual working time of a full-time
 * employee in France (35 h a week over the year, including the solidarity day): volunteer FTE =
 * volunteer hours / 1 607 (docs/indicators.md, "Indicator catalogue").
 */
export const fullTimeEquivalentFactor: Factor = {
  value: 1 / 1607,
  unit: 'ETP / heure (1 ETP = 1 607 h)',
  source: 'Durée légale annuelle du travail à temps plein en France : 1 607 heures (Code du travail)',
  version: 'fr-1607h',
}
