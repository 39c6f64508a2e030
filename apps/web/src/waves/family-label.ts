import type { Family } from '@sonde/contracts'
import { getLang } from '../i18n'

/** A family's name in the interface language. */
export function familyLabel(family: Pick<Family, 'labelFr' | 'labelEn'>): string {
  return getLang() === 'en' ? family.labelEn : family.labelFr
}
