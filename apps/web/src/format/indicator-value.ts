import type { IndicatorMeta } from '@sonde/contracts'
import { t } from '../i18n'
import { formatMeasure } from '../i18n/format'

/**
 * A figure in the indicator's unit (`formatMeasure`): a proportion (0–1) as a percentage, euros
 * in euros, anything else rounded for display and followed by its unit ("24,6 kg CO2e"); a dash
 * when there is none.
 */
export function formatIndicatorValue(value: number | null, meta: Pick<IndicatorMeta, 'unit'>): string {
  return formatMeasure(value, meta.unit)
}

/** The unit in words where Sonde knows it (a proportion, euros), as the API gives it otherwise. */
export function unitLabel(unit: string): string {
  if (unit === 'proportion') return t('research.unit.proportion')
  if (unit === 'EUR') return t('research.unit.EUR')
  return unit
}
