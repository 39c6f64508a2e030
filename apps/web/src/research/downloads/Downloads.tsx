import { t } from '../../i18n'

interface DownloadsProps {
  waveId: string
  dimension: string | null
  /** The release shown (its id), or `live` for staff's provisional computation: the files are the same. */
  release: string
  /** The reader may download protected microdata (staff, or a researcher an admin allowed). */
  microdata: boolean
}

/** The researchers' files of the release shown; the server names them. */
export function Downloads({ waveId, dimension, release, microdata }: DownloadsProps) {
  const base = `/api/waves/${encodeURIComponent(waveId)}/exports`
  const href = (file: string, params: Record<string, string> = {}) => `${base}/${file}?${new URLSearchParams({ release, ...params }).toString()}`
  const links: { href: string; text: string }[] = [
    { href: href('indicators.csv'), text: t('research.downloads.csv') },
    { href: href('indicators.csv', { dialect: 'excel-fr' }), text: t('research.downloads.excel') },
    ...(dimension
      ? [
          { href: href('indicators.csv', { dimension }), text: t('research.downloads.crossed') },
          { href: href('indicators.csv', { dimension, dialect: 'excel-fr' }), text: t('research.downloads.crossedExcel') },
        ]
      : []),
    ...(microdata
      ? [
          { href: href('responses.csv'), text: t('research.downloads.responses') },
          { href: href('responses.csv', { dialect: 'excel-fr' }), text: t('research.downloads.responsesExcel') },
        ]
      : []),
    { href: href('codebook.csv'), text: t('research.downloads.codebook') },
    { href: href('datapackage.zip'), text: t(microdata ? 'research.downloads.package' : 'research.downloads.packageWithout') },
  ]
  return (
    <>
      <ul className="downloads">
        {links.map((link) => (
          <li key={link.href}>
            <a href={link.href} download>
              {link.text}
            </a>
          </li>
        ))}
      </ul>
      <p className="muted research-note">{t(microdata ? 'research.downloads.note' : 'research.downloads.noMicrodata')}</p>
    </>
  )
}
