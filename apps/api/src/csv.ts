/** A file name made by the server from a wave's slug, never from the request. */
export function exportFileName(slug: string, what: string, extension = 'csv'): string {
  const safe =
    slug
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 60) || 'vague'
  return `sonde-${safe}-${what}.${extension}`
}
