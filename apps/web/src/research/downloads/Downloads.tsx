import { t } from '../../i18n'

/** The researchers' files of a wave; the server names them. */
export function Downloads({ waveId, dimension }: { waveId: string; dimension: string | null }) {
  const base = `/api/waves/${encodeURIComponent(waveId)}/exports`
  const crossed = dimension ? `?dimension=${encodeURIComponent(dimension)}` : ''
  const links: { href: string; text: string }[] = [
    { href: `${base}/indicators.csv`, text: t('research.downloads.csv') },
    { href: `${base}/indicators.csv?dialect=excel-fr`, text: t('research.downloads.excel') },
    ...(dimension
      ? [
          { href: `${base}/indicators.csv${crossed}`, text: t('research.downloads.crossed') },
          { href: `${base}/indicators.csv${crossed}&dialect=excel-fr`, text: t('research.downloads.crossedExcel') },
        ]
      : []),
    { href: `${base}/responses.csv`, text: t('research.downloads.responses') },
    { href: `${base}/responses.csv?dialect=excel-fr`, text: t('research.downloads.responsesExcel') },
    { href: `${base}/codebook.csv`, text: t('research.downloads.codebook') },
    { href: `${base}/datapackage.zip`, text: t('research.downloads.package') },
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
      <p className="muted research-note">{t('research.downloads.note')}</p>
    </>
  )
}
