import type { PublicResults } from '@sonde/contracts'
import { getLang } from '../i18n'
import { pt } from './messages'
import { downloadLinks, licenceUrl } from './view-model'

/** The files of the release shown, and the open licence staff put them under, named and linked. */
export function OpenData({ results }: { results: PublicResults }) {
  const links = downloadLinks(results.wave.slug)
  const licence = pt(`public.licence.${results.licence}`)
  const [before, after] = pt('public.downloads.licence', { licence: '\u0000' }).split('\u0000')
  return (
    <section className="public-open-data" aria-labelledby="open-data">
      <h2 id="open-data">{pt('public.downloads.heading')}</h2>
      <ul className="public-downloads">
        <li>
          <a href={links.csv} download>
            {pt('public.downloads.csv')}
          </a>
        </li>
        <li>
          <a href={links.excel} download>
            {pt('public.downloads.excel')}
          </a>
        </li>
        <li>
          <a href={links.dataPackage} download>
            {pt('public.downloads.package')}
          </a>
        </li>
      </ul>
      <p>
        {before}
        <a href={licenceUrl(results.licence, getLang())} rel="license">
          {licence}
        </a>
        {after}
      </p>
    </section>
  )
}
