import { t } from '../../i18n'
import { formatDecimal, NO_VALUE } from '../../i18n/format'

/** One field of an audit event's details, as a person reads it. */
export interface DetailEntry {
  key: string
  value: string
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return NO_VALUE
  if (typeof value === 'number') return formatDecimal(value)
  if (typeof value === 'boolean') return t(value ? 'admin.audit.yes' : 'admin.audit.no')
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(describe).join(', ')
  return JSON.stringify(value)
}

/**
 * The details of an audit event, one field a line: nested fields by their path
 * (`settings.minCellSize`), numbers in the interface's format ("1 234", "0,5"), lists joined,
 * yes/no in words. The keys stay as the API records them: they are what a filter or a script finds.
 */
export function detailEntries(details: Record<string, unknown>, prefix = ''): DetailEntry[] {
  return Object.entries(details).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? detailEntries(value as Record<string, unknown>, `${prefix}${key}.`)
      : [{ key: `${prefix}${key}`, value: describe(value) }],
  )
}
