import type { IndicatorMeta } from '@sonde/contracts'
import { formatNumber, t } from '../../i18n'

/**
 * A figure in the indicator's unit: a proportion (0–1) as a percentage, euros as whole euros,
 * anything else as a number followed by its unit.
 */
export function formatIndicatorValue(value: number, meta: Pick<IndicatorMeta, 'unit'>): string {
  if (meta.unit === 'proportion') return formatNumber(value, { style: 'percent', maximumFractionDigits: 1 })
  if (meta.unit === 'EUR') return formatNumber(value, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
  const digits = Math.abs(value) >= 100 ? 0 : 1
  return `${formatNumber(value, { maximumFractionDigits: digits })} ${meta.unit}`.trim()
}

/** The unit in words where Sonde knows it (a proportion, euros), as the API gives it otherwise. */
export function unitLabel(unit: string): string {
  if (unit === 'proportion') return t('research.unit.proportion')
  if (unit === 'EUR') return t('research.unit.EUR')
  return unit
}
