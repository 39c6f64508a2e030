import { getLang } from '../i18n'

const locales = { fr: 'fr-FR', en: 'en-GB' } as const

/** A calendar day from an ISO date or timestamp ("12 mars 2026"), or "" when there is none. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  // A bare YYYY-MM-DD is a day, not midnight UTC: read it as such wherever the browser is.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locales[getLang()], { dateStyle: 'medium' }).format(date)
}
