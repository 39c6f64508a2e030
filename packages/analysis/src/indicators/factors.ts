import type { Factor } from './types'

const ADEME_2022 =
  "ADEME 2022, évaluation de l'impact environnemental des produits reconditionnés (valeur citée par la presse)"

/**
 * Environmental factors of the default indicators (domain/indicators.md). Only the smartphone and
 * the laptop have a published avoided-impact factor per year of use; tablets, desktops and screens
 * have none there, so they are left out of the derived totals rather than guessed.
 */
export const ademe2022Factors = {
  smartphoneCo2e: { value: 24.6, unit: 'kg CO2e / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
  laptopCo2e: { value: 27, unit: 'kg CO2e / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
  smartphoneMaterials: { value: 76.9, unit: 'kg / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
  laptopMaterials: { value: 127, unit: 'kg / appareil / an', source: ADEME_2022, version: 'ademe-2022' },
} as const satisfies Record<string, Factor>
